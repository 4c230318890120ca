/**
 * Driver for an ESC/POS receipt printer on a serial port.
 *
 * A job is: ask DLE EOT 1..4, refuse if the printer cannot print, send the slip, ask
 * DLE EOT 1..4 again and fail if the printer now reports a problem; so print() only
 * resolves for a slip the printer took without complaint. One exchange at a time; while
 * idle the driver polls the status every idlePollMs, and when the port goes away it
 * tries to reopen it every reopenIntervalMs.
 *
 * Printers answer DLE EOT in real time, possibly before earlier data is printed: on a
 * slow printer the check after the job may run ahead of the paper. The emulator prints
 * instantly, so this only matters on hardware (GS ( H would give a true end-of-job).
 */
import { OneAtATime } from '../serial/one-at-a-time';
import { ReopenLoop } from '../serial/reopen-loop';
import { DeviceError, type DevicePort, type DeviceStatus, type StatusListener } from '../device';
import { DeviceStatusTracker } from '../device-status';
import type { SerialBinding } from '../serial/serial-binding';
import {
  STATUS_REQUEST_NUMBERS, blockingReasons, decodeStatusReplies, statusRequest, summarizeCondition,
  type PrinterCondition, type StatusRequestNumber,
} from './escpos-status';
import { SerialPortAdapter } from './serialport-adapter';
import { encodeSlip, type SlipEncodingOptions } from './slip-escpos';
import type { SlipJob } from './slip-job';

export interface ThermalPrinterOptions {
  readonly path: string;
  readonly baudRate?: number;
  /** serialport binding; the platform's by default, MockBinding-based in tests. */
  readonly binding?: SerialBinding;
  /** How long the printer has to answer one DLE EOT request. */
  readonly statusTimeoutMs?: number;
  readonly idlePollMs?: number;
  readonly reopenIntervalMs?: number;
  /** Longest time one job may take to leave the port. */
  readonly sendTimeoutMs?: number;
  readonly slip?: SlipEncodingOptions;
}

interface ThermalTimings {
  readonly statusTimeoutMs: number;
  readonly idlePollMs: number;
  readonly reopenIntervalMs: number;
  readonly sendTimeoutMs: number;
}

export const DEFAULT_THERMAL_TIMINGS: ThermalTimings = {
  statusTimeoutMs: 500,
  // Poll + one timed-out request stays under the 2 s in which an unplug must show.
  idlePollMs: 500,
  reopenIntervalMs: 1000,
  sendTimeoutMs: 15_000,
};

type Reply = { readonly kind: 'byte'; readonly byte: number } | { readonly kind: 'timeout' } | { readonly kind: 'gone' };

type PrinterState = 'closed' | 'connecting' | 'open';

export class ThermalPrinter implements DevicePort {
  readonly kind = 'thermal' as const;
  readonly driver = 'escpos-serial';

  private readonly tracker = new DeviceStatusTracker(this.kind, this.driver);
  private readonly path: string;
  private readonly baudRate: number;
  private readonly binding: SerialBinding | undefined;
  private readonly timings: ThermalTimings;
  private readonly slipOptions: SlipEncodingOptions;

  private state: PrinterState = 'closed';
  private adapter: SerialPortAdapter | undefined;
  private settleReply: ((reply: Reply) => void) | undefined;
  private abortSend: (() => void) | undefined;
  private readonly exchanges = new OneAtATime();
  private pollTimer: NodeJS.Timeout | undefined;
  private readonly reopening: ReopenLoop;

  constructor(options: ThermalPrinterOptions) {
    this.path = options.path;
    this.baudRate = options.baudRate ?? 115200;
    this.binding = options.binding;
    this.timings = {
      statusTimeoutMs: options.statusTimeoutMs ?? DEFAULT_THERMAL_TIMINGS.statusTimeoutMs,
      idlePollMs: options.idlePollMs ?? DEFAULT_THERMAL_TIMINGS.idlePollMs,
      reopenIntervalMs: options.reopenIntervalMs ?? DEFAULT_THERMAL_TIMINGS.reopenIntervalMs,
      sendTimeoutMs: options.sendTimeoutMs ?? DEFAULT_THERMAL_TIMINGS.sendTimeoutMs,
    };
    this.slipOptions = options.slip ?? {};
    this.reopening = new ReopenLoop(() => (this.state === 'connecting' ? this.connect() : Promise.resolve()), this.timings.reopenIntervalMs);
  }

  /**
   * Opens the port and asks for the status once; calling it again while open or
   * reconnecting does nothing. If the port cannot be opened this rejects with
   * 'disconnected' but keeps trying in the background; close() stops that.
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
    const adapter = this.adapter;
    this.state = 'closed';
    this.adapter = undefined;
    this.stopTimers();
    this.settleReply?.({ kind: 'gone' });
    this.abortSend?.();
    if (adapter?.isOpen) await new Promise<void>((resolve) => adapter.close(() => resolve()));
    this.tracker.set('error', ['not-open'], 'closed');
  }

  status(): DeviceStatus {
    return this.tracker.get();
  }

  onStatus(listener: StatusListener): () => void {
    return this.tracker.onChange(listener);
  }

  /**
   * Prints one slip. Resolves only when the printer reported no problem before and after
   * it; otherwise rejects with DeviceError: cover-open, paper-end, cutter-error, offline
   * (refused or failed job), timeout, protocol-error, disconnected, not-open. An invalid
   * job (bad PNG, QR payload too long, …) rejects with a RangeError before anything is sent.
   */
  print(job: SlipJob): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = encodeSlip(job, this.slipOptions);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.exchanges.run(async () => {
      this.refuseIfBlocked(await this.checkStatus(), 'before');
      await this.send(bytes);
      this.refuseIfBlocked(await this.checkStatus(), 'after');
    });
  }

  private async connect(): Promise<void> {
    const adapter = new SerialPortAdapter({ path: this.path, baudRate: this.baudRate, ...(this.binding ? { binding: this.binding } : {}) });
    await new Promise<void>((resolve, reject) => adapter.open((error) => (error ? reject(error) : resolve())));
    if (this.state === 'closed') {
      adapter.close();
      return;
    }
    this.adapter = adapter;
    this.state = 'open';
    adapter.on('data', (chunk: Buffer) => this.received(chunk));
    adapter.on('disconnect', () => {
      if (this.adapter === adapter) this.lost(`printer on ${this.path} disconnected; reopening every ${this.timings.reopenIntervalMs} ms`);
    });
    this.stopTimers();
    this.pollTimer = setInterval(() => void this.poll(), this.timings.idlePollMs).unref();
    await this.poll();
  }

  /** The port is gone (unplugged, or could not be opened): report it and start reopening. */
  private lost(message: string): void {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    this.adapter = undefined;
    this.stopTimers();
    this.settleReply?.({ kind: 'gone' });
    this.abortSend?.();
    this.tracker.set('error', ['disconnected'], message);
    this.reopening.start();
  }

  private stopTimers(): void {
    clearInterval(this.pollTimer);
    this.reopening.stop();
    this.pollTimer = undefined;
  }

  /** Idle status check; skipped while a job or another check talks to the printer. */
  private async poll(): Promise<void> {
    if (this.exchanges.busy || this.state !== 'open') return;
    await this.exchanges.run(() => this.checkStatus()).catch(() => undefined);
  }


  /** DLE EOT 1..4; the answer goes into the status, a missing or garbled one too. */
  private async checkStatus(): Promise<PrinterCondition> {
    const replies: number[] = [];
    for (const n of STATUS_REQUEST_NUMBERS) {
      const reply = await this.request(n);
      if (reply.kind === 'gone') throw this.unavailable();
      if (reply.kind === 'timeout') {
        this.tracker.set('error', ['timeout'], `printer on ${this.path} does not answer status requests`);
        throw new DeviceError('timeout', `no answer to DLE EOT ${n} within ${this.timings.statusTimeoutMs} ms`);
      }
      replies.push(reply.byte);
    }
    const decoded = decodeStatusReplies(replies);
    if (!decoded.ok) {
      this.tracker.set('error', ['protocol-error'], `printer on ${this.path} answers garbled status: ${decoded.problem}`);
      throw new DeviceError('protocol-error', decoded.problem);
    }
    const summary = summarizeCondition(decoded.condition);
    this.tracker.set(summary.level, summary.reasons, summary.message);
    return decoded.condition;
  }

  private refuseIfBlocked(condition: PrinterCondition, when: 'before' | 'after'): void {
    const [reason] = blockingReasons(condition);
    if (!reason) return;
    const { message } = summarizeCondition(condition);
    throw new DeviceError(
      reason,
      when === 'before'
        ? `printer not ready (${message}); the job was not sent`
        : `printer reports ${message} after the job; the slip is not complete`,
    );
  }

  private request(n: StatusRequestNumber): Promise<Reply> {
    const adapter = this.adapter;
    if (this.state !== 'open' || !adapter) return Promise.resolve({ kind: 'gone' });
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'timeout' }), this.timings.statusTimeoutMs);
      const settle = (reply: Reply) => {
        clearTimeout(timer);
        this.settleReply = undefined;
        resolve(reply);
      };
      this.settleReply = settle;
      // A failed write shows up as a disconnect, which settles the request as 'gone'.
      adapter.write(Buffer.from(statusRequest(n)));
    });
  }

  /** Bytes outside a request are late answers to one already given up on, and dropped. */
  private received(chunk: Buffer): void {
    const byte = chunk[0];
    if (byte !== undefined) this.settleReply?.({ kind: 'byte', byte });
  }

  private send(bytes: Uint8Array): Promise<void> {
    const adapter = this.adapter;
    if (this.state !== 'open' || !adapter) return Promise.reject(this.unavailable());
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.abortSend = undefined;
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        this.tracker.set('error', ['timeout'], `printer on ${this.path} does not take data`);
        finish(new DeviceError('timeout', `the job did not leave ${this.path} within ${this.timings.sendTimeoutMs} ms`));
      }, this.timings.sendTimeoutMs);
      this.abortSend = () => finish(this.unavailable());
      adapter.write(Buffer.from(bytes), (error) =>
        finish(error ? new DeviceError('disconnected', `writing to ${this.path} failed: ${error.message}`) : undefined),
      );
    });
  }

  private unavailable(): DeviceError {
    return this.state === 'closed'
      ? new DeviceError('not-open', 'receipt printer is not open')
      : new DeviceError('disconnected', `receipt printer on ${this.path} is disconnected`);
  }
}
