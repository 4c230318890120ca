import { useEffect } from 'react';
import { InactivityWarning } from './components/InactivityWarning';
import type { KioskBridge, SessionCommand } from './contract';
import { messages } from './i18n';
import { MaintenanceGate } from './maintenance/MaintenanceGate';
import { AttractScreen } from './screens/AttractScreen';
import { JourneyScreen } from './screens/JourneyScreen';
import { preloadFaceAnalyser } from './face/use-face-frames';
import { useKioskView } from './use-kiosk';
import { useCameraReport } from './camera-status';

const ACTIVITY_INTERVAL_MS = 1000;

export function App({ bridge }: { bridge: KioskBridge }) {
  const view = useKioskView(bridge);
  useCameraReport(bridge);
  const language = view?.session.language ?? 'zh-CN';
  const m = messages(language);
  const send = (command: SessionCommand) => void bridge.call('session.send', command);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${m.subtitle} · ${m.title}`;
  }, [language, m]);

  // Large text and high contrast for the whole page, set by the session (reset when it ends).
  const largeText = view?.session.largeText ?? false;
  useEffect(() => {
    document.documentElement.classList.toggle('large-text', largeText);
  }, [largeText]);

  // Any touch during a session counts as activity and holds off the inactivity wipe.
  const inSession = view !== undefined && view.session.state !== 'attract';
  // The face models take a few seconds to load: start while the applicant reads the first steps.
  useEffect(() => {
    if (inSession) void preloadFaceAnalyser().catch(() => undefined);
  }, [inSession]);
  useEffect(() => {
    if (!inSession) return;
    // At most one ACTIVITY a second; a touch inside that second is sent when it ends, so
    // every touch (each key of the on-screen keyboard too) restarts the clock, never later than 1 s after.
    let last = 0;
    let trailing: ReturnType<typeof setTimeout> | undefined;
    const report = () => {
      last = Date.now();
      trailing = undefined;
      void bridge.call('session.send', { type: 'ACTIVITY' });
    };
    const onTouch = () => {
      const wait = last + ACTIVITY_INTERVAL_MS - Date.now();
      if (wait <= 0) report();
      else trailing ??= setTimeout(report, wait);
    };
    window.addEventListener('pointerdown', onTouch, { capture: true });
    return () => {
      window.removeEventListener('pointerdown', onTouch, { capture: true });
      clearTimeout(trailing);
    };
  }, [bridge, inSession]);

  if (!view) return <p className="status-line">{m.connecting}</p>;
  const { session, devices } = view;

  return (
    <MaintenanceGate bridge={bridge} attracting={session.state === 'attract'} language={language}>
      {session.state === 'attract' ? (
        <AttractScreen
          m={m}
          devices={devices}
          onStart={() => send({ type: 'START' })}
          onToggleLanguage={() => send({ type: 'SET_LANGUAGE', language: language === 'zh-CN' ? 'en' : 'zh-CN' })}
        />
      ) : (
        <JourneyScreen session={{ ...session, state: session.state }} m={m} send={send} bridge={bridge} />
      )}
      {session.inactivityWarning && session.inactivityDeadline !== null ? (
        <InactivityWarning deadline={session.inactivityDeadline} m={m} onContinue={() => send({ type: 'ACTIVITY' })} />
      ) : null}
    </MaintenanceGate>
  );
}
