/**
 * kill -9 of the kiosk while it prints, then a restart: every approved licence comes
 * out exactly once. The kiosk runs in a child process (fixtures/print-worker.ts) with
 * the real drivers; the printers stay in this process and outlive it: the fake spooler
 * for the laser printer, the ESC/POS emulator on a socat pty for the receipt printer.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../core/audit/audit-log';
import { attachEmulatorToPath, openPtyPair } from '../../../hardware/serial/pty';
import type { ByteSender, SerialEmulator } from '../../../hardware/serial/serial-emulator';
import { EscPosEmulator } from '../../../hardware/thermal/escpos-emulator';
import { eventually } from '../../support/core';
import { DATABASE_FILE, openRegistryIn } from '../../support/registry';
import { startFakeSpooler } from './fake-spooler';
import { issueLicences, slipsOf } from './support';

const WORKER = join(import.meta.dirname, 'fixtures', 'print-worker.ts');
const cleanup: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Worker {
  ready: Promise<void>;
  kill(): Promise<void>;
  exited: Promise<{ code: number | null; stderr: string }>;
}

function startWorker(dir: string, settings: object): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dir, JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('ready') && resolve());
    void exited.then(({ code }) => reject(new Error(`print worker exited (${code}) before it was ready:\n${stderr}`)));
  });
  cleanup.push(() => void child.kill('SIGKILL'));
  return {
    ready,
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** What a freshly opened connection finds: the state of every print job and whether the audit chain holds. */
function readJobs(dir: string) {
  const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
  try {
    const jobs = db.prepare('SELECT id, credit_code AS creditCode, state, attempts FROM print_jobs ORDER BY id').all() as { id: number; creditCode: string; state: string; attempts: number }[];
    const events = db.prepare("SELECT event FROM audit_log WHERE event LIKE 'print.%'").pluck().all() as string[];
    return { jobs, events, audit: verifyAuditLog(db) };
  } finally {
    db.close();
  }
}

function kioskWithLicences(count: number): { dir: string; codes: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'print-crash-'));
  const registry = openRegistryIn(dir);
  const codes = issueLicences(registry, count).map((licence) => licence.creditCode);
  registry.db.close();
  return { dir, codes };
}

/**
 * The receipt printer with a slow link: while `holding`, what the host writes once a
 * slip starts stays on the line, unprinted, and nothing is answered, so a kill lands
 * while the job is printing. drop() loses what is held, as a line loses it when the
 * sender dies.
 */
class SlowLinkPrinter implements SerialEmulator {
  readonly printer = new EscPosEmulator();
  holdSlips = false;
  held: Uint8Array[] = [];

  onData(bytes: Uint8Array): void {
    // A slip starts with ESC @ FS & (initialise, Chinese mode); a bare ESC @ is the driver resynchronising.
    const slipStarts = bytes.some((byte, i) => byte === 0x1b && bytes[i + 1] === 0x40 && bytes[i + 2] === 0x1c && bytes[i + 3] === 0x26);
    if (this.held.length > 0 || (this.holdSlips && slipStarts)) this.held.push(bytes);
    else this.printer.onData(bytes);
  }

  setSender(send: ByteSender): void {
    this.printer.setSender(send);
  }

  drop(): void {
    this.held = [];
  }
}

describe('print queue across kill -9', () => {
  it('laser: a job the spooler completed after the crash is not sent again; one it did not is cancelled and sent again', { timeout: 90_000 }, async () => {
    const { dir, codes } = kioskWithLicences(3);
    const spooler = await startFakeSpooler();
    cleanup.push(() => spooler.close());
    const settings = { laserUri: spooler.uri, printing: { licence: 'laser' } };

    // 1: killed while the spooler prints job 1, which completes after the kiosk died.
    spooler.holdJobs = true;
    let worker = startWorker(dir, settings);
    await eventually(() => spooler.jobs.length, (n) => n === 1, 30_000);
    await worker.kill();
    spooler.complete(1);

    // 2: restarted: job 1 is found completed; killed again while job 2 hangs in the spooler.
    worker = startWorker(dir, settings);
    await eventually(() => spooler.jobs.length, (n) => n === 2, 30_000);
    await worker.kill();
    expect(readJobs(dir).jobs.map((job) => job.state)).toEqual(['printed', 'printing', 'queued']);

    // 3: the printer works again: job 2 is cancelled at the spooler and sent anew, job 3 prints.
    spooler.holdJobs = false;
    worker = startWorker(dir, settings);
    expect((await worker.exited).code).toBe(0);

    const { jobs, events, audit } = readJobs(dir);
    expect(jobs.map((job) => [job.creditCode, job.state])).toEqual(codes.map((code) => [code, 'printed']));
    const completedPerJob = jobs.map((job) => spooler.completed().filter((pdf) => pdf.name.startsWith(`kiosk-print-${job.id}-`)).length);
    expect(completedPerJob).toEqual([1, 1, 1]);
    expect(spooler.jobs.map((pdf) => pdf.state)).toEqual(['completed', 'canceled', 'completed', 'completed']);
    expect(events.filter((event) => event === 'print.interrupted')).toHaveLength(2);
    expect(audit).toMatchObject({ intact: true });
  });

  it('thermal: a slip cut off by the crash is printed after the restart, once', { timeout: 90_000 }, async () => {
    const { dir, codes } = kioskWithLicences(2);
    const link = new SlowLinkPrinter();
    const hostLink = join(dir, 'receipt-printer');
    // A fresh pty pair per kiosk process, under the same name: the printer stays, the kiosk's end is re-plugged.
    const plugIn = async () => {
      const pair = await openPtyPair({ hostLink });
      const attached = await attachEmulatorToPath(pair.devicePath, link);
      const unplug = async () => {
        await pair.close();
        await attached.close();
      };
      cleanup.push(unplug);
      return unplug;
    };
    const settings = { thermalPath: hostLink, printing: { licence: 'thermal' } };

    let unplug = await plugIn();
    link.holdSlips = true;
    let worker = startWorker(dir, settings);
    await eventually(() => link.held.length, (n) => n > 0, 30_000);
    expect(readJobs(dir).jobs.map((job) => job.state)).toEqual(['printing', 'queued']);
    await worker.kill();
    link.drop();
    link.holdSlips = false;
    await unplug();

    unplug = await plugIn();
    worker = startWorker(dir, settings);
    expect((await worker.exited).code).toBe(0);

    const { jobs, audit } = readJobs(dir);
    expect(jobs.map((job) => [job.creditCode, job.state, job.attempts])).toEqual([[codes[0], 'printed', 2], [codes[1], 'printed', 1]]);
    expect(codes.map((code) => slipsOf(link.printer.slips, code ?? '').length)).toEqual([1, 1]);
    expect(audit).toMatchObject({ intact: true });
  });
});
