/**
 * `kioskctl print` on a kiosk database: list, retry, cancel and reprint change the queue
 * (with audit entries), exit 1 with the reason when the queue refuses, 2 on bad usage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../core/cli/kioskctl';
import { ExitSignal, type CliIo } from '../../../core/cli/io';
import { verifyAuditLog } from '../../../core/audit/audit-log';
import type { PrintJob } from '../../../core/printing/print-job-store';
import { openTestRegistry, type TestRegistry } from '../../support/registry';
import { createTestQueue, issueLicences } from './support';

const opened: TestRegistry[] = [];

afterEach(() => {
  for (const registry of opened.splice(0)) registry.db.close();
});

interface Run {
  code: number;
  out: unknown[];
  err: string[];
}

async function kioskctl(args: string[]): Promise<Run> {
  const out: unknown[] = [];
  const err: string[] = [];
  const io: CliIo = {
    result: (value) => out.push(value),
    error: (message) => err.push(message),
    exit: (code) => {
      throw new ExitSignal(code);
    },
  };
  return { code: await runCli(args, io), out, err };
}

/** A kiosk database with two licences queued for printing, one of them failed. */
function kioskWithJobs(): { registry: TestRegistry; codes: string[]; jobs: PrintJob[] } {
  const registry = openTestRegistry();
  opened.push(registry);
  const licences = issueLicences(registry, 2);
  const queue = createTestQueue(registry, {});
  const jobs = licences.flatMap((licence) => queue.enqueueLicence(licence.creditCode, licence.applicationId));
  registry.db.prepare("UPDATE print_jobs SET state = 'failed', reason = 'timeout' WHERE id = ?").run(jobs[1]?.id);
  return { registry, codes: licences.map((licence) => licence.creditCode), jobs };
}

describe('kioskctl print', () => {
  it('list shows every job, or those in a state, with the reason a job failed', async () => {
    const { registry, codes } = kioskWithJobs();
    const all = await kioskctl(['print', 'list', '--db', registry.file, '--json']);
    expect(all.code).toBe(0);
    expect(all.out[0]).toMatchObject([{ creditCode: codes[0], state: 'queued' }, { creditCode: codes[1], state: 'failed', reason: 'timeout' }]);
    const failed = await kioskctl(['print', 'list', '--db', registry.file, '--state', 'failed']);
    expect(failed.out[0]).toMatch(new RegExp(`^#2 ${codes[1]} licence-a4 on laser: failed, 0 sent, .*\\(timeout\\)$`, 'u'));
  });

  it('retry queues a failed job again; cancel drops a queued one; each refuses other states with exit 1', async () => {
    const { registry, jobs } = kioskWithJobs();
    expect(await kioskctl(['print', 'retry', String(jobs[1]?.id), '--db', registry.file, '--json'])).toMatchObject({ code: 0, out: [{ state: 'queued', reason: null }] });
    expect(await kioskctl(['print', 'cancel', `#${jobs[0]?.id}`, '--db', registry.file, '--json'])).toMatchObject({ code: 0, out: [{ state: 'cancelled' }] });

    const again = await kioskctl(['print', 'retry', String(jobs[1]?.id), '--db', registry.file]);
    expect(again).toMatchObject({ code: 1, err: [expect.stringMatching(/is queued; only a job that is failed, cancelled can be retried/u)] });
    expect((await kioskctl(['print', 'cancel', '99', '--db', registry.file])).code).toBe(1);
    expect((await kioskctl(['print', 'cancel', 'x', '--db', registry.file])).code).toBe(2);
    const events = registry.db.prepare("SELECT event FROM audit_log WHERE event IN ('print.retried', 'print.cancelled')").pluck().all();
    expect(events).toEqual(['print.retried', 'print.cancelled']);
  });

  it('reprint adds a job marked as a reprint with the reason; without --reason it is a usage error', async () => {
    const { registry, codes } = kioskWithJobs();
    const run = await kioskctl(['print', 'reprint', codes[0] ?? '', '--reason', '申请人执照被污损', '--db', registry.file, '--json']);
    expect(run).toMatchObject({ code: 0, out: [{ creditCode: codes[0], reprint: true, reprintReason: '申请人执照被污损', state: 'queued', document: 'licence-a4' }] });
    expect((await kioskctl(['print', 'reprint', codes[0] ?? '', '--db', registry.file])).code).toBe(2);
    expect(await kioskctl(['print', 'reprint', '92440300MA5EQ7GQ4X', '--reason', 'x', '--db', registry.file])).toMatchObject({ code: 1, err: [expect.stringMatching(/no licence/u)] });
    expect(verifyAuditLog(registry.db)).toMatchObject({ intact: true });
  });
});
