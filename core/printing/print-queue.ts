/**
 * The print queue that loses nothing: licences and notices to print, kept in the kiosk
 * database, worked off by one worker per printer (so a laser job that waits for paper
 * never holds up a slip).
 *
 * - Enqueueing is idempotent per licence, document and request: a retried call or a
 *   request replayed after a crash finds the job it made before.
 * - A printer fault (paper end, cover open, offline, unplugged, …) makes the job wait
 *   with that reason; it resumes by itself once the printer's status is no longer an
 *   error. Transient faults (timeout, garbled answer) are retried with doubling delays,
 *   up to printing.maxAttempts; then the job fails, or falls back to the receipt printer.
 * - A licence waiting for the laser printer comes out as a slip on the receipt printer
 *   when printing.fallbackToThermal is set and that printer is ready.
 * - After a crash, or an attempt whose outcome the driver cannot tell (OutcomeUnknownError:
 *   the answer was lost after the document was sent), the job keeps the attempt's tag and
 *   is sent again only if its printer cannot have completed it
 *   (PrinterTarget.completedEarlier; the rules per printer are in printer-adapters.ts).
 */
import { randomUUID } from 'node:crypto';
import { DeviceError, OutcomeUnknownError, type StatusReason } from '../../hardware/device';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../log';
import type { Licence } from '../registry/licences';
import type { KioskDatabase } from '../storage/database';
import { isLicenceDocument, renderPrintDocument, type DocumentKind, type DocumentSources } from './print-documents';
import { PrintJobStore, type JobChange, type PrintJob, type PrintJobState, type StoredJob } from './print-job-store';
import { PRINTER_KINDS, type AttemptOutcome, type PrinterKind, type PrinterTarget } from './printer-target';

export interface PrintSettings {
  licence: PrinterKind;
  paper: 'A4' | 'A3';
  fallbackToThermal: boolean;
  maxAttempts: number;
  retryDelayMs: number;
}

export interface PrintQueueOptions {
  db: KioskDatabase;
  audit: AuditLog;
  registry: { licence(creditCode: string): Licence | undefined };
  targets: Partial<Record<PrinterKind, PrinterTarget>>;
  /** Needed to print; a queue without (kioskctl) only takes requests and is never started. */
  documents?: Omit<DocumentSources, 'licence'>;
  settings: PrintSettings;
  logger?: Logger;
  now?: () => Date;
}

/** The jobs of one licence after one of them changed. */
export interface PrintJobsChange {
  creditCode: string;
  jobs: PrintJob[];
  changed: PrintJob;
}

export type PrintRequestProblem = 'licence-not-found' | 'licence-not-active' | 'licence-active' | 'reason-required' | 'no-such-job' | 'not-allowed';

export class PrintRequestError extends Error {
  constructor(
    readonly problem: PrintRequestProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PrintRequestError';
  }
}

/**
 * An idle worker looks at the table this often even without a wake-up, so it also sees
 * what another process (kioskctl print retry / reprint) queued.
 */
const IDLE_RECHECK_MS = 1000;

/** Faults worth sending again soon; every other printer fault waits for the printer. */
const TRANSIENT: ReadonlySet<StatusReason> = new Set(['timeout', 'protocol-error']);

/** Lets a worker sleep until something happened or a deadline passed, without missing a wake-up. */
class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.resolve?.();
  }

  async wait(ms: number): Promise<void> {
    if (!this.pending) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.resolve = resolve;
        timer = setTimeout(resolve, ms);
      });
      clearTimeout(timer);
      this.resolve = undefined;
    }
    this.pending = false;
  }
}

/** Slips go to the receipt printer, everything else to the laser printer. */
function printerFor(document: DocumentKind): PrinterKind {
  return document === 'slip' ? 'thermal' : 'laser';
}

function publicView({ nextAttemptAt: _next, spoolTag: _tag, ...job }: StoredJob): PrintJob {
  return job;
}

export class PrintQueue {
  private readonly store: PrintJobStore;
  private readonly listeners = new Set<(change: PrintJobsChange) => void>();
  private readonly wakeups: Record<PrinterKind, Wakeup> = { laser: new Wakeup(), thermal: new Wakeup() };
  private readonly unsubscribers: (() => void)[] = [];
  private readonly now: () => Date;
  private workers: Promise<void>[] = [];
  private running = false;

  constructor(private readonly options: PrintQueueOptions) {
    this.now = options.now ?? (() => new Date());
    this.store = new PrintJobStore(options.db, options.audit, this.now);
  }

  // ---- requests ------------------------------------------------------------------

  /** Queues an approved licence as the configuration says; the same request twice yields the same jobs. */
  enqueueLicence(creditCode: string, requestKey: string): PrintJob[] {
    this.requireLicence(creditCode, 'active');
    return [this.add({ creditCode, document: this.licenceDocument(), requestKey, printer: printerFor(this.licenceDocument()) })];
  }

  enqueueDeregistrationNotice(creditCode: string, requestKey: string): PrintJob[] {
    this.requireLicence(creditCode, 'deregistered');
    return [this.add({ creditCode, document: 'deregistration-notice', requestKey, printer: 'laser' })];
  }

  /** From maintenance: a new job, marked as a reprint with its reason. */
  reprint(creditCode: string, reason: string, document?: DocumentKind): PrintJob {
    const why = reason.trim();
    if (!why) throw new PrintRequestError('reason-required', 'a reprint needs a reason, e.g. "paper jammed, applicant asked again"');
    const licence = this.requireLicence(creditCode);
    const chosen = document ?? (licence.status === 'deregistered' ? 'deregistration-notice' : this.licenceDocument());
    this.requireLicence(creditCode, chosen === 'deregistration-notice' ? 'deregistered' : 'active');
    return this.add({ creditCode, document: chosen, requestKey: `reprint:${randomUUID()}`, printer: printerFor(chosen), reprintReason: why });
  }

  /** A failed or cancelled job back into the queue, with a fresh count of attempts. */
  retry(id: number): PrintJob {
    return this.maintain(id, ['failed', 'cancelled'], { state: 'queued', reason: null, message: null, failures: 0, nextAttemptAt: null }, 'print.retried');
  }

  /** A job that has not started printing is dropped; what is printing or printed cannot be. */
  cancel(id: number): PrintJob {
    return this.maintain(id, ['queued', 'waiting', 'failed'], { state: 'cancelled', reason: 'cancelled', message: 'cancelled from maintenance' }, 'print.cancelled');
  }

  jobsOf(creditCode: string): PrintJob[] {
    return this.store.ofLicence(creditCode).map(publicView);
  }

  list(states: readonly PrintJobState[] = []): PrintJob[] {
    return this.store.list(states).map(publicView);
  }

  job(id: number): PrintJob | undefined {
    const job = this.store.get(id);
    return job && publicView(job);
  }

  /**
   * The jobs one request made for a licence, now and after every change (for the
   * applicant's printing screen); returns the unsubscribe function.
   */
  watch(creditCode: string, requestKey: string, listener: (jobs: PrintJob[]) => void): () => void {
    const ofRequest = (jobs: PrintJob[]) => jobs.filter((job) => job.requestKey === requestKey);
    listener(ofRequest(this.jobsOf(creditCode)));
    return this.onChange((change) => {
      if (change.creditCode === creditCode && change.changed.requestKey === requestKey) listener(ofRequest(change.jobs));
    });
  }

  onChange(listener: (change: PrintJobsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- the workers ---------------------------------------------------------------

  /** Takes up what a previous process left printing, then works off the queue until stop(). */
  start(): void {
    if (this.running) return;
    if (!this.options.documents) throw new Error('this print queue has no documents to print with: it only takes requests');
    this.running = true;
    for (const job of this.store.list(['printing'])) {
      this.change(job.id, ['printing'], { state: 'queued', reason: 'interrupted', message: 'the kiosk stopped while this job was printing' }, 'print.interrupted', { tag: job.spoolTag });
    }
    for (const kind of PRINTER_KINDS) {
      const target = this.options.targets[kind];
      if (target) this.unsubscribers.push(target.onStatus(() => this.wakeAll()));
      this.workers.push(this.work(kind));
    }
  }

  /** Lets the job in hand finish (closing the devices ends it sooner), then returns. */
  async stop(): Promise<void> {
    this.running = false;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.wakeAll();
    await Promise.all(this.workers.splice(0));
  }

  private async work(kind: PrinterKind): Promise<void> {
    while (this.running) {
      this.resumeWaiting(kind);
      const job = this.store.nextDue(kind);
      if (!job) {
        await this.wakeups[kind].wait(this.delayUntilDue(kind));
        continue;
      }
      try {
        await this.process(job);
      } catch (error) {
        // A bug or a database error: record it rather than stop the worker.
        this.options.logger?.error({ err: error, job: job.id }, 'print worker failed on a job');
        this.change(job.id, ['queued', 'printing'], { state: 'failed', reason: 'print-failed', message: (error as Error).message, spoolTag: null }, 'print.failed');
      }
    }
  }

  private async process(job: StoredJob): Promise<void> {
    const target = this.options.targets[job.printer];
    if (!target) {
      this.block(job, ['queued'], 'not-open', `no ${job.printer} printer is configured`);
      return;
    }
    const status = target.status();
    if (status.level === 'error') {
      this.block(job, ['queued'], status.reasons[0] ?? 'offline', status.message);
      return;
    }
    if (job.spoolTag !== null && (await this.settledEarlierAttempt(job, target))) return;

    let document;
    try {
      const sources = this.options.documents;
      if (!sources) throw new Error('no documents to print with');
      document = await renderPrintDocument({ ...sources, licence: (code) => this.options.registry.licence(code) }, job.creditCode, job.document, job.printer);
    } catch (error) {
      this.change(job.id, ['queued'], { state: 'failed', reason: 'render-failed', message: (error as Error).message, spoolTag: null }, 'print.failed');
      return;
    }
    const tag = `kiosk-print-${job.id}-${job.attempts + 1}`;
    const printing = this.change(job.id, ['queued'], { state: 'printing', attempts: job.attempts + 1, spoolTag: tag, reason: null, message: null, nextAttemptAt: null }, 'print.printing', { tag });
    if (!printing) return; // cancelled in the meantime
    try {
      await target.print(document, tag);
    } catch (error) {
      // A driver that ended the attempt made sure nothing more of it comes out, so the tag
      // no longer matters; after an uncertain failure the printer is asked by the tag first.
      this.failed({ ...printing, spoolTag: error instanceof OutcomeUnknownError ? tag : null }, error);
      return;
    }
    this.change(job.id, ['printing'], { state: 'printed', reason: null, message: null, spoolTag: null, printedAt: this.now().toISOString() }, 'print.printed');
  }

  /**
   * Asks the printer about the attempt a crash or a lost answer left unknown; true when
   * that settled the job (printed, waiting to ask again, or failed because the printer
   * cannot tell), false when the document is to be sent again.
   */
  private async settledEarlierAttempt(job: StoredJob, target: PrinterTarget): Promise<boolean> {
    let outcome: AttemptOutcome;
    try {
      outcome = await target.completedEarlier(job.spoolTag ?? '');
    } catch (error) {
      const reason = error instanceof DeviceError ? error.reason : 'disconnected';
      this.change(job.id, ['queued'], { state: 'waiting', reason, message: (error as Error).message }, 'print.waiting');
      return true;
    }
    if (outcome === 'completed') {
      this.change(job.id, ['queued'], { state: 'printed', reason: null, message: 'the printer had completed the attempt whose outcome was unknown', spoolTag: null, printedAt: this.now().toISOString() }, 'print.printed', { recovered: true });
    } else if (outcome === 'unknown') {
      // At most once: a technician looks and reprints (retry sends it again) if nothing came out.
      const message = `the ${job.printer} printer cannot tell whether attempt ${job.spoolTag ?? ''} came out, and is set never to risk a second copy`;
      this.change(job.id, ['queued'], { state: 'failed', reason: 'outcome-unknown', message, spoolTag: null }, 'print.failed');
    }
    return outcome !== 'not-completed';
  }

  private failed(job: StoredJob, error: unknown): void {
    if (!(error instanceof DeviceError)) {
      this.change(job.id, ['printing'], { state: 'failed', reason: 'print-failed', message: (error as Error).message, spoolTag: null }, 'print.failed');
      return;
    }
    if (!TRANSIENT.has(error.reason)) {
      this.block(job, ['printing'], error.reason, error.message);
      return;
    }
    const failures = job.failures + 1;
    const { maxAttempts, retryDelayMs } = this.options.settings;
    if (failures < maxAttempts) {
      const nextAttemptAt = new Date(this.now().getTime() + retryDelayMs * 2 ** (failures - 1)).toISOString();
      this.change(job.id, ['printing'], { state: 'queued', reason: error.reason, message: error.message, failures, nextAttemptAt, spoolTag: job.spoolTag }, 'print.retry-scheduled', { nextAttemptAt });
    } else if (!this.fallBack(job, ['printing'], error.reason, error.message)) {
      this.change(job.id, ['printing'], { state: 'failed', reason: error.reason, message: `gave up after ${failures} attempts: ${error.message}`, failures, spoolTag: job.spoolTag }, 'print.failed');
    }
  }

  /**
   * The printer cannot print now: fall back to the receipt printer, or wait for this one.
   * The job keeps the tag it comes with: set only while an attempt's outcome is unknown
   * (a crash, a lost answer), so the printer is asked about it before sending again.
   */
  private block(job: StoredJob, from: readonly PrintJobState[], reason: StatusReason, message: string): void {
    if (this.fallBack(job, from, reason, message)) return;
    this.change(job.id, from, { state: 'waiting', reason, message, spoolTag: job.spoolTag, nextAttemptAt: null }, 'print.waiting');
  }

  /**
   * Only a licence, only when configured and the receipt printer is ready, and never a job
   * whose crashed laser attempt may still be completed by the spooler.
   */
  private canFallBack(job: StoredJob): boolean {
    const thermal = this.options.targets.thermal;
    return (
      this.options.settings.fallbackToThermal && job.printer === 'laser' && isLicenceDocument(job.document) &&
      job.spoolTag === null && thermal !== undefined && thermal.status().level !== 'error'
    );
  }

  private fallBack(job: StoredJob, from: readonly PrintJobState[], reason: string, message: string): boolean {
    if (!this.canFallBack(job)) return false;
    const moved = this.change(
      job.id, from,
      { state: 'queued', printer: 'thermal', fallbackFrom: 'laser', reason, message: `laser printer: ${message}`, failures: 0, nextAttemptAt: null, spoolTag: null },
      'print.fallback',
    );
    return moved !== undefined;
  }

  /**
   * Jobs waiting for a printer that is printable again go back into the queue: at once
   * when its status changed since the job began to wait, otherwise after IDLE_RECHECK_MS,
   * so a fault its status does not show is not hammered.
   */
  private resumeWaiting(kind: PrinterKind): void {
    const target = this.options.targets[kind];
    const status = target?.status();
    if (!status || status.level === 'error') return;
    const now = this.now().getTime();
    for (const job of this.store.list(['waiting'])) {
      const waited = Date.parse(job.updatedAt);
      const due = Date.parse(status.since) > waited || now - waited >= IDLE_RECHECK_MS;
      if (job.printer === kind && due) this.change(job.id, ['waiting'], { state: 'queued' }, 'print.resumed');
      // The receipt printer is back while the laser printer is still out: the licence need not wait any longer.
      else if (kind === 'thermal' && this.canFallBack(job)) this.fallBack(job, ['waiting'], job.reason ?? 'offline', job.message ?? 'waiting');
    }
  }

  private delayUntilDue(kind: PrinterKind): number {
    const due = this.store.nextDueAt(kind);
    return due === undefined ? IDLE_RECHECK_MS : Math.min(IDLE_RECHECK_MS, Math.max(0, Date.parse(due) - this.now().getTime()));
  }

  // ---- plumbing ------------------------------------------------------------------

  /** The licence document the configuration asks for. */
  private licenceDocument(): DocumentKind {
    const { licence, paper } = this.options.settings;
    return licence === 'thermal' ? 'slip' : paper === 'A3' ? 'licence-a3' : 'licence-a4';
  }

  private add(job: Parameters<PrintJobStore['add']>[0]): PrintJob {
    const { job: stored, created } = this.store.add(job);
    if (created) {
      this.options.logger?.info({ job: stored.id, creditCode: stored.creditCode, document: stored.document, printer: stored.printer, reprint: stored.reprint }, 'print job queued');
      this.emit(stored);
      this.wakeAll();
    }
    return publicView(stored);
  }

  private maintain(id: number, from: readonly PrintJobState[], change: JobChange, event: string): PrintJob {
    const before = this.store.get(id);
    if (!before) throw new PrintRequestError('no-such-job', `no print job ${id}`);
    const after = this.change(id, from, change, event);
    if (!after) throw new PrintRequestError('not-allowed', `print job ${id} is ${before.state}; only a job that is ${from.join(', ')} can be ${change.state === 'cancelled' ? 'cancelled' : 'retried'}`);
    this.wakeAll();
    return publicView(after);
  }

  private change(id: number, from: readonly PrintJobState[], change: JobChange, event: string, detail: Record<string, unknown> = {}): StoredJob | undefined {
    const job = this.store.transition(id, from, change, event, detail);
    if (!job) return undefined;
    const log = { job: job.id, creditCode: job.creditCode, document: job.document, printer: job.printer, state: job.state, reason: job.reason, attempts: job.attempts };
    if (job.state === 'failed') this.options.logger?.error(log, job.message ?? 'print job failed');
    else if (job.state === 'waiting') this.options.logger?.warn(log, job.message ?? 'print job waiting');
    else this.options.logger?.info(log, event);
    this.emit(job);
    if (job.state === 'queued') this.wakeups[job.printer].notify();
    return job;
  }

  private emit(job: StoredJob): void {
    if (this.listeners.size === 0) return;
    const change = { creditCode: job.creditCode, jobs: this.jobsOf(job.creditCode), changed: publicView(job) };
    for (const listener of this.listeners) listener(change);
  }

  private wakeAll(): void {
    for (const kind of PRINTER_KINDS) this.wakeups[kind].notify();
  }

  private requireLicence(creditCode: string, status?: Licence['status']): Licence {
    const licence = this.options.registry.licence(creditCode);
    if (!licence) throw new PrintRequestError('licence-not-found', `no licence ${creditCode} in the registry`);
    if (status === 'active' && licence.status !== 'active') throw new PrintRequestError('licence-not-active', `licence ${creditCode} is deregistered`);
    if (status === 'deregistered' && licence.status !== 'deregistered') throw new PrintRequestError('licence-active', `licence ${creditCode} is not deregistered`);
    return licence;
  }
}
