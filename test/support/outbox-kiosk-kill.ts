/**
 * kill -9 of a kiosk while its sync batch is in flight, with real processes: the kiosk
 * (test/support/outbox-kiosk-process.ts: its SQLite outbox and the real sender) records
 * licences and sends its first batch; the test holds the centre's watermark table, so the
 * batch's transaction writes its records and then waits there, and the test sees it
 * waiting in pg_stat_activity (the batch is at the centre, its answer not yet given).
 * The kiosk is killed at that moment, the centre finishes the batch (its answer goes
 * nowhere), and a new kiosk process on the same data folder sends what it still holds.
 * Used by test/integration/centre/sync-crash.test.ts and the centre's reliability trials.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type pg from 'pg';
import type { SyncRecord } from '../../protocol/centre-sync';
import type { OutboxKioskProcess } from './outbox-kiosk-process';
import { openOutboxKiosk } from './outbox-kiosk';
import { untilTrue } from './postgres';

export const OUTBOX_KIOSK_BUNDLE = join(process.cwd(), 'dist', 'test-support', 'outbox-kiosk.cjs');

/** The kiosk program, bundled so it starts without tsx. */
export async function buildOutboxKiosk(): Promise<void> {
  await build({ entryPoints: ['test/support/outbox-kiosk-process.ts'], outfile: OUTBOX_KIOSK_BUNDLE, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning' });
}

/** One line the kiosk process printed: { recorded, pending } first, then one per acknowledged batch. */
export type OutboxKioskLine = Record<string, number>;

export interface RunningOutboxKiosk {
  child: ChildProcess;
  lines: OutboxKioskLine[];
  exited: Promise<number | null>;
  stderr(): string;
}

export function runOutboxKiosk(options: OutboxKioskProcess): RunningOutboxKiosk {
  const child = spawn(process.execPath, [OUTBOX_KIOSK_BUNDLE], { env: { ...process.env, OUTBOX_KIOSK: JSON.stringify(options) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: OutboxKioskLine[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      lines.push(JSON.parse(buffered.slice(0, end)) as OutboxKioskLine);
      buffered = buffered.slice(end + 1);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, lines, exited, stderr: () => stderr };
}

/**
 * Holds the watermark table: a batch's transaction writes its records, then waits here.
 * inFlight() resolves once a centre backend waits on it.
 */
export async function holdSyncBatch(pool: pg.Pool): Promise<{ inFlight(): Promise<void>; release(): Promise<void> }> {
  const client = await pool.connect();
  client.on('error', () => undefined); // the server may go away under it
  await client.query('BEGIN');
  await client.query('LOCK TABLE centre_sync_watermarks IN EXCLUSIVE MODE');
  return {
    inFlight: () =>
      untilTrue(
        pool,
        'a sync batch to wait inside its transaction',
        `SELECT count(*) > 0 AS ok FROM pg_stat_activity WHERE application_name = 'miaopi-centre' AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO centre_sync_watermarks%'`,
        [],
        60_000,
      ),
    async release() {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    },
  };
}

export interface KioskKilledMidSync {
  /** What the killed process printed: its recording line and no acknowledged batch. */
  killed: OutboxKioskLine[];
  /** What the restarted process printed: its recording line (nothing new), then one line per batch. */
  restarted: OutboxKioskLine[];
  /** The records that waited in the kiosk's outbox after the kill (the audit head included). */
  waiting: SyncRecord[];
}

/**
 * Kills the kiosk (SIGKILL) while its first batch is inside the centre's transaction,
 * lets the centre commit that batch, and restarts the kiosk until its outbox is empty.
 * Throws when the kiosk did not die by the signal or the restarted one did not finish.
 */
export async function killKioskMidSync(pool: pg.Pool, kiosk: OutboxKioskProcess): Promise<KioskKilledMidSync> {
  const batch = await holdSyncBatch(pool);
  const first = runOutboxKiosk(kiosk);
  try {
    const died = first.exited.then((code) => {
      throw new Error(`the kiosk exited ${code} before its batch was in flight: ${first.stderr()}`);
    });
    died.catch(() => undefined); // after the kill it rejects too, unheard
    await Promise.race([batch.inFlight(), died]);
    first.child.kill('SIGKILL');
    if ((await first.exited) !== null) throw new Error(`the kiosk was not killed by the signal: ${first.stderr()}`);
  } finally {
    await batch.release();
  }
  // The centre finishes the batch the dead kiosk sent: its answer goes nowhere.
  await untilTrue(pool, "the centre to commit the dead kiosk's batch", 'SELECT count(*) > 0 AS ok FROM centre_sync_watermarks WHERE kiosk_id = $1', [kiosk.kioskId], 60_000);
  const waiting = pendingAtKiosk(kiosk);
  const restarted = runOutboxKiosk({ ...kiosk, licences: 0 });
  const code = await restarted.exited;
  if (code !== 0) throw new Error(`the restarted kiosk exited ${code}: ${restarted.stderr()}`);
  return { killed: first.lines, restarted: restarted.lines, waiting };
}

function pendingAtKiosk({ dir, centreUrl, kioskId }: OutboxKioskProcess): SyncRecord[] {
  const opened = openOutboxKiosk(dir, centreUrl, kioskId);
  try {
    return opened.outbox.pending(opened.outbox.size());
  } finally {
    opened.db.close();
  }
}

/**
 * What is left at the kiosk of the sealed personal data the given records carried (how
 * many carried it): rows
 * still holding sealed values, and those values still found in the database file or its
 * WAL (deleted rows are overwritten and the WAL emptied once the centre acknowledges).
 */
export function sealedLeftAtKiosk({ dir, centreUrl, kioskId }: OutboxKioskProcess, records: readonly SyncRecord[]): { carried: number; rows: number; inFiles: number } {
  const sealed = records.flatMap((record) => ('personal' in record && typeof record.personal === 'string' ? [record.personal] : []));
  const opened = openOutboxKiosk(dir, centreUrl, kioskId);
  let rows: number;
  try {
    rows = opened.db.prepare<[], number>("SELECT (SELECT count(*) FROM outbox WHERE sealed IS NOT NULL) + (SELECT count(*) FROM outbox_personal_data)").pluck().get() ?? 0;
  } finally {
    opened.db.close();
  }
  const files = [opened.file, `${opened.file}-wal`].filter(existsSync).map((file) => readFileSync(file));
  // The end of each sealed value (its ciphertext): a page holds it whole, it is far shorter than a page.
  const inFiles = sealed.filter((value) => files.some((bytes) => bytes.includes(value.slice(-48)))).length;
  return { carried: sealed.length, rows, inFiles };
}
