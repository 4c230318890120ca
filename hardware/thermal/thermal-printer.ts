/**
 * Driver for an ESC/POS receipt printer on a serial port.
 *
 * A job is: ask DLE EOT 1..4, refuse if the printer cannot print, send the slip, and
 * learn whether it came out. One exchange at a time; while idle the driver polls the
 * status every idlePollMs, and when the port goes away it tries to reopen it every
 * reopenIntervalMs.
 *
 * How a job is known printed depends on devices.thermal.completion:
 * - 'process-id' (default): the slip carries GS ( H fn 48 after its last line, and the
 *   printer answers that process ID once the slip is printed: its own completion receipt.
 *   If the receipt does not come, DLE DC4 fn 8 clears the printer's buffers, so nothing
 *   of the slip comes out later; a receipt that arrives before the clear answer still
 *   counts. When the line goes away first, the job's outcome is unknown
 *   (OutcomeUnknownError) and outcomeOf(tag) finds it out later: the printer keeps an
 *   answer it could not send and sends it when the host talks again.
 * - 'at-least-once', 'at-most-once' (printers without GS ( H): DLE EOT after the job, as
 *   DLE EOT is answered in real time it can run ahead of the paper; a job whose outcome
 *   is unknown is sent again, or not, as chosen.
 *
 * After every (re)connect the driver resynchronises: it drops what the line held, clears
 * the printer's buffers (a slip cut off half-way would otherwise swallow the next one's
 * first bytes as its own), initialises the printer and asks its status.
 */
import { createHash } from 'node:crypto';
import { OneAtATime } from '../serial/one-at-a-time';
import { ReopenLoop } from '../serial/reopen-loop';
import { DeviceError, OutcomeUnknownError, type DevicePort, type DeviceStatus, type StatusListener, type StatusReason } from '../device';
import { DeviceStatusTracker } from '../device-status';
import type { SerialBinding } from '../serial/serial-binding';
import {
  STATUS_REQUEST_NUMBERS, blockingReasons, decodeStatusReplies, statusRequest, summarizeCondition,
  type PrinterCondition, type StatusRequestNumber,
} from './escpos-status';
import { CLEAR_BUFFERS, INITIALIZE, PROCESS_ID_LENGTH } from './escpos-commands';
import { PrinterAnswerReader, type PrinterAnswer } from './escpos-responses';
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
  /** Longest time the printer may take to print a slip that has left the port ('process-id'). */
  readonly receiptTimeoutMs?: number;
  readonly completion?: CompletionCheck;
  readonly slip?: SlipEncodingOptions;
}

/** How a slip is known printed: the printer's receipt, or a fallback for printers without GS ( H. */
export type CompletionCheck = 'process-id' | 'at-least-once' | 'at-most-once';

export const COMPLETION_CHECKS: readonly CompletionCheck[] = ['process-id', 'at-least-once', 'at-most-once'];

/** What became of a job whose outcome was unknown. */
export type JobOutcome = 'completed' | 'not-completed' | 'unknown';

export interface SlipPrintRequest {
  /** Names the attempt (the print queue's spool tag); the printer's receipt is derived from it. */
  readonly tag?: string;
}

interface ThermalTimings {
  readonly statusTimeoutMs: number;
  readonly idlePollMs: number;
  readonly reopenIntervalMs: number;
  readonly sendTimeoutMs: number;
  readonly receiptTimeoutMs: number;
}

export const DEFAULT_THERMAL_TIMINGS: ThermalTimings = {
  statusTimeoutMs: 500,
  // Poll + one timed-out request stays under the 2 s in which an unplug must show.
  idlePollMs: 500,
  reopenIntervalMs: 1000,
  sendTimeoutMs: 15_000,
  // A long slip prints in a few seconds; a printer that takes longer has stopped.
  receiptTimeoutMs: 20_000,
};

/** While a receipt is awaited, the status is checked this often, so a stopped printer shows at once. */
const RECEIPT_STATUS_CHECK_MS = 250;

/** Process IDs the driver remembers having heard; far more than can be outstanding. */
const REMEMBERED_RECEIPTS = 64;

/**
 * The process ID of an attempt: four printable bytes from the attempt's tag, so a kiosk
 * restarted after a crash still knows which receipt belongs to the job it left.
 */
export function receiptIdFor(tag: string): string {
  const digest = createHash('sha256').update(tag).digest();
  return Array.from(digest.subarray(0, PROCESS_ID_LENGTH), (byte) => String.fromCharCode(0x21 + (byte % 94))).join('');
}

type Reply = { readonly kind: 'byte'; readonly byte: number } | { readonly kind: 'timeout' } | { readonly kind: 'gone' };
type Heard = 'heard' | 'timeout' | 'gone';

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
  private readonly completion: CompletionCheck;

  private state: PrinterState = 'closed';
  private readonly answers = new PrinterAnswerReader();
  /** Process IDs heard, newest last. */
  private readonly receipts: string[] = [];
  /** Called on every block answer (receipt, clear) and when the line goes. */
  private readonly listeners = new Set<(answer: PrinterAnswer | 'gone') => void>();
  private untagged = 0;
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
      receiptTimeoutMs: options.receiptTimeoutMs ?? DEFAULT_THERMAL_TIMINGS.receiptTimeoutMs,
    };
    this.slipOptions = options.slip ?? {};
    this.completion = options.completion ?? 'process-id';
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
    for (const listener of [...this.listeners]) listener('gone');
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
   * Prints one slip. Resolves only when the printer printed it (its receipt, or no problem
   * reported after it); otherwise rejects with DeviceError: cover-open, paper-end,
   * cutter-error, offline (refused or failed job), timeout, protocol-error, disconnected,
   * not-open. An OutcomeUnknownError (a DeviceError) says the slip may have come out all
   * the same: ask outcomeOf(tag) before sending it again. An invalid job (bad PNG, QR
   * payload too long, …) rejects with a RangeError before anything is sent.
   */
  print(job: SlipJob, request: SlipPrintRequest = {}): Promise<void> {
    const receipt = this.completion === 'process-id' ? receiptIdFor(request.tag ?? `untagged-${process.pid}-${++this.untagged}-${Date.now()}`) : undefined;
    let bytes: Uint8Array;
    try {
      bytes = encodeSlip(job, this.slipOptions, receipt === undefined ? undefined : Buffer.from(receipt, 'latin1'));
    } catch (error) {
      return Promise.reject(error);
    }
    return this.exchanges.run(async () => {
      this.refuseIfBlocked(await this.checkStatus(), 'before');
      try {
        await this.send(bytes);
      } catch (error) {
        throw uncertain(error, 'the line failed while the slip was being sent');
      }
      if (receipt === undefined) await this.confirmByStatus();
      else await this.awaitReceipt(receipt);
    });
  }

  /**
   * After a job rejected with OutcomeUnknownError: whether the slip tagged `tag` came
   * out. With receipts the printer's buffers are cleared first, so a slip not completed
   * cannot come out later, and any receipt it still held arrives before the clear answer.
   * Without receipts the configured choice answers: at-least-once 'not-completed' (send
   * again), at-most-once 'unknown' (never send again by itself). Rejects when the printer
   * cannot be asked now.
   */
  outcomeOf(tag: string): Promise<JobOutcome> {
    if (this.completion === 'at-least-once') return Promise.resolve('not-completed');
    if (this.completion === 'at-most-once') return Promise.resolve('unknown');
    return this.exchanges.run(async () => {
      if (!(await this.clearBuffers())) {
        throw new DeviceError('timeout', `printer on ${this.path} does not answer DLE DC4 fn 8 (clear buffers); without it a slip's outcome cannot be known: set devices.thermal.completion`);
      }
      return this.receipts.includes(receiptIdFor(tag)) ? 'completed' : 'not-completed';
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
    this.answers.reset();
    adapter.on('data', (chunk: Buffer) => this.received(chunk));
    adapter.on('disconnect', () => {
      if (this.adapter === adapter) this.lost(`printer on ${this.path} disconnected; reopening every ${this.timings.reopenIntervalMs} ms`);
    });
    this.stopTimers();
    await this.exchanges.run(() => this.resynchronise()).catch(() => undefined);
    this.pollTimer = setInterval(() => void this.poll(), this.timings.idlePollMs).unref();
    await this.poll();
  }

  /**
   * A printer just (re)connected may hold half a command of a slip cut off by the pull,
   * and the line stale answers: clear its buffers (collecting any receipt it kept), then
   * ESC @. A printer without DLE DC4 fn 8 just does not answer it.
   */
  private async resynchronise(): Promise<void> {
    await this.clearBuffers();
    await this.write(INITIALIZE);
  }

  /** DLE DC4 fn 8; true once the printer confirmed it. Receipts heard meanwhile are recorded. */
  private async clearBuffers(): Promise<boolean> {
    const cleared = this.hear((answer) => answer.kind === 'cleared', this.timings.statusTimeoutMs);
    await this.write(CLEAR_BUFFERS);
    const heard = await cleared;
    if (heard === 'gone') throw this.unavailable();
    return heard === 'heard';
  }

  /** The slip has left the port: wait for its receipt, checking meanwhile that the printer has not stopped. */
  private async awaitReceipt(id: string): Promise<void> {
    const deadline = Date.now() + this.timings.receiptTimeoutMs;
    for (;;) {
      const wait = Math.max(0, Math.min(RECEIPT_STATUS_CHECK_MS, this.timings.idlePollMs, deadline - Date.now()));
      const heard = await this.hear((answer) => answer.kind === 'process-id' && answer.id === id, wait, () => this.receipts.includes(id));
      if (heard === 'heard') return this.confirmCut();
      if (heard === 'gone') throw new OutcomeUnknownError(this.unavailable().reason, `the line went away before the printer confirmed the slip`);
      let condition: PrinterCondition;
      try {
        condition = await this.checkStatus();
      } catch (error) {
        throw uncertain(error, 'the printer stopped answering before it confirmed the slip');
      }
      if (this.receipts.includes(id)) return this.confirmCut();
      const [reason] = blockingReasons(condition);
      if (reason) return this.abandon(id, reason, `printer reports ${summarizeCondition(condition).message} before the slip was done`);
      if (Date.now() >= deadline) return this.abandon(id, 'timeout', `no receipt for the slip within ${this.timings.receiptTimeoutMs} ms`);
    }
  }

  /** The slip printed; the cut after its receipt must not have jammed. A line gone now changes nothing. */
  private async confirmCut(): Promise<void> {
    const condition = await this.checkStatus().catch(() => undefined);
    if (condition?.cutterError) this.refuseIfBlocked(condition, 'after');
  }

  /** The slip will not be completed: clear the buffers, so none of it comes out later; a receipt before the clear answer wins. */
  private async abandon(id: string, reason: StatusReason, message: string): Promise<void> {
    let cleared: boolean;
    try {
      cleared = await this.clearBuffers();
    } catch (error) {
      throw uncertain(error, message);
    }
    if (this.receipts.includes(id)) return this.confirmCut();
    if (!cleared) throw new OutcomeUnknownError(reason, `${message}; the printer did not confirm clearing the rest`);
    throw new DeviceError(reason, `${message}; the rest was cleared, the slip is not complete`);
  }

  /** Without receipts: no problem reported after the job counts as printed. */
  private async confirmByStatus(): Promise<void> {
    let condition: PrinterCondition;
    try {
      condition = await this.checkStatus();
    } catch (error) {
      throw uncertain(error, 'the printer stopped answering after the slip was sent');
    }
    this.refuseIfBlocked(condition, 'after');
  }

  /**
   * Resolves 'heard' on the first block answer `matches` takes (or at once when `already`
   * holds), 'timeout' after timeoutMs, 'gone' when the line goes.
   */
  private hear(matches: (answer: PrinterAnswer) => boolean, timeoutMs: number, already?: () => boolean): Promise<Heard> {
    if (already?.()) return Promise.resolve('heard');
    if (this.state !== 'open') return Promise.resolve('gone');
    return new Promise<Heard>((resolve) => {
      const done = (heard: Heard) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(heard);
      };
      const listener = (answer: PrinterAnswer | 'gone') => {
        if (answer === 'gone') done('gone');
        else if (matches(answer)) done('heard');
      };
      const timer = setTimeout(() => done('timeout'), timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** Bytes for the printer; a failed write shows up as a disconnect. */
  private write(bytes: Uint8Array): Promise<void> {
    const adapter = this.adapter;
    if (this.state !== 'open' || !adapter) return Promise.reject(this.unavailable());
    return new Promise<void>((resolve) => adapter.write(Buffer.from(bytes), () => resolve()));
  }

  /** The port is gone (unplugged, or could not be opened): report it and start reopening. */
  private lost(message: string): void {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    this.adapter = undefined;
    this.stopTimers();
    this.settleReply?.({ kind: 'gone' });
    this.abortSend?.();
    for (const listener of [...this.listeners]) listener('gone');
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

  /**
   * Status bytes settle the request waiting for one; outside a request they are late
   * answers to one already given up on, and dropped. Receipts are remembered.
   */
  private received(chunk: Buffer): void {
    for (const answer of this.answers.push(chunk)) {
      if (answer.kind === 'status-byte') {
        this.settleReply?.({ kind: 'byte', byte: answer.byte });
        continue;
      }
      if (answer.kind === 'process-id') {
        this.receipts.push(answer.id);
        if (this.receipts.length > REMEMBERED_RECEIPTS) this.receipts.shift();
      }
      for (const listener of [...this.listeners]) listener(answer);
    }
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

/** A failure after bytes of the slip may have reached the printer: its outcome is unknown. */
function uncertain(error: unknown, context: string): OutcomeUnknownError {
  if (error instanceof OutcomeUnknownError) return error;
  const reason = error instanceof DeviceError ? error.reason : 'disconnected';
  return new OutcomeUnknownError(reason, `${context}: ${(error as Error).message}`);
}
