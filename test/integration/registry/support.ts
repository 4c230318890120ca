/** Runs the licence-issuing kiosk process and checks what the database ended up with. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyAuditLog, type AuditVerification } from '../../../core/audit/audit-log';
import { DATABASE_FILE } from '../../support/registry';

export const TEST_BLOCK = { prefix: 'K7', start: 100, end: 999999 };

const FIXTURE = join(import.meta.dirname, 'fixtures', 'issue-licences.ts');

export interface IssuingProcess {
  child: ChildProcess;
  /** Every code the process reported, in order, as it reports them. */
  codes: string[];
  /** Resolves once the process has its database open. */
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts a process issuing `count` licences; with `goFile` it waits for that file to exist. */
export function startIssuing(dir: string, count: number, goFile?: string): IssuingProcess {
  const args = [FIXTURE, dir, String(count), ...(goFile === undefined ? [] : [goFile])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const codes: string[] = [];
  let partial = '';
  let stderr = '';
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'ready') markReady();
      else codes.push(line);
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, codes, ready, exited };
}

export async function codesReported(process: IssuingProcess, atLeast: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (process.codes.length < atLeast) {
    if (process.child.exitCode !== null) throw new Error(`issuing process exited early:\n${(await process.exited).stderr}`);
    if (Date.now() > deadline) throw new Error(`only ${process.codes.length} of ${atLeast} codes within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface RegistryContents {
  codes: string[];
  serials: number[];
  applications: number;
  audit: AuditVerification;
}

/** What a freshly opened connection finds in the kiosk database of `dir`. */
export function readRegistry(dir: string): RegistryContents {
  const db = new Database(join(dir, DATABASE_FILE));
  try {
    const codes = db.prepare('SELECT credit_code FROM licences ORDER BY credit_code').pluck().all() as string[];
    return {
      codes,
      serials: codes.map(serialOf).sort((a, b) => a - b),
      applications: db.prepare('SELECT COUNT(*) FROM applications').pluck().get() as number,
      audit: verifyAuditLog(db),
    };
  } finally {
    db.close();
  }
}

/** How often a process's serials skip: how many times other processes got codes in between. */
export function interleavings(codes: readonly string[]): number {
  const serials = codes.map(serialOf);
  return serials.filter((serial, i) => i > 0 && serial !== (serials[i - 1] ?? 0) + 1).length;
}

export function serialOf(creditCode: string): number {
  return Number(creditCode.slice(10, 16));
}

export function contiguous(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}
