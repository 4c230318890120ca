/**
 * Incremental ESC/POS decoder: bytes in (in any chunks), printed blocks, cuts and
 * status requests out, as a printer would act on them. Text is decoded from GB18030
 * while Chinese mode (FS &) is on, from the code table otherwise.
 *
 * Never throws on input: commands it does not know, bad parameters and broken
 * characters come out as typed error events, and decoding carries on like a printer
 * that ignores what it does not understand.
 */
import iconv from 'iconv-lite';
import {
  CR, DC4, DLE, ENQ, EOT, ESC, FF, FS, GS, HT, LF, isProcessId,
  QR_CAPACITY_BYTES, QR_ERROR_LEVELS, QR_ERROR_LEVEL_CODE, QR_FUNCTION, QR_MODULE_SIZE_RANGE, QR_SYMBOL,
  type QrErrorLevel,
} from './escpos-commands';
import { isStatusRequestNumber, type StatusRequestNumber } from './escpos-status';
import { PaperRoll, type Alignment, type CutKind, type PaperBlock, type Slip, type TextRun } from './paper-model';

export type EscPosDecodeErrorKind =
  /** ESC, GS, FS followed by a byte that names no command this decoder knows. */
  | 'unknown-command'
  /** A known command with a parameter out of range; the command is skipped. */
  | 'invalid-parameter'
  /** A byte sequence that is no GB18030 character; printed as U+FFFD. */
  | 'malformed-text'
  /** A well-formed command that prints something the paper model does not hold (barcodes, bit images). */
  | 'unsupported-command'
  /** The stream ended inside a command. */
  | 'truncated';

export interface EscPosDecodeError {
  readonly kind: EscPosDecodeErrorKind;
  /** Offset of the command in the whole stream. */
  readonly offset: number;
  readonly message: string;
}

export type EscPosEvent =
  | { readonly type: 'print'; readonly block: PaperBlock }
  | { readonly type: 'cut'; readonly cut: CutKind }
  | { readonly type: 'status-request'; readonly n: StatusRequestNumber }
  | { readonly type: 'initialize' }
  /** GS ( H fn 48: answer with this process ID once everything before it is done. */
  | { readonly type: 'process-id'; readonly id: Uint8Array }
  | { readonly type: 'error'; readonly error: EscPosDecodeError };

export interface EscPosDecoderOptions {
  /** Chinese mode after power-on and ESC @ (a memory switch on Chinese models). Default off. */
  readonly chineseModeByDefault?: boolean;
  /** Text wraps to a new line here. Default 576 dots (80 mm paper at 203 dpi). */
  readonly printableWidthDots?: number;
  /** Largest image data accepted in one command. Default 1 MiB. */
  readonly maxImageBytes?: number;
}

const DEFAULT_LINE_SPACING_DOTS = 30;
const HALF_WIDTH_DOTS = 12;
const FULL_WIDTH_DOTS = 24;
const MAX_QR_DATA_BYTES = 7089;
/** GB18030 for U+FFFD, so a broken character decodes to the replacement character (only Chinese mode has broken ones). */
const REPLACEMENT_GB18030 = [0x84, 0x31, 0xa4, 0x37];

/** ESC t n code tables iconv-lite knows; others fall back to PC437. */
const CODE_TABLE_ENCODINGS: Readonly<Record<number, string>> = { 0: 'cp437', 2: 'cp850', 16: 'windows-1252', 17: 'cp866' };

const ch = (char: string) => char.charCodeAt(0);

const ALIGNMENT_CODES: ReadonlyMap<number, Alignment> = new Map([
  [0, 'left'], [48, 'left'], [1, 'center'], [49, 'center'], [2, 'right'], [50, 'right'],
]);

/** Commands whose parameters are skipped without effect: command byte → parameter count. */
const ESC_SETTINGS: ReadonlyMap<number, number> = new Map([
  [ch('G'), 1], [ch('-'), 1], [ch('4'), 1], [ch('M'), 1], [ch('R'), 1], [ch(' '), 1], [ch('='), 1],
  [ch('{'), 1], [ch('V'), 1], [ch('r'), 1], [ch('p'), 3], [ch('B'), 2], [ch('$'), 2], [ch('\\'), 2],
  [ch('c'), 2], [ch('?'), 1], [ch('U'), 1], [ch('T'), 1], [ch('S'), 0], [ch('L'), 0], [ch('W'), 8],
  [ch('%'), 1], [ch('u'), 1], [ch('v'), 0], [ch('<'), 0], [ch('e'), 1],
]);
const GS_SETTINGS: ReadonlyMap<number, number> = new Map([
  [ch('B'), 1], [ch('H'), 1], [ch('f'), 1], [ch('h'), 1], [ch('w'), 1], [ch('a'), 1], [ch('r'), 1],
  [ch('I'), 1], [ch('P'), 2], [ch('b'), 1], [ch('L'), 2], [ch('W'), 2], [ch('$'), 2], [ch('\\'), 2],
  [ch('Z'), 1], [ch('E'), 1], [ch('^'), 3], [ch(':'), 0],
]);
const FS_SETTINGS: ReadonlyMap<number, number> = new Map([
  [ch('!'), 1], [ch('-'), 1], [ch('C'), 1], [ch('S'), 2], [ch('W'), 1], [ch('?'), 2],
]);

interface PrintMode {
  align: Alignment;
  bold: boolean;
  width: number;
  height: number;
  chinese: boolean;
  codeTable: number;
  lineSpacing: number;
}

interface QrSettings {
  moduleSize: number;
  errorLevel: QrErrorLevel;
  data: Uint8Array | undefined;
}

interface OpenRun {
  readonly bytes: number[];
  readonly encoding: string;
  readonly bold: boolean;
  readonly width: number;
  readonly height: number;
}

interface OpenLine {
  align: Alignment;
  runs: TextRun[];
  run: OpenRun | undefined;
  widthDots: number;
}

/** A step either consumed bytes or needs this many bytes (from the command start) to go on. */
type Step = { readonly consumed: number } | { readonly need: number };
const done = (consumed: number): Step => ({ consumed });
const need = (bytes: number): Step => ({ need: bytes });

type CharLength = number | 'need' | 'invalid';

export class EscPosDecoder {
  private readonly chineseModeByDefault: boolean;
  private readonly printableWidthDots: number;
  private readonly maxImageBytes: number;

  private buffer = new Uint8Array(4096);
  private start = 0;
  private end = 0;
  /** Stream offset of buffer[start]. */
  private offset = 0;
  /** Bytes the command at `start` needs before it is worth parsing again. */
  private needed = 0;

  private mode: PrintMode;
  private qr: QrSettings;
  private line: OpenLine;
  private out: EscPosEvent[] = [];

  constructor(options: EscPosDecoderOptions = {}) {
    this.chineseModeByDefault = options.chineseModeByDefault ?? false;
    this.printableWidthDots = Math.max(FULL_WIDTH_DOTS * 8, options.printableWidthDots ?? 576);
    this.maxImageBytes = options.maxImageBytes ?? 1 << 20;
    this.mode = this.initialMode();
    this.qr = { moduleSize: 3, errorLevel: 'L', data: undefined };
    this.line = this.emptyLine();
  }

  push(bytes: Uint8Array): EscPosEvent[] {
    this.append(bytes);
    if (this.end - this.start < this.needed) return [];
    this.needed = 0;
    while (this.start < this.end) {
      const step = this.step();
      if ('need' in step) {
        this.needed = step.need;
        break;
      }
      this.start += step.consumed;
      this.offset += step.consumed;
    }
    return this.takeEvents();
  }

  /**
   * DLE DC4 fn 8 arrived: whatever is not yet processed (a command cut off half-way) and
   * the line not yet printed are dropped; the print modes stay.
   */
  clearBuffers(): void {
    this.offset += this.end - this.start;
    this.start = this.end;
    this.needed = 0;
    this.line = this.emptyLine();
  }

  /** End of stream: an unfinished command is reported; an unterminated line stays unprinted, as on a printer. */
  finish(): EscPosEvent[] {
    if (this.end > this.start) {
      this.error('truncated', `stream ends inside a command (${this.end - this.start} bytes)`);
      this.offset += this.end - this.start;
      this.start = this.end;
      this.needed = 0;
    }
    return this.takeEvents();
  }

  private takeEvents(): EscPosEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  private append(bytes: Uint8Array): void {
    const pending = this.end - this.start;
    if (this.end + bytes.length > this.buffer.length) {
      const target = pending + bytes.length;
      if (target > this.buffer.length / 2) {
        const grown = new Uint8Array(Math.max(this.buffer.length * 2, target * 2));
        grown.set(this.buffer.subarray(this.start, this.end));
        this.buffer = grown;
      } else {
        this.buffer.copyWithin(0, this.start, this.end);
      }
      this.start = 0;
      this.end = pending;
    }
    this.buffer.set(bytes, this.end);
    this.end += bytes.length;
  }

  private get available(): number {
    return this.end - this.start;
  }

  /** The byte i places after the command start. */
  private at(i: number): number {
    return this.buffer[this.start + i] ?? 0;
  }

  private slice(from: number, to: number): Uint8Array {
    return this.buffer.slice(this.start + from, this.start + to);
  }

  private emit(event: EscPosEvent): void {
    this.out.push(event);
  }

  private error(kind: EscPosDecodeErrorKind, message: string, offset = this.offset): void {
    this.emit({ type: 'error', error: { kind, offset, message } });
  }

  private step(): Step {
    const first = this.at(0);
    switch (first) {
      case LF:
      case FF:
        this.lineFeed();
        return done(1);
      case ESC:
        return this.escCommand();
      case GS:
        return this.gsCommand();
      case FS:
        return this.fsCommand();
      case DLE:
        return this.dleCommand();
      case CR:
        return done(1);
      default:
        // Other control codes (NUL, CAN, …) do nothing on a receipt printer.
        if (first < 0x20 && first !== HT) return done(1);
        return this.text();
    }
  }

  // ---- text ----------------------------------------------------------------------

  private text(): Step {
    let i = 0;
    while (i < this.available) {
      const byte = this.at(i);
      if (byte < 0x20 && byte !== HT) break;
      const length = this.charLength(i);
      if (length === 'need') return i === 0 ? need(this.available + 1) : done(i);
      if (length === 'invalid') {
        this.error('malformed-text', `byte 0x${byte.toString(16)} starts no GB18030 character`, this.offset + i);
        this.addChar(REPLACEMENT_GB18030, true);
        i += 1;
        continue;
      }
      this.addChar(Array.from(this.buffer.subarray(this.start + i, this.start + i + length)), length > 1);
      i += length;
    }
    return done(i);
  }

  /** Length of the character starting i bytes after the command start. */
  private charLength(i: number): CharLength {
    const lead = this.at(i);
    if (!this.mode.chinese || lead < 0x80) return 1;
    if (lead === 0x80 || lead === 0xff) return 'invalid';
    const rest = this.available - i;
    if (rest < 2) return 'need';
    const second = this.at(i + 1);
    if ((second >= 0x40 && second <= 0x7e) || (second >= 0x80 && second <= 0xfe)) return 2;
    if (second < 0x30 || second > 0x39) return 'invalid';
    if (rest < 3) return 'need';
    const third = this.at(i + 2);
    if (third < 0x81 || third > 0xfe) return 'invalid';
    if (rest < 4) return 'need';
    const fourth = this.at(i + 3);
    return fourth >= 0x30 && fourth <= 0x39 ? 4 : 'invalid';
  }

  private encoding(): string {
    return this.mode.chinese ? 'gb18030' : (CODE_TABLE_ENCODINGS[this.mode.codeTable] ?? 'cp437');
  }

  private addChar(bytes: readonly number[], fullWidth: boolean): void {
    const dots = (fullWidth ? FULL_WIDTH_DOTS : HALF_WIDTH_DOTS) * this.mode.width;
    // Like a printer: a character that does not fit any more starts the next line.
    if (this.line.widthDots > 0 && this.line.widthDots + dots > this.printableWidthDots) this.printLine();
    const line = this.line;
    if (line.widthDots === 0) line.align = this.mode.align;
    const { bold, width, height } = this.mode;
    const encoding = this.encoding();
    const run = line.run;
    if (!run || run.encoding !== encoding || run.bold !== bold || run.width !== width || run.height !== height) {
      this.closeRun();
      line.run = { bytes: [...bytes], encoding, bold, width, height };
    } else {
      run.bytes.push(...bytes);
    }
    line.widthDots += dots;
  }

  private closeRun(): void {
    const run = this.line.run;
    if (!run) return;
    this.line.run = undefined;
    const text = iconv.decode(Buffer.from(run.bytes), run.encoding);
    const last = this.line.runs.at(-1);
    if (last && last.bold === run.bold && last.width === run.width && last.height === run.height) {
      this.line.runs[this.line.runs.length - 1] = { ...last, text: last.text + text };
    } else {
      this.line.runs.push({ text, bold: run.bold, width: run.width, height: run.height });
    }
  }

  /** Prints the line buffer if it holds anything; says whether it did. */
  private printLine(): boolean {
    this.closeRun();
    const { align, runs } = this.line;
    this.line = this.emptyLine();
    if (runs.length === 0) return false;
    this.emit({ type: 'print', block: { kind: 'text', align, runs } });
    return true;
  }

  private lineFeed(): void {
    if (!this.printLine()) this.feed(this.mode.lineSpacing);
  }

  private feed(dots: number): void {
    if (dots > 0) this.emit({ type: 'print', block: { kind: 'feed', dots } });
  }

  private emptyLine(): OpenLine {
    return { align: this.mode.align, runs: [], run: undefined, widthDots: 0 };
  }

  private initialMode(): PrintMode {
    return {
      align: 'left',
      bold: false,
      width: 1,
      height: 1,
      chinese: this.chineseModeByDefault,
      codeTable: 0,
      lineSpacing: DEFAULT_LINE_SPACING_DOTS,
    };
  }

  /** Changes a print mode field; the text so far keeps its old style. */
  private setMode(change: Partial<PrintMode>): void {
    this.closeRun();
    this.mode = { ...this.mode, ...change };
  }

  // ---- commands ------------------------------------------------------------------

  /** A command of fixed total length; `action` runs once all of it is there. */
  private fixed(length: number, action?: () => void): Step {
    if (this.available < length) return need(length);
    action?.();
    return done(length);
  }

  /** An introducer (ESC, GS, FS) with a command byte nobody knows. */
  private unknown(introducer: string): Step {
    const command = this.at(1);
    // A control byte after the introducer is left to be processed on its own.
    if (command < 0x20) {
      this.error('unknown-command', `${introducer} followed by control byte 0x${command.toString(16)}`);
      return done(1);
    }
    this.error('unknown-command', `unknown command ${introducer} ${String.fromCharCode(command)} (0x${command.toString(16)})`);
    return done(2);
  }

  private escCommand(): Step {
    if (this.available < 2) return need(2);
    const command = this.at(1);
    const settings = ESC_SETTINGS.get(command);
    if (settings !== undefined) return this.fixed(2 + settings);
    switch (String.fromCharCode(command)) {
      case '@':
        return this.fixed(2, () => this.initialize());
      case '!':
        return this.fixed(3, () => {
          const n = this.at(2);
          this.setMode({ bold: (n & 0x08) !== 0, height: n & 0x10 ? 2 : 1, width: n & 0x20 ? 2 : 1 });
        });
      case 'E':
        return this.fixed(3, () => this.setMode({ bold: (this.at(2) & 1) === 1 }));
      case 'a':
        return this.fixed(3, () => this.setAlignment(this.at(2)));
      case 'd':
        return this.fixed(3, () => {
          this.printLine();
          this.feed(this.at(2) * this.mode.lineSpacing);
        });
      case 'J':
        return this.fixed(3, () => {
          this.printLine();
          this.feed(this.at(2));
        });
      case '2':
        return this.fixed(2, () => this.setMode({ lineSpacing: DEFAULT_LINE_SPACING_DOTS }));
      case '3':
        return this.fixed(3, () => this.setMode({ lineSpacing: this.at(2) }));
      case 't':
        return this.fixed(3, () => this.setMode({ codeTable: this.at(2) }));
      case 'i':
      case 'm':
        return this.fixed(2, () => this.cut('partial'));
      case '*':
        return this.escBitImage();
      case 'D':
        return this.escTabPositions();
      case 'Z':
        return this.escTwoDimensionalCode();
      default:
        return this.unknown('ESC');
    }
  }

  private initialize(): void {
    // ESC @ clears the line buffer without printing it and restores power-on modes.
    this.mode = this.initialMode();
    this.line = this.emptyLine();
    this.qr = { moduleSize: 3, errorLevel: 'L', data: undefined };
    this.emit({ type: 'initialize' });
  }

  private setAlignment(n: number): void {
    const alignment = ALIGNMENT_CODES.get(n);
    if (alignment) this.setMode({ align: alignment });
    else this.error('invalid-parameter', `ESC a ${n}: no such alignment`);
  }

  /** ESC * m nL nH d1..dk: column bit image. */
  private escBitImage(): Step {
    if (this.available < 5) return need(5);
    const m = this.at(2);
    if (![0, 1, 32, 33].includes(m)) {
      this.error('invalid-parameter', `ESC * ${m}: no such bit image mode`);
      return done(3);
    }
    const length = (this.at(3) + this.at(4) * 256) * (m >= 32 ? 3 : 1);
    if (this.available < 5 + length) return need(5 + length);
    this.error('unsupported-command', 'ESC * bit image is not modelled');
    return done(5 + length);
  }

  /** ESC D n1..nk NUL: up to 32 tab positions. */
  private escTabPositions(): Step {
    const MAX_POSITIONS = 32;
    const limit = 2 + MAX_POSITIONS + 1;
    for (let i = 2; i < Math.min(this.available, limit); i++) if (this.at(i) === 0) return done(i + 1);
    if (this.available < limit) return need(this.available + 1);
    return done(2 + MAX_POSITIONS);
  }

  /** ESC Z m n k dL dH data: the 2D-code command of @node-escpos/core's qrcode(). */
  private escTwoDimensionalCode(): Step {
    if (this.available < 7) return need(7);
    const length = 7 + this.at(5) + this.at(6) * 256;
    if (this.available < length) return need(length);
    this.error('unsupported-command', 'ESC Z 2D code is not modelled; use GS ( k');
    return done(length);
  }

  private gsCommand(): Step {
    if (this.available < 2) return need(2);
    const command = this.at(1);
    const settings = GS_SETTINGS.get(command);
    if (settings !== undefined) return this.fixed(2 + settings);
    switch (String.fromCharCode(command)) {
      case '!':
        return this.fixed(3, () => this.setCharacterSize(this.at(2)));
      case 'V':
        return this.gsCut();
      case 'v':
        return this.gsRasterImage();
      case '(':
        return this.framed((function_, body) => this.gsFramedFunction(function_, body));
      case 'k':
        return this.gsBarcode();
      case '8':
        return this.gsLargeGraphics();
      case '*':
        if (this.available < 4) return need(4);
        return this.fixed(4 + this.at(2) * this.at(3) * 8);
      case '/':
        return this.fixed(3, () => this.error('unsupported-command', 'GS / downloaded bit image is not modelled'));
      default:
        return this.unknown('GS');
    }
  }

  private setCharacterSize(n: number): void {
    const width = ((n >> 4) & 0x0f) + 1;
    const height = (n & 0x0f) + 1;
    if (width > 8 || height > 8) this.error('invalid-parameter', `GS ! 0x${n.toString(16)}: size beyond 8x8`);
    else this.setMode({ width, height });
  }

  private cut(kind: CutKind): void {
    this.printLine();
    this.emit({ type: 'cut', cut: kind });
  }

  /** GS V m [n] */
  private gsCut(): Step {
    if (this.available < 3) return need(3);
    const m = this.at(2);
    if ([0, 48].includes(m)) return this.fixed(3, () => this.cut('full'));
    if ([1, 49].includes(m)) return this.fixed(3, () => this.cut('partial'));
    if ([65, 66, 97, 98, 103, 104].includes(m)) {
      return this.fixed(4, () => {
        this.printLine();
        this.feed(this.at(3));
        this.cut(m % 2 === 1 ? 'full' : 'partial');
      });
    }
    this.error('invalid-parameter', `GS V ${m}: no such cut`);
    return done(3);
  }

  /** GS v 0 m xL xH yL yH d1..dk */
  private gsRasterImage(): Step {
    if (this.available < 3) return need(3);
    if (this.at(2) !== ch('0')) return this.unknown('GS');
    if (this.available < 8) return need(8);
    const m = this.at(3);
    const widthBytes = this.at(4) + this.at(5) * 256;
    const heightDots = this.at(6) + this.at(7) * 256;
    const size = widthBytes * heightDots;
    if (![0, 1, 2, 3, 48, 49, 50, 51].includes(m) || size === 0 || size > this.maxImageBytes) {
      this.error('invalid-parameter', `GS v 0 mode ${m}, ${widthBytes} x ${heightDots}: not a printable raster image`);
      return done(8);
    }
    if (this.available < 8 + size) return need(8 + size);
    this.printLine();
    this.emit({
      type: 'print',
      block: {
        kind: 'raster',
        align: this.mode.align,
        widthBytes,
        heightDots,
        scaleX: m & 1 ? 2 : 1,
        scaleY: m & 2 ? 2 : 1,
        bits: this.slice(8, 8 + size),
      },
    });
    return done(8 + size);
  }

  /** GS ( x pL pH … / FS ( x pL pH …: a function with a length-prefixed body; skipped unless handled. */
  private framed(handle?: (function_: string, body: Uint8Array) => void): Step {
    if (this.available < 5) return need(5);
    const length = 5 + this.at(3) + this.at(4) * 256;
    if (this.available < length) return need(length);
    handle?.(String.fromCharCode(this.at(2)), this.slice(5, length));
    return done(length);
  }

  private gsFramedFunction(function_: string, body: Uint8Array): void {
    if (function_ === 'k') this.symbol(body);
    else if (function_ === 'H') this.responseRequest(body);
    else if (function_ === 'L') this.error('unsupported-command', 'GS ( L graphics are not modelled');
  }

  /** GS ( H: fn 48 asks for a process ID response; fn 49 (offline response) is skipped. */
  private responseRequest(body: Uint8Array): void {
    if (body[0] !== 48) return;
    const id = body.slice(2);
    if (body.length === 6 && body[1] === 48 && isProcessId(id)) this.emit({ type: 'process-id', id });
    else this.error('invalid-parameter', 'GS ( H fn 48 needs m = 48 and a four-byte process ID of 0x20..0x7E');
  }

  /** GS ( k: 2D symbols; QR Code is modelled, the others are skipped. */
  private symbol(body: Uint8Array): void {
    const cn = body[0];
    const fn = body[1];
    if (cn === undefined || fn === undefined) {
      this.error('invalid-parameter', 'GS ( k without cn and fn');
      return;
    }
    if (cn !== QR_SYMBOL) {
      if (fn === QR_FUNCTION.print) this.error('unsupported-command', `GS ( k symbol ${cn} is not modelled`);
      return;
    }
    const parameter = body[2];
    switch (fn) {
      case QR_FUNCTION.selectModel:
      case QR_FUNCTION.sizeInformation:
        return;
      case QR_FUNCTION.moduleSize:
        if (body.length === 3 && parameter !== undefined && parameter >= QR_MODULE_SIZE_RANGE.min && parameter <= QR_MODULE_SIZE_RANGE.max) {
          this.qr.moduleSize = parameter;
        } else this.error('invalid-parameter', `QR module size ${String(parameter)}`);
        return;
      case QR_FUNCTION.errorLevel: {
        const level = QR_ERROR_LEVELS.find((l) => QR_ERROR_LEVEL_CODE[l] === parameter);
        if (body.length === 3 && level) this.qr.errorLevel = level;
        else this.error('invalid-parameter', `QR error correction level ${String(parameter)}`);
        return;
      }
      case QR_FUNCTION.store: {
        const data = body.slice(3);
        if (parameter === 48 && data.length > 0 && data.length <= MAX_QR_DATA_BYTES) this.qr.data = data;
        else this.error('invalid-parameter', `QR store of ${data.length} bytes (m=${String(parameter)})`);
        return;
      }
      case QR_FUNCTION.print:
        this.printQr(body.length === 3 && parameter === 48);
        return;
      default:
        this.error('invalid-parameter', `GS ( k QR function ${fn} does not exist`);
    }
  }

  private printQr(wellFormed: boolean): void {
    const data = this.qr.data;
    if (!wellFormed || !data) {
      this.error('invalid-parameter', data ? 'QR print with wrong parameters' : 'QR print with no data stored');
      return;
    }
    if (data.length > QR_CAPACITY_BYTES[this.qr.errorLevel]) {
      this.error('invalid-parameter', `QR data of ${data.length} bytes does not fit a symbol at level ${this.qr.errorLevel}`);
      return;
    }
    this.printLine();
    this.emit({
      type: 'print',
      block: { kind: 'qr', align: this.mode.align, data, moduleSize: this.qr.moduleSize, errorLevel: this.qr.errorLevel },
    });
  }

  /** GS k m d1..dk NUL, or GS k m n d1..dn */
  private gsBarcode(): Step {
    if (this.available < 3) return need(3);
    const m = this.at(2);
    if (m <= 6) {
      const MAX_DATA = 255;
      const limit = 3 + MAX_DATA + 1;
      for (let i = 3; i < Math.min(this.available, limit); i++) {
        if (this.at(i) === 0) {
          this.error('unsupported-command', 'GS k barcode is not modelled');
          return done(i + 1);
        }
      }
      if (this.available < limit) return need(this.available + 1);
      this.error('invalid-parameter', 'GS k barcode data without its NUL end');
      return done(3);
    }
    if (m >= 65 && m <= 79) {
      if (this.available < 4) return need(4);
      return this.fixed(4 + this.at(3), () => this.error('unsupported-command', 'GS k barcode is not modelled'));
    }
    this.error('invalid-parameter', `GS k ${m}: no such barcode system`);
    return done(3);
  }

  /** GS 8 L p1 p2 p3 p4 m fn ...: graphics with a 32-bit length. */
  private gsLargeGraphics(): Step {
    if (this.available < 3) return need(3);
    if (this.at(2) !== ch('L')) return this.unknown('GS');
    if (this.available < 7) return need(7);
    const length = this.at(3) + this.at(4) * 2 ** 8 + this.at(5) * 2 ** 16 + this.at(6) * 2 ** 24;
    if (length > this.maxImageBytes) {
      this.error('invalid-parameter', `GS 8 L with ${length} bytes`);
      return done(7);
    }
    return this.fixed(7 + length, () => this.error('unsupported-command', 'GS 8 L graphics are not modelled'));
  }

  private fsCommand(): Step {
    if (this.available < 2) return need(2);
    const command = this.at(1);
    const settings = FS_SETTINGS.get(command);
    if (settings !== undefined) return this.fixed(2 + settings);
    switch (String.fromCharCode(command)) {
      case '&':
        return this.fixed(2, () => this.setMode({ chinese: true }));
      case '.':
        return this.fixed(2, () => this.setMode({ chinese: false }));
      case '(':
        return this.framed();
      case '2':
        // FS 2 c1 c2 d1..d72: defines a 24 x 24 user character.
        return this.fixed(4 + 72);
      case 'p':
        return this.fixed(4, () => this.error('unsupported-command', 'FS p NV bit image is not modelled'));
      default:
        return this.unknown('FS');
    }
  }

  private dleCommand(): Step {
    if (this.available < 2) return need(2);
    switch (this.at(1)) {
      case EOT:
        return this.statusRequest();
      case ENQ:
        return this.fixed(3);
      case DC4: {
        if (this.available < 3) return need(3);
        const parameters: Readonly<Record<number, number>> = { 1: 2, 2: 2, 7: 1, 8: 7 };
        const count = parameters[this.at(2)];
        if (count === undefined) {
          this.error('invalid-parameter', `DLE DC4 ${this.at(2)}: no such function`);
          return done(3);
        }
        return this.fixed(3 + count);
      }
      default:
        // A lone DLE means nothing.
        return done(1);
    }
  }

  /** DLE EOT n: 1..4 are the status requests; 7, 8 and 18 take one more byte. */
  private statusRequest(): Step {
    if (this.available < 3) return need(3);
    const n = this.at(2);
    if (isStatusRequestNumber(n)) {
      this.emit({ type: 'status-request', n });
      return done(3);
    }
    if ([7, 8, 18].includes(n)) return this.fixed(4);
    this.error('invalid-parameter', `DLE EOT ${n}: no such status`);
    return done(3);
  }
}

export interface DecodedEscPos {
  /** Cut slips, in order. */
  readonly slips: readonly Slip[];
  /** Printed after the last cut. */
  readonly uncut: readonly PaperBlock[];
  readonly statusRequests: readonly StatusRequestNumber[];
  readonly errors: readonly EscPosDecodeError[];
}

/** Decodes a whole stream at once. */
export function decodeEscPos(bytes: Uint8Array, options: EscPosDecoderOptions = {}): DecodedEscPos {
  const decoder = new EscPosDecoder(options);
  const roll = new PaperRoll();
  const statusRequests: StatusRequestNumber[] = [];
  const errors: EscPosDecodeError[] = [];
  for (const event of [...decoder.push(bytes), ...decoder.finish()]) {
    if (event.type === 'print') roll.print(event.block);
    else if (event.type === 'cut') roll.cut(event.cut);
    else if (event.type === 'status-request') statusRequests.push(event.n);
    else if (event.type === 'error') errors.push(event.error);
  }
  return { slips: roll.slips, uncut: roll.pending, statusRequests, errors };
}
