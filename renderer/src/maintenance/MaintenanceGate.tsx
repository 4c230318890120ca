/**
 * Wraps the kiosk's screens and lays maintenance over them when a technician opens it:
 * five taps in the top-right corner within three seconds, or Ctrl+Alt+M, then the PIN.
 * The corner only listens on the attract screen (the core refuses anyway while an
 * applicant is served), so an applicant's taps never land there.
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import type { KioskBridge, Language } from '../contract';
import { maintenanceMessages } from './maintenance-messages';
import { MaintenancePanel } from './MaintenancePanel';
import { PinPad } from './PinPad';
import { createTapCounter, isMaintenanceChord, MAINTENANCE_GESTURE } from './tap-counter';
import { useMaintenance } from './use-maintenance';
import './maintenance.css';

export function MaintenanceGate({ bridge, attracting, language, children }: { bridge: KioskBridge; attracting: boolean; language: Language; children: ReactNode }) {
  const maintenance = useMaintenance(bridge);
  const m = maintenanceMessages(language);
  const { state, showPinPad } = maintenance;
  const corner = useMemo(() => createTapCounter(MAINTENANCE_GESTURE.taps, MAINTENANCE_GESTURE.withinMs), []);

  useEffect(() => {
    if (!attracting || state.phase !== 'closed') return;
    const onKey = (event: KeyboardEvent) => {
      if (!isMaintenanceChord(event)) return;
      event.preventDefault();
      showPinPad();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [attracting, state.phase, showPinPad]);

  return (
    <>
      {children}
      {attracting && state.phase === 'closed' ? (
        <div
          className="maintenance-corner"
          aria-hidden="true"
          data-maintenance-corner
          onPointerDown={(event) => {
            event.preventDefault();
            if (corner.tap(event.timeStamp)) showPinPad();
          }}
        />
      ) : null}
      {state.phase === 'pin' ? <PinPad m={m} onSubmit={maintenance.unlock} onCancel={maintenance.close} /> : null}
      {state.phase === 'new-pin' ? (
        <PinPad m={m} title={m.newPinTitle} hint={m.newPinHint} onSubmit={maintenance.changePin} onCancel={() => void maintenance.lock()} />
      ) : null}
      {state.phase === 'open' ? <MaintenancePanel bridge={bridge} maintenance={maintenance} language={language} /> : null}
    </>
  );
}
