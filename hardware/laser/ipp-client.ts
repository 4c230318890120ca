/**
 * The four IPP operations the kiosk uses against one print queue, sent as HTTP POSTs
 * with Content-Type application/ipp (CUPS: http://127.0.0.1:631/printers/NAME).
 * Each request opens its own connection: on loopback that costs nothing, and no
 * kept-alive socket can be closed under a request by the server.
 */
import { request as httpRequest } from 'node:http';
import { userInfo } from 'node:os';
import {
  DELIMITER_TAG,
  booleanValue,
  decodeIppMessage,
  encodeIppMessage,
  findAttribute,
  integerValue,
  ipp,
  stringValues,
  type IppAttribute,
  type IppMessage,
} from './ipp-message';

export const IPP_OPERATION = {
  printJob: 0x0002,
  cancelJob: 0x0008,
  getJobAttributes: 0x0009,
  getPrinterAttributes: 0x000b,
} as const;

export const IPP_STATUS = {
  ok: 0x0000,
  notPossible: 0x0404,
  notFound: 0x0406,
  notAcceptingJobs: 0x0506,
} as const;

export type PrinterState = 'idle' | 'processing' | 'stopped';
export type JobState = 'pending' | 'pending-held' | 'processing' | 'processing-stopped' | 'canceled' | 'aborted' | 'completed';

const PRINTER_STATES: Readonly<Record<number, PrinterState>> = { 3: 'idle', 4: 'processing', 5: 'stopped' };
const JOB_STATES: Readonly<Record<number, JobState>> = {
  3: 'pending',
  4: 'pending-held',
  5: 'processing',
  6: 'processing-stopped',
  7: 'canceled',
  8: 'aborted',
  9: 'completed',
};

export interface PrinterAttributes {
  readonly state: PrinterState;
  /** printer-state-reasons keywords as the spooler gives them, e.g. media-empty-error; 'none' dropped. */
  readonly reasons: readonly string[];
  readonly message: string;
  readonly acceptingJobs: boolean;
}

export interface JobAttributes {
  readonly id: number;
  readonly state: JobState;
  readonly reasons: readonly string[];
  readonly message: string;
}

/** The server could not be reached, did not answer in time, or answered with something other than IPP. */
export class IppTransportError extends Error {
  constructor(
    message: string,
    /** False only when the request cannot have reached the server (the connection was never made). */
    readonly requestMayHaveArrived = true,
  ) {
    super(message);
    this.name = 'IppTransportError';
  }
}

/** The server answered with an IPP error status. */
export class IppStatusError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    statusMessage: string,
  ) {
    super(`${operation}: IPP status 0x${status.toString(16).padStart(4, '0')}${statusMessage ? ` (${statusMessage})` : ''}`);
    this.name = 'IppStatusError';
  }
}

export interface IppClientOptions {
  /** Whose job it is; the local user by default, as with `lp`. */
  readonly requestingUserName?: string;
  readonly timeoutMs?: number;
  /** Larger answers are refused; a queue's state fits in a few KB. */
  readonly maxResponseBytes?: number;
}

const PRINTER_STATUS_ATTRIBUTES = ['printer-state', 'printer-state-reasons', 'printer-state-message', 'printer-is-accepting-jobs'];
const JOB_STATUS_ATTRIBUTES = ['job-id', 'job-state', 'job-state-reasons', 'job-state-message'];

const attribute = (name: string, ...values: IppAttribute['values']): IppAttribute => ({ name, values });

export class IppClient {
  /** host:port, for messages. */
  readonly server: string;
  /** The queue's name, the last segment of its URI. */
  readonly queue: string;
  private readonly url: URL;
  private readonly printerUri: string;
  private readonly requestingUserName: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private nextRequestId = 1;

  /** printerUri: http://host:port/printers/NAME or ipp://host[:631]/printers/NAME. */
  constructor(printerUri: string, options: IppClientOptions = {}) {
    const parsed = new URL(printerUri);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'ipp:') {
      throw new TypeError(`printer URI ${printerUri}: only http:// and ipp:// are supported`);
    }
    const port = parsed.port || (parsed.protocol === 'ipp:' ? '631' : '80');
    this.url = new URL(`http://${parsed.hostname}:${port}${parsed.pathname}`);
    this.printerUri = `ipp://${parsed.hostname}:${port}${parsed.pathname}`;
    this.server = `${parsed.hostname}:${port}`;
    this.queue = decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? '');
    this.requestingUserName = options.requestingUserName ?? userInfo().username;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxResponseBytes = options.maxResponseBytes ?? 1 << 20;
  }

  async printJob(document: Uint8Array, job: { title: string; documentFormat?: string }, timeoutMs?: number): Promise<number> {
    const answer = await this.send(
      'Print-Job',
      IPP_OPERATION.printJob,
      [
        attribute('job-name', ipp.name(job.title)),
        attribute('document-format', ipp.mimeMediaType(job.documentFormat ?? 'application/pdf')),
      ],
      document,
      timeoutMs,
    );
    const id = integerValue(findAttribute(answer, DELIMITER_TAG.job, 'job-id'));
    if (id === undefined) throw new IppTransportError('Print-Job: the answer has no job-id');
    return id;
  }

  async getJobAttributes(jobId: number, timeoutMs?: number): Promise<JobAttributes> {
    const answer = await this.send(
      'Get-Job-Attributes',
      IPP_OPERATION.getJobAttributes,
      [attribute('job-id', ipp.integer(jobId)), attribute('requested-attributes', ...JOB_STATUS_ATTRIBUTES.map(ipp.keyword))],
      undefined,
      timeoutMs,
    );
    const job = (name: string) => findAttribute(answer, DELIMITER_TAG.job, name);
    const state = JOB_STATES[integerValue(job('job-state')) ?? 0];
    if (!state) throw new IppTransportError(`Get-Job-Attributes: job ${jobId} has no known job-state`);
    return {
      id: jobId,
      state,
      reasons: stringValues(job('job-state-reasons')).filter((reason) => reason !== 'none'),
      message: stringValues(job('job-state-message'))[0] ?? '',
    };
  }

  async cancelJob(jobId: number, timeoutMs?: number): Promise<void> {
    await this.send('Cancel-Job', IPP_OPERATION.cancelJob, [attribute('job-id', ipp.integer(jobId))], undefined, timeoutMs);
  }

  async getPrinterAttributes(timeoutMs?: number): Promise<PrinterAttributes> {
    const answer = await this.send(
      'Get-Printer-Attributes',
      IPP_OPERATION.getPrinterAttributes,
      [attribute('requested-attributes', ...PRINTER_STATUS_ATTRIBUTES.map(ipp.keyword))],
      undefined,
      timeoutMs,
    );
    const printer = (name: string) => findAttribute(answer, DELIMITER_TAG.printer, name);
    const state = PRINTER_STATES[integerValue(printer('printer-state')) ?? 0];
    if (!state) throw new IppTransportError(`Get-Printer-Attributes: queue ${this.queue} has no known printer-state`);
    return {
      state,
      reasons: stringValues(printer('printer-state-reasons')).filter((reason) => reason !== 'none'),
      message: stringValues(printer('printer-state-message'))[0] ?? '',
      acceptingJobs: booleanValue(printer('printer-is-accepting-jobs')) ?? true,
    };
  }

  /** One operation on this queue; rejects with IppTransportError, IppStatusError or IppDecodeError. */
  async send(
    operationName: string,
    operation: number,
    attributes: readonly IppAttribute[],
    document?: Uint8Array,
    timeoutMs = this.timeoutMs,
  ): Promise<IppMessage> {
    const body = encodeIppMessage({
      version: [1, 1],
      code: operation,
      requestId: this.nextRequestId++,
      groups: [
        {
          tag: DELIMITER_TAG.operation,
          attributes: [
            attribute('attributes-charset', ipp.charset('utf-8')),
            attribute('attributes-natural-language', ipp.naturalLanguage('en')),
            attribute('printer-uri', ipp.uri(this.printerUri)),
            attribute('requesting-user-name', ipp.name(this.requestingUserName)),
            ...attributes,
          ],
        },
      ],
      data: document ?? new Uint8Array(0),
    });
    const answer = decodeIppMessage(await this.post(operationName, body, timeoutMs));
    if (answer.code >= 0x0100) {
      const statusMessage = stringValues(findAttribute(answer, DELIMITER_TAG.operation, 'status-message'))[0] ?? '';
      throw new IppStatusError(operationName, answer.code, statusMessage);
    }
    return answer;
  }

  private post(operationName: string, body: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    return new Promise<Uint8Array>((resolve, reject) => {
      // Until the connection is made, nothing of the request can have reached the server.
      let connected = false;
      const fail = (message: string) => reject(new IppTransportError(`${operationName} to ${this.server}: ${message}`, connected));
      const req = httpRequest(this.url, {
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length },
      });
      req.on('socket', (socket) => socket.once('connect', () => (connected = true)));
      const timer = setTimeout(() => {
        req.destroy();
        fail(`no answer within ${timeoutMs} ms`);
      }, timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        fail(error.message);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxResponseBytes) {
            clearTimeout(timer);
            req.destroy();
            fail(`answer larger than ${this.maxResponseBytes} bytes`);
          } else {
            chunks.push(chunk);
          }
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          fail(error.message);
        });
        res.on('end', () => {
          clearTimeout(timer);
          const type = res.headers['content-type'] ?? '';
          if (res.statusCode !== 200) fail(`HTTP ${res.statusCode ?? '?'} ${res.statusMessage ?? ''}`.trim());
          else if (!type.startsWith('application/ipp')) fail(`answer is ${type || 'untyped'}, not application/ipp`);
          else resolve(new Uint8Array(Buffer.concat(chunks)));
        });
      });
      req.end(body);
    });
  }
}
