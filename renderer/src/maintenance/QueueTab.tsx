/** The print queue: retry and cancel jobs, and reprint a licence with a reason (marked as a reprint). */
import { useState, type FormEvent } from 'react';
import type { QueueActionResult, QueueJobView } from '../contract';
import { maintenanceMessages } from './maintenance-messages';
import type { TabProps } from './MaintenancePanel';
import { useLoaded } from './use-loaded';

const RETRYABLE: readonly QueueJobView['state'][] = ['failed', 'cancelled'];
const CANCELLABLE: readonly QueueJobView['state'][] = ['queued', 'waiting', 'failed'];

export function QueueTab({ maintenance, language }: TabProps) {
  const m = maintenanceMessages(language);
  const jobs = useLoaded(() => maintenance.call('maintenance.queue.list', {}));
  const [outcome, setOutcome] = useState<QueueActionResult>();
  const [creditCode, setCreditCode] = useState('');
  const [reason, setReason] = useState('');

  const act = async (action: Promise<QueueActionResult | undefined>) => {
    const result = await action;
    if (!result) return;
    setOutcome(result);
    jobs.refresh();
  };

  const reprint = (event: FormEvent) => {
    event.preventDefault();
    void act(maintenance.call('maintenance.queue.reprint', { creditCode: creditCode.trim().toUpperCase(), reason: reason.trim() })).then(() => setReason(''));
  };

  return (
    <div className="maintenance-queue">
      <form className="maintenance-form" onSubmit={reprint} aria-labelledby="reprint-title">
        <h2 id="reprint-title">{m.reprintTitle}</h2>
        <label>
          {m.reprintCode}
          <input className="input" name="creditCode" value={creditCode} maxLength={18} autoComplete="off" onChange={(e) => setCreditCode(e.target.value)} />
        </label>
        <label>
          {m.reprintReason}
          <input className="input" name="reason" value={reason} maxLength={200} autoComplete="off" onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={creditCode.trim().length !== 18 || reason.trim().length < 2}>
          {m.reprint}
        </button>
      </form>
      {outcome ? (
        <p className={outcome.done ? 'hint' : 'problem'} role="status" data-queue-outcome={outcome.done ? 'done' : outcome.problem}>
          {outcome.done ? (outcome.job.reprint ? m.reprintQueued : m.jobState[outcome.job.state]) : outcome.message[language]}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="button button--small button--quiet" onClick={jobs.refresh}>
          {m.refresh}
        </button>
      </div>
      {jobs.value?.length === 0 ? <p className="hint">{m.queueEmpty}</p> : null}
      {jobs.value?.length ? (
        <table className="maintenance-table">
          <thead>
            <tr>
              <th>{m.job.id}</th>
              <th>{m.job.creditCode}</th>
              <th>{m.job.document}</th>
              <th>{m.job.printer}</th>
              <th>{m.job.state}</th>
              <th>{m.job.actions}</th>
            </tr>
          </thead>
          <tbody>
            {[...jobs.value].reverse().map((job) => (
              <tr key={job.id} data-job={job.id} data-state={job.state} data-reprint={job.reprint}>
                <td>{job.id}</td>
                <td>{job.creditCode}</td>
                <td>
                  {job.document}
                  {job.reprint ? <strong className="maintenance-mark" title={job.reprintReason ?? ''}> {m.reprintMark}</strong> : null}
                </td>
                <td>{job.printer}</td>
                <td>
                  {m.jobState[job.state]}
                  {job.reason ? <small> · {job.reason}</small> : null}
                </td>
                <td className="actions">
                  {RETRYABLE.includes(job.state) ? (
                    <button type="button" className="button button--small" onClick={() => void act(maintenance.call('maintenance.queue.retry', { job: job.id }))}>
                      {m.retry}
                    </button>
                  ) : null}
                  {CANCELLABLE.includes(job.state) ? (
                    <button type="button" className="button button--small button--quiet" onClick={() => void act(maintenance.call('maintenance.queue.cancel', { job: job.id }))}>
                      {m.cancelJob}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
