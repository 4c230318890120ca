import { useEffect } from 'react';
import { InactivityWarning } from './components/InactivityWarning';
import type { KioskBridge, SessionCommand } from './contract';
import { messages } from './i18n';
import { AttractScreen } from './screens/AttractScreen';
import { WelcomeScreen } from './screens/WelcomeScreen';
import { useKioskView } from './use-kiosk';

export function App({ bridge }: { bridge: KioskBridge }) {
  const view = useKioskView(bridge);
  const language = view?.session.language ?? 'zh-CN';
  const m = messages(language);
  const send = (command: SessionCommand) => void bridge.call('session.send', command);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${m.subtitle} · ${m.title}`;
  }, [language, m]);

  // Any touch during a session counts as activity and holds off the inactivity wipe.
  const inSession = view !== undefined && view.session.state !== 'attract';
  useEffect(() => {
    if (!inSession) return;
    let last = 0;
    const onTouch = () => {
      if (Date.now() - last < 1000) return;
      last = Date.now();
      void bridge.call('session.send', { type: 'ACTIVITY' });
    };
    window.addEventListener('pointerdown', onTouch, { capture: true });
    return () => window.removeEventListener('pointerdown', onTouch, { capture: true });
  }, [bridge, inSession]);

  if (!view) return <p className="status-line">{m.connecting}</p>;
  const { session, devices } = view;

  return (
    <>
      {session.state === 'welcome' ? (
        <WelcomeScreen m={m} language={language} onLanguage={(l) => send({ type: 'SET_LANGUAGE', language: l })} onBack={() => send({ type: 'CANCEL' })} />
      ) : (
        <AttractScreen
          m={m}
          devices={devices}
          onStart={() => send({ type: 'START' })}
          onToggleLanguage={() => send({ type: 'SET_LANGUAGE', language: language === 'zh-CN' ? 'en' : 'zh-CN' })}
        />
      )}
      {session.inactivityWarning && session.inactivityDeadline !== null ? (
        <InactivityWarning deadline={session.inactivityDeadline} m={m} onContinue={() => send({ type: 'ACTIVITY' })} />
      ) : null}
    </>
  );
}
