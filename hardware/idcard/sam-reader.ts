/**
 * Driver for a 2nd-generation ID card reader on a serial port (SAM protocol).
 *
 * One request is in flight at a time. While idle the driver sends find-card every
 * idleProbeMs, which keeps the status honest (card present or not, reader answering or
 * not); when the port goes away it tries to reopen it every reopenIntervalMs.
 */
import { OneAtATime } from '../serial/one-at-a-time';
import { ReopenLoop } from '../serial/reopen-loop';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import { DeviceError, type DevicePort, type DeviceStatus, type StatusListener } from '../device';
import { DeviceStatusTracker } from '../device-status';
import type { SerialBinding } from '../serial/serial-binding';
import { decodeCardText, type IdCardText } from './card-text';
import { decodeReadPayload } from './read-response';
import { createResponseDecoder, encodeRequest, type SamFrameError, type SamResponse } from './sam-frame';
import { SAM_STATUS, describeSamStatus, hexByte, samRequest, type SamCommandName } from './sam-protocol';

export interface SamRetryPolicy {
  /** Resends of one command after a timeout or a garbled answer. */
  readonly commandRetries: number;
  /** Restarts of find → select → read after the card failed (select or read failed, bad text). */
  readonly cardRetries: number;
}

export interface SamReaderOptions {
  readonly path: string;
  /** 115200 8N1 unless the reader is configured otherwise. */
  readonly baudRate?: number;
  /** serialport binding; the platform's by default, MockBinding-based in tests. */
  readonly binding?: SerialBinding;
  readonly timeoutsMs?: Partial<Record<SamCommandName, number>>;
  readonly retry?: Partial<SamRetryPolicy>;
  readonly idleProbeMs?: number;
  readonly reopenIntervalMs?: number;
}

export interface IdCardReading {
  readonly card: IdCardText;
  /** The 1024-byte photo as stored on the card; decode it with a WltDecoder. */
  readonly wlt: Uint8Array;
}

export const DEFAULT_SAM_TIMEOUTS_MS: Readonly<Record<SamCommandName, number>> = {
  findCard: 500,
  selectCard: 500,
  // 1295 bytes take ~115 ms on the line; the card's radio link is the slow part.
  readCard: 2000,
};

export const DEFAULT_SAM_RETRY: SamRetryPolicy = { commandRetries: 1, cardRetries: 2 };

type Exchange =
  | { readonly kind: 'answer'; readonly response: SamResponse }
  | { readonly kind: 'garbled'; readonly error: SamFrameError }
  | { readonly kind: 'timeout'; readonly partialBytes: number }
  | { readonly kind: 'gone' };

type ReaderState = 'closed' | 'connecting' | 'open';

/** The SW3 codes each command can legitimately answer with, besides request errors. */
const EXPECTED_STATUS: Readonly<Record<SamCommandName, readonly number[]>> = {
  findCard: [SAM_STATUS.cardFound, SAM_STATUS.noCard],
  selectCard: [SAM_STATUS.ok, SAM_STATUS.selectFailed],
  readCard: [SAM_STATUS.ok, SAM_STATUS.readFailed],
};

/** The reader says our request arrived damaged: worth sending again. */
const REQUEST_DAMAGED: readonly number[] = [SAM_STATUS.checksumError, SAM_STATUS.lengthError];

function describeFrameError(error: SamFrameError): string {
  return error.kind === 'bad-checksum'
    ? `answer with bad checksum (expected ${hexByte(error.expected)}, got ${hexByte(error.actual)})`
    : `answer with impossible length ${error.length}`;
}

function parseReading(data: Uint8Array): { ok: true; reading: IdCardReading } | { ok: false; problem: string } {
  const payload = decodeReadPayload(data);
  if (!payload.ok) return payload;
  const text = decodeCardText(payload.payload.text);
  if (!text.ok) return text;
  return { ok: true, reading: { card: text.card, wlt: payload.payload.wlt } };
}

export class SamReader implements DevicePort {
  readonly kind = 'idcard' as const;
  readonly driver = 'sam-serial';

  private readonly tracker = new DeviceStatusTracker(this.kind, this.driver);
  private readonly path: string;
  private readonly baudRate: number;
  private readonly binding: SerialBinding;
  private readonly timeoutsMs: Readonly<Record<SamCommandName, number>>;
  private readonly retry: SamRetryPolicy;
  private readonly idleProbeMs: number;
  private readonly reopenIntervalMs: number;

  private state: ReaderState = 'closed';
  private port: SerialPortStream | undefined;
  private readonly decoder = createResponseDecoder();
  private settleExchange: ((outcome: Exchange) => void) | undefined;
  private readonly exchanges = new OneAtATime();
  private cardPresent = false;
  private probeTimer: NodeJS.Timeout | undefined;
  private readonly reopening: ReopenLoop;

  constructor(options: SamReaderOptions) {
    this.path = options.path;
    this.baudRate = options.baudRate ?? 115200;
    this.binding = options.binding ?? SerialPort.binding;
    this.timeoutsMs = { ...DEFAULT_SAM_TIMEOUTS_MS, ...options.timeoutsMs };
    this.retry = { ...DEFAULT_SAM_RETRY, ...options.retry };
    this.idleProbeMs = options.idleProbeMs ?? 500;
    this.reopenIntervalMs = options.reopenIntervalMs ?? 1000;
    this.reopening = new ReopenLoop(() => (this.state === 'connecting' ? this.connect() : Promise.resolve()), this.reopenIntervalMs);
  }

  /**
   * Opens the port and asks the reader once whether a card is there; calling it again
   * while open or reconnecting does nothing. If the port cannot be opened this rejects
   * with 'disconnected' but keeps trying in the background, so a reader plugged in
   * later comes up by itself; close() stops that.
   */
  async open(): Promise<void> {
    if (this.state !== 'closed') return;
    this.state = 'connecting';
    try {
      await this.connect();
    } catch (error) {
      const message = `cannot open ${this.path}: ${(error as Error).message}`;
      this.lost(message);
      throw new DeviceError('disconnected', message);
    }
  }

  async close(): Promise<void> {
    const port = this.port;
    this.state = 'closed';
    this.port = undefined;
    this.stopTimers();
    this.settleExchange?.({ kind: 'gone' });
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.tracker.set('error', ['not-open'], 'closed');
  }

  status(): DeviceStatus {
    return this.tracker.get();
  }

  onStatus(listener: StatusListener): () => void {
    return this.tracker.onChange(listener);
  }

  /** find → select → read. Rejects with DeviceError: no-card, timeout, protocol-error, disconnected, not-open. */
  readCard(): Promise<IdCardReading> {
    return this.exchanges.run(async () => {
      let failure: DeviceError | undefined;
      for (let round = 0; round <= this.retry.cardRetries; round++) {
        const found = await this.command('findCard');
        if (found.sw3 === SAM_STATUS.noCard) throw new DeviceError('no-card', 'no card on the reader');

        const selected = await this.command('selectCard');
        if (selected.sw3 !== SAM_STATUS.ok) {
          failure = new DeviceError('protocol-error', `card could not be read: ${describeSamStatus(selected.sw3)}`);
          continue;
        }

        const read = await this.command('readCard');
        if (read.sw3 !== SAM_STATUS.ok) {
          failure = new DeviceError('protocol-error', `card could not be read: ${describeSamStatus(read.sw3)}`);
          continue;
        }

        const parsed = parseReading(read.data);
        if (parsed.ok) return parsed.reading;
        failure = new DeviceError('protocol-error', `card data unreadable: ${parsed.problem}`);
      }
      throw failure as DeviceError;
    });
  }

  private async connect(): Promise<void> {
    const port = new SerialPortStream({ binding: this.binding, path: this.path, baudRate: this.baudRate, autoOpen: false });
    // Failures also arrive as 'close' with a disconnect error; that is where they are handled.
    port.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    if (this.state === 'closed') {
      port.close();
      return;
    }
    this.port = port;
    this.state = 'open';
    port.on('data', (chunk: Buffer) => this.received(chunk));
    port.on('close', () => {
      if (this.port === port) this.lost(`reader on ${this.path} disconnected; reopening every ${this.reopenIntervalMs} ms`);
    });
    this.stopTimers();
    this.probeTimer = setInterval(() => void this.probe(), this.idleProbeMs).unref();
    await this.probe();
  }

  /** The port is gone (unplugged, or could not be opened): report it and start reopening. */
  private lost(message: string): void {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    this.port = undefined;
    this.stopTimers();
    this.settleExchange?.({ kind: 'gone' });
    this.tracker.set('error', ['disconnected'], message);
    this.reopening.start();
  }

  private stopTimers(): void {
    clearInterval(this.probeTimer);
    this.reopening.stop();
    this.probeTimer = undefined;
  }

  /** Idle check; skipped while anything else talks to the reader. Outcomes land in the status. */
  private async probe(): Promise<void> {
    if (this.exchanges.busy || this.state !== 'open') return;
    await this.exchanges.run(() => this.command('findCard')).catch(() => undefined);
  }


  /** One command with resends; updates the status with what it learnt. */
  private async command(name: SamCommandName): Promise<SamResponse> {
    let failure: DeviceError | undefined;
    for (let attempt = 0; attempt <= this.retry.commandRetries; attempt++) {
      const outcome = await this.exchange(name);
      if (outcome.kind === 'gone') throw this.unavailable();
      if (outcome.kind === 'timeout') {
        failure = new DeviceError(
          'timeout',
          outcome.partialBytes > 0
            ? `${name}: answer stopped after ${outcome.partialBytes} bytes`
            : `${name}: no answer within ${this.timeoutsMs[name]} ms`,
        );
      } else if (outcome.kind === 'garbled') {
        failure = new DeviceError('protocol-error', `${name}: ${describeFrameError(outcome.error)}`);
      } else if (REQUEST_DAMAGED.includes(outcome.response.sw3)) {
        failure = new DeviceError('protocol-error', `${name}: reader reports ${describeSamStatus(outcome.response.sw3)}`);
      } else if (!EXPECTED_STATUS[name].includes(outcome.response.sw3)) {
        failure = new DeviceError('protocol-error', `${name}: unexpected ${describeSamStatus(outcome.response.sw3)}`);
        break;
      } else {
        this.answered(name, outcome.response.sw3);
        return outcome.response;
      }
    }
    this.failed(failure as DeviceError);
    throw failure as DeviceError;
  }

  private exchange(name: SamCommandName): Promise<Exchange> {
    const port = this.port;
    if (this.state !== 'open' || !port) return Promise.resolve({ kind: 'gone' });
    this.decoder.reset();
    return new Promise<Exchange>((resolve) => {
      const timer = setTimeout(
        () => settle({ kind: 'timeout', partialBytes: this.decoder.partialFrameBytes() }),
        this.timeoutsMs[name],
      );
      const settle = (outcome: Exchange) => {
        clearTimeout(timer);
        this.settleExchange = undefined;
        resolve(outcome);
      };
      this.settleExchange = settle;
      port.write(Buffer.from(encodeRequest(samRequest(name))));
    });
  }

  /** Bytes outside an exchange are late answers to a request already given up on. */
  private received(chunk: Uint8Array): void {
    if (!this.settleExchange) return;
    const results = this.decoder.push(chunk);
    const frame = results.find((result) => result.type === 'frame');
    const first = frame ?? results[0];
    if (!first) return;
    this.settleExchange(first.type === 'frame' ? { kind: 'answer', response: first.frame } : { kind: 'garbled', error: first.error });
  }

  private unavailable(): DeviceError {
    return this.state === 'closed'
      ? new DeviceError('not-open', 'ID card reader is not open')
      : new DeviceError('disconnected', `ID card reader on ${this.path} is disconnected`);
  }

  private answered(name: SamCommandName, sw3: number): void {
    if (name === 'findCard') this.cardPresent = sw3 === SAM_STATUS.cardFound;
    else if (sw3 === SAM_STATUS.ok) this.cardPresent = true;
    if (this.cardPresent) this.tracker.set('ok', [], 'reader ready, card present');
    else this.tracker.set('ok', ['no-card'], 'reader ready, no card');
  }

  private failed(failure: DeviceError): void {
    if (this.state !== 'open') return;
    if (failure.reason === 'timeout') {
      this.tracker.set('error', ['timeout'], `reader on ${this.path} does not answer`);
    } else {
      this.tracker.set('warning', ['protocol-error'], `reader on ${this.path} answers garbled frames`);
    }
  }
}
