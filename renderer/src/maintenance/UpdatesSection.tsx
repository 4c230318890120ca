/**
 * Import of new rule sets and address databases from a file (the updates folder or a
 * USB stick), checked against its SHA-256 and signature before anything changes; and
 * rollback to the version before. The core does every check; this only asks and shows.
 */
import { useRef, useState, type FormEvent } from 'react';
import type { Result } from '../contract';
import { format } from '../i18n';
import { maintenanceMessages } from './maintenance-messages';
import type { TabProps } from './MaintenancePanel';
import { useLoaded } from './use-loaded';

type Answer<M extends 'maintenance.updates.list' | 'maintenance.updates.apply' | 'maintenance.updates.rollback'> = Extract<Result<M>, { status: 'ok' }>['value'];
type UpdateListing = Answer<'maintenance.updates.list'>;
type UpdateOutcome = Answer<'maintenance.updates.apply'>;
type RollbackOutcome = Answer<'maintenance.updates.rollback'>;

export function UpdatesSection({ maintenance, language, onChanged }: TabProps & { onChanged(): void }) {
  const m = maintenanceMessages(language).updates;
  const [folder, setFolder] = useState('');
  // useLoaded keeps its first loader: the folder typed since is read through the ref.
  const typedFolder = useRef('');
  typedFolder.current = folder.trim();
  const listing = useLoaded(() => maintenance.call('maintenance.updates.list', typedFolder.current ? { folder: typedFolder.current } : {}));
  const [file, setFile] = useState('');
  const [sha256, setSha256] = useState('');
  const [outcome, setOutcome] = useState<{ action: 'verify' | 'apply'; result: UpdateOutcome } | { action: 'rollback'; result: RollbackOutcome }>();

  const request = () => ({ file: file.trim(), ...(sha256.trim() ? { sha256: sha256.trim() } : {}) });

  const verify = async () => {
    const result = await maintenance.call('maintenance.updates.verify', request());
    if (result) setOutcome({ action: 'verify', result });
  };

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    if (!window.confirm(format(m.confirmApply, { file: file.trim() }))) return;
    const result = await maintenance.call('maintenance.updates.apply', request());
    if (!result) return;
    setOutcome({ action: 'apply', result });
    listing.refresh();
    if (result.ok) onChanged();
  };

  const rollback = async (target: UpdateListing['installed'][number]['target']) => {
    if (!window.confirm(format(m.confirmRollback, { target: m.targets[target] }))) return;
    const result = await maintenance.call('maintenance.updates.rollback', { target });
    if (!result) return;
    setOutcome({ action: 'rollback', result });
    listing.refresh();
    if (result.ok) onChanged();
  };

  return (
    <div className="maintenance-queue" data-updates>
      <h2>{m.title}</h2>
      <div className="maintenance-form">
        <label>
          {m.folder}
          <input className="input" name="folder" value={folder} placeholder={listing.value?.folder} autoComplete="off" onChange={(e) => setFolder(e.target.value)} />
        </label>
        <button type="button" className="button button--small" onClick={listing.refresh} data-action="list-updates">
          {m.list}
        </button>
      </div>
      <UpdateFiles listing={listing.value} language={language} onChoose={setFile} />
      <form className="maintenance-form" onSubmit={(event) => void apply(event)}>
        <label>
          {m.file}
          <input className="input" name="updateFile" value={file} autoComplete="off" onChange={(e) => setFile(e.target.value)} />
        </label>
        <label>
          {m.sha256}
          <input className="input" name="sha256" value={sha256} maxLength={200} autoComplete="off" spellCheck={false} onChange={(e) => setSha256(e.target.value)} />
        </label>
        <button type="button" className="button" disabled={!file.trim()} onClick={() => void verify()} data-action="verify-update">
          {m.verify}
        </button>
        <button type="submit" className="button button--primary" disabled={!file.trim()} data-action="apply-update">
          {m.apply}
        </button>
      </form>
      {outcome ? <OutcomeLine outcome={outcome} language={language} /> : null}
      <h2>{m.installed}</h2>
      <table className="maintenance-table">
        <tbody>
          {(listing.value?.installed ?? []).map((installed) => (
            <tr key={installed.target} data-installed={installed.target}>
              <td>{m.targets[installed.target]}</td>
              <td>{installed.current ? `${installed.current.version} · ${installed.current.installedAt}` : m.shipped}</td>
              <td>
                {installed.current ? (
                  <button type="button" className="button button--small button--quiet" onClick={() => void rollback(installed.target)} data-action="rollback">
                    {m.rollback} → {installed.previous?.version ?? m.shipped}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UpdateFiles({ listing, language, onChoose }: { listing: UpdateListing | undefined; language: TabProps['language']; onChoose(file: string): void }) {
  const m = maintenanceMessages(language).updates;
  if (!listing) return null;
  if (listing.folderProblem) return <p className="problem">{listing.folderProblem}</p>;
  if (listing.files.length === 0) return <p className="hint">{m.noFiles}</p>;
  return (
    <ul className="maintenance-log">
      {listing.files.map((update) => (
        <li key={update.file} data-update-file={update.name}>
          <button type="button" className="button button--small button--quiet" onClick={() => onChoose(update.file)}>
            {m.choose}
          </button>{' '}
          <code>{update.name}</code> · {update.kind} · {update.bytes} B{update.hasHashFile ? ' · .sha256' : ''}
          {update.hasSignature ? ' · .sig' : ''}
        </li>
      ))}
    </ul>
  );
}

function OutcomeLine({ outcome, language }: { outcome: { action: 'verify' | 'apply'; result: UpdateOutcome } | { action: 'rollback'; result: RollbackOutcome }; language: TabProps['language'] }) {
  const m = maintenanceMessages(language).updates;
  const { result } = outcome;
  if (!result.ok) {
    return (
      <div className="problem" role="alert" data-update-outcome={result.problem}>
        <p>{result.message[language]}</p>
        {result.details.length ? (
          <ul className="maintenance-log">
            {result.details.map((detail) => (
              <li key={detail}>
                <code>{detail}</code>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  const text =
    'from' in result
      ? format(m.rolledBack, { target: m.targets[result.target], version: result.to ?? m.shipped })
      : format(outcome.action === 'apply' ? m.applied : m.verified, { target: m.targets[result.target], version: result.version, signed: result.signed ? m.signed : '' });
  return (
    <p className="hint" role="status" data-update-outcome={outcome.action === 'verify' ? 'verified' : outcome.action === 'apply' ? 'applied' : 'rolled-back'}>
      {text}
    </p>
  );
}
