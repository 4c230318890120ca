/**
 * The laser printer's emulator: an IPP print queue on a loopback port that speaks the
 * operations the driver uses (and Get-Jobs), like CUPS with one queue. Jobs print instantly;
 * faults set printer-state and printer-state-reasons as CUPS does (a queue out of
 * paper or offline is stopped and holds its jobs until the fault clears).
 * Received PDFs are kept in memory and, if a folder is given, written there too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { IPP_OPERATION, IPP_STATUS } from './ipp-client';
import { DELIMITER_TAG, findAttribute, integerValue, ipp, stringValues, type IppAttribute } from './ipp-message';
import { answerIpp, startIppServer, type IppServer, type ReceivedIpp } from './ipp-server';

export type LaserFault = 'media-empty' | 'toner-low' | 'offline';

export const LASER_FAULTS: readonly LaserFault[] = ['media-empty', 'toner-low', 'offline'];

export interface ReceivedDocument {
  readonly jobId: number;
  readonly title: string;
  readonly pdf: Uint8Array;
  /** Where it was written, when the emulator has a folder. */
  readonly file?: string;
}

export interface IppEmulatorOptions {
  /** 'sim' by default. */
  readonly queue?: string;
  readonly port?: number;
  /** Also write every printed document here (created if missing). */
  readonly documentsDir?: string;
  /** How many printed documents receivedDocuments() keeps in memory, newest last; 20 by default. */
  readonly keepDocuments?: number;
}

// Like CUPS (MaxJobs 500): an emulator that runs for weeks in a demo kiosk must not grow.
const MAX_JOB_HISTORY = 500;
// Titles are small: enough of them to count copies over a long soak.
const MAX_PRINTED_TITLES = 10_000;

const PRINTER_STATE = { idle: 3, stopped: 5 } as const;
const JOB_STATE = { pending: 3, canceled: 7, completed: 9 } as const;
type JobState = (typeof JOB_STATE)[keyof typeof JOB_STATE];

/** What each fault looks like on a CUPS queue. */
const FAULT_STATE: Readonly<Record<LaserFault, { readonly stopped: boolean; readonly reason: string; readonly message: string }>> = {
  'media-empty': { stopped: true, reason: 'media-empty-error', message: 'Out of paper' },
  'toner-low': { stopped: false, reason: 'toner-low-warning', message: 'Toner low' },
  offline: { stopped: true, reason: 'offline-report', message: 'Printer not responding' },
};

interface Job {
  readonly id: number;
  readonly title: string;
  /** Dropped once printed: the job history keeps only what Get-Jobs reports. */
  pdf: Uint8Array | undefined;
  state: JobState;
}

const UNSUPPORTED_OPERATION = 0x0501;
/** Get-Jobs (RFC 8011 §4.2.6); the driver itself does not use it. */
const GET_JOBS = 0x000a;

export class IppPrinterEmulator {
  private server: IppServer | undefined;
  private readonly jobs = new Map<number, Job>();
  private readonly documents: ReceivedDocument[] = [];
  private readonly titles: string[] = [];
  private fault: LaserFault | undefined;
  private nextJobId = 1;
  private repliesToLose = 0;

  constructor(private readonly options: IppEmulatorOptions = {}) {}

  /** Starts listening; resolves with the printer URI for LaserPrinter. */
  async start(): Promise<string> {
    this.server ??= await startIppServer((request, res) => this.handle(request, res), {
      queue: this.options.queue ?? 'sim',
      ...(this.options.port !== undefined ? { port: this.options.port } : {}),
    });
    return this.server.uri;
  }

  get uri(): string {
    if (!this.server) throw new Error('the IPP printer emulator is not started');
    return this.server.uri;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  injectFault(fault: LaserFault): void {
    this.fault = fault;
  }

  /** Clears the fault; a stopped queue resumes and prints the jobs it held. */
  clearFault(): void {
    this.fault = undefined;
    for (const job of this.jobs.values()) if (job.state === JOB_STATE.pending) this.complete(job);
  }

  /**
   * The next `count` Print-Job requests are accepted (and printed, unless the queue is
   * stopped) but their answers are lost on the way back: the connection closes instead.
   */
  loseNextPrintJobReplies(count = 1): void {
    this.repliesToLose = count;
  }

  currentFault(): LaserFault | undefined {
    return this.fault;
  }

  /** The newest printed documents with their PDFs (keepDocuments of them). */
  receivedDocuments(): readonly ReceivedDocument[] {
    return this.documents;
  }

  /** The title of every printed document, oldest first (the last 10,000). */
  printedTitles(): readonly string[] {
    return this.titles;
  }

  private get stopped(): boolean {
    return this.fault !== undefined && FAULT_STATE[this.fault].stopped;
  }

  private handle(request: ReceivedIpp, res: ServerResponse): void {
    const operation = (name: string) => findAttribute(request.message, DELIMITER_TAG.operation, name);
    switch (request.message.code) {
      case IPP_OPERATION.getPrinterAttributes:
        return answerIpp(res, request, IPP_STATUS.ok, [{ tag: DELIMITER_TAG.printer, attributes: this.printerAttributes() }]);
      case IPP_OPERATION.printJob: {
        const job: Job = {
          id: this.nextJobId++,
          title: stringValues(operation('job-name'))[0] ?? 'untitled',
          pdf: request.message.data,
          state: JOB_STATE.pending,
        };
        this.jobs.set(job.id, job);
        if (!this.stopped) this.complete(job);
        if (this.repliesToLose > 0) {
          this.repliesToLose--;
          res.socket?.destroy();
          return;
        }
        return answerIpp(res, request, IPP_STATUS.ok, [{ tag: DELIMITER_TAG.job, attributes: this.jobAttributes(job) }]);
      }
      case IPP_OPERATION.getJobAttributes: {
        const job = this.jobs.get(integerValue(operation('job-id')) ?? -1);
        if (!job) return answerIpp(res, request, IPP_STATUS.notFound);
        return answerIpp(res, request, IPP_STATUS.ok, [{ tag: DELIMITER_TAG.job, attributes: this.jobAttributes(job) }]);
      }
      case GET_JOBS:
        // Every job, newest last, as CUPS answers which-jobs=all (crash recovery looks jobs up by name).
        return answerIpp(res, request, IPP_STATUS.ok, [...this.jobs.values()].map((job) => ({ tag: DELIMITER_TAG.job, attributes: this.jobAttributes(job) })));
      case IPP_OPERATION.cancelJob: {
        const job = this.jobs.get(integerValue(operation('job-id')) ?? -1);
        if (!job) return answerIpp(res, request, IPP_STATUS.notFound);
        if (job.state !== JOB_STATE.pending) return answerIpp(res, request, IPP_STATUS.notPossible);
        job.state = JOB_STATE.canceled;
        return answerIpp(res, request, IPP_STATUS.ok);
      }
      default:
        return answerIpp(res, request, UNSUPPORTED_OPERATION);
    }
  }

  private complete(job: Job): void {
    const pdf = job.pdf ?? new Uint8Array(0);
    job.state = JOB_STATE.completed;
    job.pdf = undefined;
    let file: string | undefined;
    if (this.options.documentsDir) {
      mkdirSync(this.options.documentsDir, { recursive: true });
      file = join(this.options.documentsDir, `job-${job.id}.pdf`);
      writeFileSync(file, pdf);
    }
    this.documents.push({ jobId: job.id, title: job.title, pdf, ...(file ? { file } : {}) });
    if (this.documents.length > (this.options.keepDocuments ?? 20)) this.documents.shift();
    this.titles.push(job.title);
    if (this.titles.length > MAX_PRINTED_TITLES) this.titles.shift();
    for (const [id, old] of this.jobs) {
      if (this.jobs.size <= MAX_JOB_HISTORY) break;
      if (old.state !== JOB_STATE.pending) this.jobs.delete(id);
    }
  }

  private printerAttributes(): IppAttribute[] {
    const fault = this.fault ? FAULT_STATE[this.fault] : undefined;
    return [
      { name: 'printer-state', values: [ipp.enum(this.stopped ? PRINTER_STATE.stopped : PRINTER_STATE.idle)] },
      { name: 'printer-state-reasons', values: [ipp.keyword(fault?.reason ?? 'none')] },
      { name: 'printer-state-message', values: [ipp.text(fault?.message ?? '')] },
      { name: 'printer-is-accepting-jobs', values: [ipp.boolean(true)] },
    ];
  }

  private jobAttributes(job: Job): IppAttribute[] {
    return [
      { name: 'job-id', values: [ipp.integer(job.id)] },
      { name: 'job-name', values: [ipp.name(job.title)] },
      { name: 'job-state', values: [ipp.enum(job.state)] },
      { name: 'job-state-reasons', values: [ipp.keyword(job.state === JOB_STATE.pending && this.stopped ? 'printer-stopped' : 'none')] },
    ];
  }
}
