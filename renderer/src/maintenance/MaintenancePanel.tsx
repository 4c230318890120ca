/** The maintenance screens: one tab per concern, leave (back to attract) and exit to the desktop. */
import { useState } from 'react';
import type { KioskBridge, Language } from '../contract';
import { CameraTab } from './CameraTab';
import { ConfigTab } from './ConfigTab';
import { CountersTab } from './CountersTab';
import { DevicesTab } from './DevicesTab';
import { LogsTab } from './LogsTab';
import { maintenanceMessages } from './maintenance-messages';
import { QueueTab } from './QueueTab';
import type { Maintenance } from './use-maintenance';
import { VersionsTab } from './VersionsTab';

const TABS = ['devices', 'config', 'camera', 'queue', 'counters', 'versions', 'logs'] as const;
type Tab = (typeof TABS)[number];

export interface TabProps {
  maintenance: Maintenance;
  language: Language;
}

export function MaintenancePanel({ bridge, maintenance, language }: { bridge: KioskBridge; maintenance: Maintenance; language: Language }) {
  const m = maintenanceMessages(language);
  const [tab, setTab] = useState<Tab>('devices');
  const [exitProblem, setExitProblem] = useState(false);

  const exitToDesktop = async () => {
    if (!window.confirm(m.exitConfirm)) return;
    const answer = await maintenance.call('maintenance.exit', {});
    setExitProblem(answer?.exiting === false);
  };

  return (
    <div className="maintenance" role="dialog" aria-modal="true" aria-labelledby="maintenance-title" data-screen="maintenance">
      <header className="maintenance__header">
        <h1 id="maintenance-title">{m.title}</h1>
        <div className="actions">
          <button type="button" className="button button--quiet" onClick={() => void exitToDesktop()} data-action="exit-to-desktop">
            {m.exitToDesktop}
          </button>
          <button type="button" className="button button--primary" onClick={() => void maintenance.lock()} data-action="leave-maintenance">
            {m.leave}
          </button>
        </div>
      </header>
      {exitProblem ? (
        <p className="problem" role="alert">
          {m.exitUnsupported}
        </p>
      ) : null}
      <nav className="maintenance__tabs" role="tablist">
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={`button button--small ${tab === name ? 'button--selected' : 'button--quiet'}`}
            onClick={() => setTab(name)}
          >
            {m.tabs[name]}
          </button>
        ))}
      </nav>
      <section className="maintenance__body" role="tabpanel" data-tab={tab}>
        {tab === 'devices' ? <DevicesTab bridge={bridge} maintenance={maintenance} language={language} /> : null}
        {tab === 'config' ? <ConfigTab maintenance={maintenance} language={language} /> : null}
        {tab === 'camera' ? <CameraTab /> : null}
        {tab === 'queue' ? <QueueTab maintenance={maintenance} language={language} /> : null}
        {tab === 'counters' ? <CountersTab maintenance={maintenance} language={language} /> : null}
        {tab === 'versions' ? <VersionsTab maintenance={maintenance} language={language} /> : null}
        {tab === 'logs' ? <LogsTab maintenance={maintenance} language={language} /> : null}
      </section>
    </div>
  );
}
