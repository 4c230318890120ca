/** The newest audit entries (redacted) and the export of the whole log, with whether its hash chain is intact. */
import { useState } from 'react';
import type { LogsExportResult } from '../contract';
import { format } from '../i18n';
import { maintenanceMessages } from './maintenance-messages';
import type { TabProps } from './MaintenancePanel';
import { useLoaded } from './use-loaded';

const SHOWN = 100;

export function LogsTab({ maintenance, language }: TabProps) {
  const m = maintenanceMessages(language);
  const [exported, setExported] = useState<LogsExportResult>();
  const recent = useLoaded(() => maintenance.call('maintenance.logs.recent', { limit: SHOWN }));
  return (
    <div className="maintenance-logs">
      <div className="actions">
        <button type="button" className="button" onClick={() => void maintenance.call('maintenance.logs.export', {}).then((r) => r && setExported(r))}>
          {m.exportLogs}
        </button>
        <button type="button" className="button button--small button--quiet" onClick={recent.refresh}>
          {m.refresh}
        </button>
      </div>
      {exported ? (
        <p className={exported.chainIntact ? 'hint' : 'problem'} role="status" data-logs-exported={exported.entries}>
          {format(m.exported, { entries: exported.entries, file: exported.file })} · {exported.chainIntact ? m.chainIntact : m.chainBroken}
        </p>
      ) : null}
      <table className="maintenance-table maintenance-log" data-log-entries={recent.value?.length ?? 0}>
        <tbody>
          {recent.value?.map((entry) => (
            <tr key={entry.seq}>
              <td>{entry.seq}</td>
              <td>{entry.at}</td>
              <td>{entry.event}</td>
              <td>
                <code>{entry.data}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
