/**
 * The device side of an ESC/POS receipt printer: decodes what the host sends onto a
 * paper roll (one slip per cut), and takes faults: paper end (now, or after some more
 * lines), near end, cover open, a jamming cutter, and an unplugged printer that hears
 * and answers nothing. It only sees bytes, so it sits on a pty (attachEmulatorToPath)
 * or behind a mock binding.
 *
 * As on a real printer, the real-time commands act the moment they arrive, even in the
 * middle of another command's data: DLE EOT n answers the status, DLE DC4 fn 8 clears
 * the buffers (a command cut off half-way no longer swallows what follows) and answers
 * 37 25 00. GS ( H fn 48 is answered (37 22 id 00) once everything before it is printed;
 * an answer the host cannot receive (unplugged) is kept, the newest one, and sent first
 * when the host talks again.
 *
 * Like a printer that stops on an error, it prints nothing while the paper is out, the
 * cover is open or the cutter has failed; what arrives meanwhile is lost, not queued.
 */
import type { ByteSender, SerialEmulator } from '../serial/serial-emulator';
import { CLEAR_BUFFERS, CLEAR_RESPONSE, DLE, EOT, PROCESS_ID_RESPONSE, RESPONSE_HEADER } from './escpos-commands';
import { EscPosDecoder, type EscPosDecodeError, type EscPosDecoderOptions, type EscPosEvent } from './escpos-decoder';
import { encodeStatusReply, isStatusRequestNumber, type PrinterCondition, type StatusRequestNumber } from './escpos-status';
import { PaperRoll, type CutKind, type PaperBlock, type Slip } from './paper-model';

export interface EscPosEmulatorOptions extends EscPosDecoderOptions {
  /** Answers GS ( H and DLE DC4 fn 8 (most current printers); false: an older model that ignores both. Default true. */
  readonly completionReceipts?: boolean;
  /** How many of the newest slips `slips` keeps, so a long-running simulator does not grow; 20 by default. */
  readonly keepSlips?: number;
}

type RealTimeCommand = { readonly kind: 'status'; readonly n: StatusRequestNumber } | { readonly kind: 'clear' };

/** Finds the real-time commands in the byte stream, also across chunks and inside other commands. */
class RealTimeScanner {
  private recent: number[] = [];

  /** The real-time commands that end in `bytes`, with the index of their last byte. */
  scan(bytes: Uint8Array): { at: number; command: RealTimeCommand }[] {
    const found: { at: number; command: RealTimeCommand }[] = [];
    if (this.recent.length === 0 && !bytes.includes(DLE)) return found;
    for (let i = 0; i < bytes.length; i++) {
      this.recent.push(bytes[i] as number);
      if (this.recent.length > CLEAR_BUFFERS.length) this.recent.shift();
      const command = this.match();
      if (command) found.push({ at: i, command });
    }
    // Only a tail that could still start a command needs keeping.
    const lastDle = this.recent.lastIndexOf(DLE);
    this.recent = lastDle < 0 ? [] : this.recent.slice(lastDle);
    return found;
  }

  private match(): RealTimeCommand | undefined {
    const r = this.recent;
    const n = r.at(-1) ?? 0;
    if (r.length >= 3 && r.at(-3) === DLE && r.at(-2) === EOT && isStatusRequestNumber(n)) return { kind: 'status', n };
    if (r.length === CLEAR_BUFFERS.length && r.every((byte, i) => byte === CLEAR_BUFFERS[i])) return { kind: 'clear' };
    return undefined;
  }
}

export interface PaperEndFault {
  /** Lines (printed blocks: text lines, feeds, images, QR symbols) still printed before the paper ends; 0 = now. */
  readonly afterLines?: number;
}

export class EscPosEmulator implements SerialEmulator {
  private readonly decoder: EscPosDecoder;
  private readonly roll: PaperRoll;
  private readonly decodeErrors: EscPosDecodeError[] = [];
  private readonly realTime = new RealTimeScanner();
  private readonly completionReceipts: boolean;
  private send: ByteSender = () => undefined;
  /** The newest process ID answer not yet sent. */
  private heldAnswer: Uint8Array | undefined;
  private answerScheduled = false;

  private paperOut = false;
  private linesUntilPaperEnd: number | undefined;
  private paperNearEnd = false;
  private coverOpen = false;
  private cutterJamsOnNextCut = false;
  private cutterError = false;
  private unplugged = false;
  private lostBlocks = 0;

  constructor(options: EscPosEmulatorOptions = {}) {
    this.decoder = new EscPosDecoder(options);
    this.roll = new PaperRoll(options.keepSlips ?? 20);
    this.completionReceipts = options.completionReceipts ?? true;
  }

  onData(bytes: Uint8Array): void {
    if (this.unplugged) return;
    // The host is talking, so it can hear what it missed.
    this.sendHeldAnswer();
    let from = 0;
    for (const { at, command } of this.realTime.scan(bytes)) {
      this.process(bytes.subarray(from, at + 1));
      from = at + 1;
      this.realTimeCommand(command);
    }
    this.process(bytes.subarray(from));
  }

  setSender(send: ByteSender): void {
    this.send = send;
  }

  // ---- what came out -------------------------------------------------------------

  /** The newest slips cut off (keepSlips of them), oldest first. */
  get slips(): readonly Slip[] {
    return this.roll.slips;
  }

  /** Slips cut off so far, also those no longer kept. */
  get slipCount(): number {
    return this.roll.slipCount;
  }

  /** Printed since the last cut. */
  get pending(): readonly PaperBlock[] {
    return this.roll.pending;
  }

  get errors(): readonly EscPosDecodeError[] {
    return this.decodeErrors;
  }

  /** Blocks and cuts that arrived while the printer could not print. */
  get lost(): number {
    return this.lostBlocks;
  }

  condition(): PrinterCondition {
    const stopped = this.paperOut || this.coverOpen || this.cutterError;
    return {
      offline: stopped,
      coverOpen: this.coverOpen,
      feedButton: false,
      paperEndStop: this.paperOut,
      errorOccurred: this.cutterError,
      cutterError: this.cutterError,
      unrecoverableError: false,
      autoRecoverableError: false,
      // The near-end sensor sits before the end sensor: an empty roll reads near end too.
      paperNearEnd: this.paperNearEnd || this.paperOut,
      paperEnd: this.paperOut,
    };
  }

  // ---- faults --------------------------------------------------------------------

  runOutOfPaper(fault: PaperEndFault = {}): void {
    const afterLines = fault.afterLines ?? 0;
    if (afterLines <= 0) this.paperOut = true;
    else this.linesUntilPaperEnd = afterLines;
  }

  setPaperNearEnd(nearEnd: boolean): void {
    this.paperNearEnd = nearEnd;
  }

  /** A new roll; the stub printed since the last cut is torn off and returned. */
  loadPaper(): readonly PaperBlock[] {
    this.paperOut = false;
    this.paperNearEnd = false;
    this.linesUntilPaperEnd = undefined;
    return this.roll.tearOff();
  }

  openCover(): void {
    this.coverOpen = true;
  }

  closeCover(): void {
    this.coverOpen = false;
  }

  /** The next cut jams: no slip comes off and the printer stops with a cutter error. */
  jamCutter(): void {
    this.cutterJamsOnNextCut = true;
  }

  clearCutter(): void {
    this.cutterJamsOnNextCut = false;
    this.cutterError = false;
  }

  /** Stops hearing and answering, like a printer whose cable was pulled; answers due meanwhile are kept. */
  unplug(): void {
    this.unplugged = true;
  }

  replug(): void {
    this.unplugged = false;
  }

  // ---- behaviour -----------------------------------------------------------------

  private get canPrint(): boolean {
    return !this.paperOut && !this.coverOpen && !this.cutterError;
  }

  private process(bytes: Uint8Array): void {
    if (bytes.length > 0) for (const event of this.decoder.push(bytes)) this.handle(event);
  }

  private realTimeCommand(command: RealTimeCommand): void {
    if (command.kind === 'status') {
      this.send(Uint8Array.of(encodeStatusReply(command.n, this.condition())));
    } else if (this.completionReceipts) {
      this.decoder.clearBuffers();
      // Answers waiting to go out go first: a process ID before the clear response.
      this.sendHeldAnswer();
      this.send(Uint8Array.of(RESPONSE_HEADER, CLEAR_RESPONSE, 0));
    }
  }

  /** Everything before GS ( H is printed (at once, here): the answer goes out as soon as the line lets it. */
  private answerProcessId(id: Uint8Array): void {
    this.heldAnswer = Uint8Array.of(RESPONSE_HEADER, PROCESS_ID_RESPONSE, ...id, 0);
    if (this.answerScheduled) return;
    this.answerScheduled = true;
    setImmediate(() => {
      this.answerScheduled = false;
      this.sendHeldAnswer();
    });
  }

  private sendHeldAnswer(): void {
    const answer = this.heldAnswer;
    if (!answer || this.unplugged) return;
    this.heldAnswer = undefined;
    this.send(answer);
  }

  private handle(event: EscPosEvent): void {
    switch (event.type) {
      case 'status-request':
        // Answered in real time when it arrived.
        return;
      case 'process-id':
        if (!this.completionReceipts) return;
        if (this.canPrint) this.answerProcessId(event.id);
        else this.lostBlocks++;
        return;
      case 'print':
        this.print(event.block);
        return;
      case 'cut':
        this.cut(event.cut);
        return;
      case 'error':
        this.decodeErrors.push(event.error);
        return;
      case 'initialize':
        return;
    }
  }

  private cut(kind: CutKind): void {
    if (!this.canPrint) {
      this.lostBlocks++;
    } else if (this.cutterJamsOnNextCut) {
      this.cutterJamsOnNextCut = false;
      this.cutterError = true;
    } else {
      this.roll.cut(kind);
    }
  }

  private print(block: PaperBlock): void {
    if (!this.canPrint) {
      this.lostBlocks++;
      return;
    }
    this.roll.print(block);
    if (this.linesUntilPaperEnd === undefined) return;
    this.linesUntilPaperEnd--;
    if (this.linesUntilPaperEnd <= 0) {
      this.linesUntilPaperEnd = undefined;
      this.paperOut = true;
    }
  }
}
