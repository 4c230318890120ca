/**
 * Driver for the licence printer: a laser printer behind the operating system's
 * spooler (CUPS), reached over IPP.
 *
 * The queue's state is polled every statusPollMs. print() submits a PDF and follows
 * the job until the spooler says completed; a printer that is gone leaves a job
 * processing forever, so print() has its own deadline. Whenever print() gives up it
 * cancels the job first: a licence must not come out later with nobody there to take
 * it, and the caller's retry would print it twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DeviceError, OutcomeUnknownError, type DevicePort, type DeviceStatus, type StatusListener } from '../device';
import { DeviceStatusTracker } from '../device-status';
import { IPP_STATUS, IppClient, IppStatusError, IppTransportError, type JobAttributes } from './ipp-client';
import { IppDecodeError } from './ipp-message';
import { describeQueue, type QueueStatus } from './queue-status';

export interface LaserPrinterOptions {
  /** e.g. http://127.0.0.1:631/printers/licence */
  readonly printerUri: string;
  /** Default deadline of print(); devices.laser.jobTimeoutSeconds in the configuration. */
  readonly jobTimeoutMs?: number;
  readonly statusPollMs?: number;
  readonly jobPollMs?: number;
  /** Deadline of one IPP request; print() may overrun its own deadline by up to this much when the spooler hangs. */
  readonly requestTimeoutMs?: number;
  readonly requestingUserName?: string;
}

export interface PrintRequest {
  /** The job's name in the queue; never personal data. */
  readonly title: string;
  readonly timeoutMs?: number;
}

export interface PrintedJob {
  readonly jobId: number;
}

export const DEFAULT_LASER_TIMINGS = {
  jobTimeoutMs: 120_000,
  // A change of the queue's state shows within about two seconds.
  statusPollMs: 1000,
  jobPollMs: 250,
  requestTimeoutMs: 5000,
} as const;

const PDF_MAGIC = '%PDF-';

/** Whether a failed Print-Job may have reached the spooler all the same (its answer was lost). */
function mayHaveArrived(error: unknown): boolean {
  if (error instanceof IppTransportError) return error.requestMayHaveArrived;
  return error instanceof IppDecodeError;
}

function isPdf(document: Uint8Array): boolean {
  return document.length > PDF_MAGIC.length && [...PDF_MAGIC].every((char, i) => document[i] === char.charCodeAt(0));
}

export class LaserPrinter implements DevicePort {
  readonly kind = 'laser' as const;
  readonly driver = 'ipp';

  private readonly tracker = new DeviceStatusTracker(this.kind, this.driver);
  private readonly client: IppClient;
  private readonly jobTimeoutMs: number;
  private readonly statusPollMs: number;
  private readonly jobPollMs: number;
  private readonly requestTimeoutMs: number;

  private opened = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private pollInFlight = false;
  /** Answers can arrive out of order; only the answer to the latest request counts. */
  private lastRequested = 0;
  private lastApplied = 0;

  constructor(options: LaserPrinterOptions) {
    this.client = new IppClient(
      options.printerUri,
      options.requestingUserName ? { requestingUserName: options.requestingUserName } : {},
    );
    this.jobTimeoutMs = options.jobTimeoutMs ?? DEFAULT_LASER_TIMINGS.jobTimeoutMs;
    this.statusPollMs = options.statusPollMs ?? DEFAULT_LASER_TIMINGS.statusPollMs;
    this.jobPollMs = options.jobPollMs ?? DEFAULT_LASER_TIMINGS.jobPollMs;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_LASER_TIMINGS.requestTimeoutMs;
  }

  /**
   * Asks the queue for its state once. Rejects with 'disconnected' (spooler unreachable)
   * or 'offline' (no such queue), but keeps polling, so a spooler that comes up later
   * is noticed; close() stops that. A queue that answers with a fault opens fine: the
   * fault is its status.
   */
  async open(): Promise<void> {
    if (this.opened) return;
    this.opened = true;
    this.pollTimer = setInterval(() => void this.poll(), this.statusPollMs);
    this.pollTimer.unref();
    const answered = await this.refresh(this.requestTimeoutMs);
    if (!answered) {
      const status = this.status();
      throw new DeviceError(status.reasons[0] ?? 'disconnected', status.message);
    }
  }

  async close(): Promise<void> {
    this.opened = false;
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.tracker.set('error', ['not-open'], 'closed');
  }

  status(): DeviceStatus {
    return this.tracker.get();
  }

  onStatus(listener: StatusListener): () => void {
    return this.tracker.onChange(listener);
  }

  /**
   * Prints a PDF and resolves once the spooler reports the job completed, never before.
   * Rejects with DeviceError:
   * - the reason the queue stopped, e.g. 'media-empty' (CUPS stops a queue whose printer
   *   ran out of paper) or 'offline' (stopped by a technician): the job is cancelled and
   *   the caller decides whether to wait for the status to clear and print again;
   * - 'timeout': not completed by the deadline (a printer that is gone leaves the job
   *   processing forever); the job is cancelled;
   * - 'disconnected' (spooler unreachable), 'not-open'.
   * An OutcomeUnknownError (a DeviceError) says the spooler may have the job all the same:
   * the answer to Print-Job was lost, or a job given up on could not be cancelled. The
   * job's name (`title`) finds it in the spooler's history before anything is sent again.
   */
  async print(pdf: Uint8Array, request: PrintRequest): Promise<PrintedJob> {
    if (!this.opened) throw new DeviceError('not-open', 'laser printer is not open');
    if (!isPdf(pdf)) throw new TypeError(`print expects a PDF document (starting with ${PDF_MAGIC})`);
    const timeoutMs = request.timeoutMs ?? this.jobTimeoutMs;
    const deadline = Date.now() + timeoutMs;

    let jobId: number;
    try {
      jobId = await this.client.printJob(pdf, { title: request.title }, this.requestTimeoutMs);
    } catch (error) {
      const failure = this.asDeviceError(error);
      this.apply(++this.lastRequested, failure);
      if (!mayHaveArrived(error)) throw failure;
      throw new OutcomeUnknownError(failure.reason, `${failure.message}; the spooler may have accepted job "${request.title}"`);
    }

    try {
      await this.followJob(jobId, deadline, timeoutMs);
      return { jobId };
    } catch (error) {
      // The job may have completed between the last look and the cancel.
      const state = await this.cancel(jobId);
      if (state === 'completed') return { jobId };
      if (state === 'canceled' || state === 'aborted') throw error;
      const failure = this.asDeviceError(error);
      throw new OutcomeUnknownError(failure.reason, `${failure.message}; job ${jobId} could not be cancelled (${state ?? 'no answer'}) and may still print`);
    }
  }

  private async followJob(jobId: number, deadline: number, timeoutMs: number): Promise<void> {
    let queue: QueueStatus | undefined;
    for (;;) {
      if (!this.opened) throw new DeviceError('not-open', `laser printer closed while job ${jobId} was printing`);
      if (Date.now() >= deadline) {
        const last = queue ? `; ${queue.message}` : '';
        throw new DeviceError('timeout', `job ${jobId} not completed within ${timeoutMs} ms; cancelled${last}`);
      }
      // Requests keep their own timeout rather than the job's remaining time: cut short,
      // an answer that is merely late would read as a spooler that is gone.
      const job = await this.client.getJobAttributes(jobId, this.requestTimeoutMs).catch(() => undefined);
      queue = (await this.refresh(this.requestTimeoutMs)) ?? queue;
      if (job?.state === 'completed') return;
      if (job) this.throwIfJobCannotFinish(job, queue);
      await sleep(Math.max(0, Math.min(this.jobPollMs, deadline - Date.now())));
    }
  }

  /**
   * A stopped queue holds the job until someone acts, so waiting is pointless. A fault
   * while the job runs (paper out, jam, printer unreachable) shows in the status but
   * does not end the wait: a real printer resumes once it is cleared, and the deadline
   * bounds the wait. Reasons can also be stale (CUPS keeps a backend's reasons until
   * the next job clears them), which must not fail a job that has just started.
   */
  private throwIfJobCannotFinish(job: JobAttributes, queue: QueueStatus | undefined): void {
    const detail = `job ${job.id}${job.message ? ` (${job.message})` : ''}; ${queue?.message ?? 'queue state unknown'}`;
    if (job.state === 'canceled' || job.state === 'aborted') {
      throw new DeviceError(queue?.stoppedBy ?? 'protocol-error', `${detail}: ${job.state} by the spooler`);
    }
    if (queue?.stoppedBy) throw new DeviceError(queue.stoppedBy, `cannot print ${detail}`);
  }

  /** Cancels and reports the job's state afterwards, if the spooler tells. Never throws. */
  private async cancel(jobId: number): Promise<JobAttributes['state'] | undefined> {
    await this.client.cancelJob(jobId, this.requestTimeoutMs).catch(() => undefined);
    const job = await this.client.getJobAttributes(jobId, this.requestTimeoutMs).catch(() => undefined);
    return job?.state;
  }

  private async poll(): Promise<void> {
    if (this.pollInFlight) return;
    this.pollInFlight = true;
    try {
      await this.refresh(this.requestTimeoutMs);
    } finally {
      this.pollInFlight = false;
    }
  }

  /** Reads the queue's state into the status; undefined when the spooler did not answer. */
  private async refresh(timeoutMs: number): Promise<QueueStatus | undefined> {
    const ticket = ++this.lastRequested;
    try {
      const queue = describeQueue(this.client.queue, await this.client.getPrinterAttributes(timeoutMs));
      this.apply(ticket, queue);
      return queue;
    } catch (error) {
      this.apply(ticket, this.asDeviceError(error));
      return undefined;
    }
  }

  private apply(ticket: number, outcome: QueueStatus | DeviceError): void {
    if (!this.opened || ticket < this.lastApplied) return;
    this.lastApplied = ticket;
    if (outcome instanceof DeviceError) this.tracker.set('error', [outcome.reason], outcome.message);
    else this.tracker.set(outcome.level, outcome.reasons, outcome.message);
  }

  private asDeviceError(error: unknown): DeviceError {
    const server = `CUPS at ${this.client.server}`;
    if (error instanceof DeviceError) return error;
    if (error instanceof IppTransportError) return new DeviceError('disconnected', `${server} unreachable: ${error.message}`);
    if (error instanceof IppStatusError && error.status === IPP_STATUS.notFound) {
      return new DeviceError('offline', `${server} has no queue ${this.client.queue}`);
    }
    if (error instanceof IppStatusError && error.status === IPP_STATUS.notAcceptingJobs) {
      return new DeviceError('offline', `queue ${this.client.queue} on ${server} rejects jobs`);
    }
    if (error instanceof IppStatusError) return new DeviceError('protocol-error', `${server}: ${error.message}`);
    if (error instanceof IppDecodeError) return new DeviceError('protocol-error', `${server} answered garbled IPP: ${error.message}`);
    return new DeviceError('protocol-error', `${server}: ${(error as Error).message}`);
  }
}
