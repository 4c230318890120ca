/**
 * What came out of a receipt printer, as data: printed lines of text runs, images,
 * QR symbols and feeds, in order, split into slips at the cuts. The decoder produces
 * it, the emulator collects it, the renderer draws it, tests read it.
 */
import type { QrErrorLevel } from './escpos-commands';

export type Alignment = 'left' | 'center' | 'right';

export interface TextRun {
  readonly text: string;
  readonly bold: boolean;
  /** Character magnification, 1..8. */
  readonly width: number;
  readonly height: number;
}

/** One printed line (ended by LF, a feed command, or a wrap at the paper edge). */
export interface TextLine {
  readonly kind: 'text';
  readonly align: Alignment;
  readonly runs: readonly TextRun[];
}

export interface Feed {
  readonly kind: 'feed';
  readonly dots: number;
}

/** A GS v 0 raster image: rows of widthBytes bytes, most significant bit leftmost, 1 = black. */
export interface RasterImage {
  readonly kind: 'raster';
  readonly align: Alignment;
  readonly widthBytes: number;
  readonly heightDots: number;
  readonly scaleX: 1 | 2;
  readonly scaleY: 1 | 2;
  readonly bits: Uint8Array;
}

export interface QrSymbol {
  readonly kind: 'qr';
  readonly align: Alignment;
  /** The bytes stored with GS ( k before the print function. */
  readonly data: Uint8Array;
  readonly moduleSize: number;
  readonly errorLevel: QrErrorLevel;
}

export type PaperBlock = TextLine | Feed | RasterImage | QrSymbol;

export type CutKind = 'full' | 'partial';

export interface Slip {
  readonly blocks: readonly PaperBlock[];
  readonly cut: CutKind;
}

export function lineText(line: TextLine): string {
  return line.runs.map((run) => run.text).join('');
}

/** The printed text lines, in order, without feeds, images or QR symbols. */
export function blocksText(blocks: readonly PaperBlock[]): string[] {
  return blocks.filter((block): block is TextLine => block.kind === 'text').map(lineText);
}

const utf8 = new TextDecoder('utf-8');

/** QR data read as UTF-8, which is what phones assume for byte-mode data. */
export function qrPayload(symbol: QrSymbol): string {
  return utf8.decode(symbol.data);
}

export function blocksQrPayloads(blocks: readonly PaperBlock[]): string[] {
  return blocks.filter((block): block is QrSymbol => block.kind === 'qr').map(qrPayload);
}

/** The paper roll: blocks pile up until a cut turns them into a slip. */
export class PaperRoll {
  private printing: PaperBlock[] = [];
  private readonly cutSlips: Slip[] = [];
  private cuts = 0;

  /** keep: how many of the newest slips `slips` holds; all of them by default. */
  constructor(private readonly keep = Infinity) {}

  /** The newest slips cut off (`keep` of them), oldest first. */
  get slips(): readonly Slip[] {
    return this.cutSlips;
  }

  /** Slips cut off since the roll was loaded, also those no longer kept. */
  get slipCount(): number {
    return this.cuts;
  }

  /** Printed since the last cut, not yet cut off. */
  get pending(): readonly PaperBlock[] {
    return this.printing;
  }

  print(block: PaperBlock): void {
    this.printing.push(block);
  }

  cut(kind: CutKind): Slip {
    const slip: Slip = { blocks: this.printing, cut: kind };
    this.cutSlips.push(slip);
    if (this.cutSlips.length > this.keep) this.cutSlips.shift();
    this.cuts++;
    this.printing = [];
    return slip;
  }

  /** Tears off what was printed since the last cut without a slip (e.g. a stub left when the paper ran out). */
  tearOff(): readonly PaperBlock[] {
    const stub = this.printing;
    this.printing = [];
    return stub;
  }
}
