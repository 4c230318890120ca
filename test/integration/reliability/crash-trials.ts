/**
 * kill -9 of the core at random points during approval and printing, then restart.
 * Each trial starts the core (crash-child.ts) on the same data folder, hands it a few
 * applications, and SIGKILLs it after a random delay: sometimes inside an approval,
 * sometimes while a licence prints. An applicant whose answer never came tries again
 * in the next trial, as they would at the kiosk. After the last trial a clean start
 * drains the print queue, and the registry, the print jobs and the audit chain are
 * checked: every licence an applicant was told about is there exactly once, nobody
 * holds two, every licence printed, the chain intact.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SeededRandom } from '../../unit/fuzz/seeded-random';
import { commercialRooms } from './applicants';

export interface CrashOptions {
  trials: number;
  seed: number;
  /** Applications handed to each run before it is killed. */
  applicationsPerTrial?: number;
  /** The kill comes this many ms after the applications, at most. */
  maxKillDelayMs?: number;
  onTrial?: (trial: number, note: string) => void;
}

export interface CrashReport {
  trials: number;
  kills: number;
  /** Kills that came while an application was unanswered, and while a print job was pending. */
  killsDuringApproval: number;
  killsDuringPrinting: number;
  applications: number;
  approvalsAnswered: number;
  licencesIssued: number;
  /** Approved and told, but not in the registry after the restarts. */
  licencesLost: number;
  /** Applicants holding more than one licence. */
  licencesDuplicated: number;
  /** Issued while the applicant's answer was cut off by the kill; a retry then found the address or name taken. */
  issuedButUnanswered: number;
  retriesRejectedAsTaken: number;
  /** Licences without a printed licence document after the final drain. */
  licencesUnprinted: number;
  /** Of those, the ones that never had a print job at all. */
  licencesNeverQueued: string[];
  jobsNotPrinted: Array<{ creditCode: string; document: string; state: string }>;
  audit: { intact: boolean; entries: number; problem?: string };
  errors: string[];
}

interface ChildEvent {
  ready?: boolean;
  applied?: number;
  outcome?: string;
  creditCode?: string | null;
  reasons?: string[];
  printed?: string;
  report?: {
    licencesPerApplicant: Record<string, string[]>;
    jobs: Array<{ creditCode: string; document: string; state: string }>;
    audit: { intact: boolean; entries: number; firstBroken?: { message: string } };
  };
  error?: string;
}

const CHILD = join(import.meta.dirname, 'crash-child.ts');
/** The rules that refuse a retry whose first attempt already issued the licence (registration.json ids). */
const TAKEN_RULES = ['businesses-per-address', 'name-unique'];
/** The narrow windows of crash-child.ts: licence issued but not queued, queued but not answered. */
const KILL_POINTS = ['after-issue', 'after-queue'] as const;

class Child {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly listeners = new Set<(event: ChildEvent) => void>();
  readonly exited: Promise<void>;
  readonly stderr: string[] = [];

  constructor(dataDir: string) {
    this.process = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], { stdio: 'pipe' });
    createInterface({ input: this.process.stdout }).on('line', (line) => {
      const event = JSON.parse(line) as ChildEvent;
      for (const listener of this.listeners) listener(event);
    });
    this.process.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
  }

  on(listener: (event: ChildEvent) => void): void {
    this.listeners.add(listener);
  }

  next(predicate: (event: ChildEvent) => boolean, timeoutMs = 60_000): Promise<ChildEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the core did not answer within ${timeoutMs} ms: ${this.stderr.join('').slice(-500)}`)), timeoutMs);
      const listener = (event: ChildEvent) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(event);
      };
      this.listeners.add(listener);
    });
  }

  send(command: Record<string, unknown>): void {
    this.process.stdin.write(`${JSON.stringify(command)}\n`);
  }

  async kill(): Promise<void> {
    this.process.kill('SIGKILL');
    await this.exited;
  }

  async end(): Promise<void> {
    this.process.stdin.end();
    await this.exited;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCrashTrials(options: CrashOptions): Promise<CrashReport> {
  const { trials, seed, applicationsPerTrial = 4, maxKillDelayMs = 800 } = options;
  const random = new SeededRandom(seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'reliability-crash-'));
  const rooms = commercialRooms(trials * applicationsPerTrial + 10);
  const answered = new Map<number, { outcome: string; creditCode: string | null }>();
  const retried = new Set<number>();
  let pending: number[] = [];
  let nextApplicant = 0;
  let killsDuringApproval = 0;
  let killsDuringPrinting = 0;
  let retriesRejectedAsTaken = 0;
  const errors: string[] = [];

  /** Follows one run's answers; returns the licences it has issued and not yet printed. */
  function track(child: Child, label: string): Set<string> {
    const unprinted = new Set<string>();
    child.on((event) => {
      if (event.error) errors.push(`${label}: ${event.error}`);
      if (event.applied !== undefined) {
        answered.set(event.applied, { outcome: event.outcome!, creditCode: event.creditCode ?? null });
        pending = pending.filter((n) => n !== event.applied);
        if (event.creditCode) unprinted.add(event.creditCode);
        if (retried.has(event.applied) && event.outcome === 'reject' && event.reasons?.some((rule) => TAKEN_RULES.includes(rule))) retriesRejectedAsTaken += 1;
      }
      if (event.printed) unprinted.delete(event.printed);
    });
    return unprinted;
  }

  try {
    for (let trial = 1; trial <= trials; trial++) {
      const child = new Child(dataDir);
      const unprinted = track(child, `trial ${trial}`);
      await child.next((event) => event.ready === true);
      // The applicants cut off last time try again first, at the same premises.
      const batch = [...pending.map((n) => (retried.add(n), n))];
      while (batch.length < applicationsPerTrial + pending.length) batch.push(nextApplicant++);
      pending = [...batch];
      // Every third run dies by its own hand at a chosen point of one approval; the others at a random moment.
      const targeted = trial % 3 === 0 ? { at: KILL_POINTS[(trial / 3) % 2]!, applicant: random.pick(batch) } : undefined;
      for (const n of batch) child.send({ apply: n, houseCode: rooms[n], ...(targeted?.applicant === n && { killAt: targeted.at }) });
      if (targeted) {
        await child.exited;
        killsDuringApproval += 1;
      } else {
        // Half the kills early, where the approvals are; the rest anywhere, mostly in printing.
        await sleep(random.chance(0.5) ? random.int(0, 60) : random.int(0, maxKillDelayMs));
        if (pending.length > 0) killsDuringApproval += 1;
        else if (unprinted.size > 0) killsDuringPrinting += 1;
        await child.kill();
      }
      options.onTrial?.(trial, `${targeted ? `killed ${targeted.at} of applicant ${targeted.applicant}; ` : ''}${pending.length} unanswered, ${unprinted.size} printing at the kill`);
    }

    // A clean start: crashed jobs resume; wait until nothing is left to print.
    const last = new Child(dataDir);
    track(last, 'final start');
    await last.next((event) => event.ready === true);
    for (const n of pending) {
      retried.add(n);
      last.send({ apply: n, houseCode: rooms[n] }); // the last ones cut off try again too
    }
    let report: NonNullable<ChildEvent['report']> | undefined;
    for (let look = 0; look < 120; look++) {
      last.send({ report: nextApplicant });
      report = (await last.next((event) => event.report !== undefined)).report!;
      if (look > 0 && pending.length === 0 && report.jobs.every((job) => ['printed', 'failed', 'cancelled'].includes(job.state))) break;
      await sleep(500);
    }
    await last.end();
    if (!report) throw new Error('no report from the final start');

    const held = new Map(Object.entries(report.licencesPerApplicant).map(([n, codes]) => [Number(n), codes]));
    const issued = [...held.values()].flat();
    const toldApproved = [...answered.entries()].filter(([, a]) => a.outcome === 'approve' && a.creditCode);
    const printedLicences = new Set(report.jobs.filter((job) => job.state === 'printed' && job.document.startsWith('licence')).map((job) => job.creditCode));
    return {
      trials,
      kills: trials,
      killsDuringApproval,
      killsDuringPrinting,
      applications: nextApplicant,
      approvalsAnswered: toldApproved.length,
      licencesIssued: issued.length,
      licencesLost: toldApproved.filter(([n, a]) => !(held.get(n) ?? []).includes(a.creditCode!)).length,
      licencesDuplicated: [...held.values()].filter((codes) => codes.length > 1).length,
      issuedButUnanswered: [...held.entries()].filter(([n, codes]) => !codes.includes(answered.get(n)?.creditCode ?? '')).length,
      retriesRejectedAsTaken,
      licencesUnprinted: issued.filter((code) => !printedLicences.has(code)).length,
      licencesNeverQueued: issued.filter((code) => !report!.jobs.some((job) => job.creditCode === code)),
      jobsNotPrinted: report.jobs.filter((job) => job.state !== 'printed'),
      audit: { intact: report.audit.intact, entries: report.audit.entries, ...(report.audit.firstBroken && { problem: report.audit.firstBroken.message }) },
      errors,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
