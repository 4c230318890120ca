/**
 * The device side of an ESC/POS receipt printer: decodes what the host sends onto a
 * paper roll (one slip per cut), answers DLE EOT n from its state, and takes faults:
 * paper end (now, or after some more lines), near end, cover open, a jamming cutter, and an
 * unplugged printer that hears and answers nothing. It only sees bytes, so it sits on
 * a pty (attachEmulatorToPath) or behind a mock binding.
 *
 * Like a printer that stops on an error, it prints nothing while the paper is out, the
 * cover is open or the cutter has failed; what arrives meanwhile is lost, not queued.
 */
import type { ByteSender, SerialEmulator } from '../serial/serial-emulator';
import { EscPosDecoder, type EscPosDecodeError, type EscPosDecoderOptions, type EscPosEvent } from './escpos-decoder';
import { encodeStatusReply, type PrinterCondition } from './escpos-status';
import { PaperRoll, type CutKind, type PaperBlock, type Slip } from './paper-model';

export interface PaperEndFault {
  /** Lines (printed blocks: text lines, feeds, images, QR symbols) still printed before the paper ends; 0 = now. */
  readonly afterLines?: number;
}

export class EscPosEmulator implements SerialEmulator {
  private readonly decoder: EscPosDecoder;
  private readonly roll = new PaperRoll();
  private readonly decodeErrors: EscPosDecodeError[] = [];
  private send: ByteSender = () => undefined;

  private paperOut = false;
  private linesUntilPaperEnd: number | undefined;
  private paperNearEnd = false;
  private coverOpen = false;
  private cutterJamsOnNextCut = false;
  private cutterError = false;
  private unplugged = false;
  private lostBlocks = 0;

  constructor(options: EscPosDecoderOptions = {}) {
    this.decoder = new EscPosDecoder(options);
  }

  onData(bytes: Uint8Array): void {
    if (this.unplugged) return;
    for (const event of this.decoder.push(bytes)) this.handle(event);
  }

  setSender(send: ByteSender): void {
    this.send = send;
  }

  // ---- what came out -------------------------------------------------------------

  /** Slips cut off so far, in order. */
  get slips(): readonly Slip[] {
    return this.roll.slips;
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

  /** Stops hearing and answering, like a printer whose cable was pulled. */
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

  private handle(event: EscPosEvent): void {
    switch (event.type) {
      case 'status-request':
        this.send(Uint8Array.of(encodeStatusReply(event.n, this.condition())));
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
