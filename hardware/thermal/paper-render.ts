/**
 * Draws printed paper as a PNG, one dot per pixel, so a person (or zbarimg) can look at
 * a slip. ASCII uses a small bitmap font and Chinese (and every other BMP character)
 * GNU Unifont's dot-matrix glyphs scaled to the printer's 24-dot Chinese font, so the
 * picture reads like the printed slip; characters unifont lacks are boxes. QR symbols
 * are real modules regenerated from the stored data, so a scanner reads them back.
 */
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { GLYPH_COLUMNS, GLYPH_ROWS, asciiGlyph, isHalfWidth } from './bitmap-font';
import { systemUnifont, type DotGlyph } from './unifont';
import {
  blocksQrPayloads, blocksText,
  type Alignment, type CutKind, type PaperBlock, type QrSymbol, type RasterImage, type TextLine,
} from './paper-model';

export interface PaperRenderOptions {
  /** Printable width in dots. Default 576 (80 mm paper at 203 dpi). */
  readonly widthDots?: number;
}

export interface RenderedPaper {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  /** The printed text lines, as characters (the picture has them only as dots). */
  readonly text: readonly string[];
  readonly qrPayloads: readonly string[];
}

const CELL_HEIGHT = 24;
const HALF_CELL_WIDTH = 12;
const FULL_CELL_WIDTH = 24;
/** Font pixels are drawn as 2 x 3 dots, which fills a 12 x 24 cell like a printer's font A. */
const FONT_SCALE_X = 2;
const FONT_SCALE_Y = 3;
/** How far from the cell's edge the box for a character no font has is drawn. */
const BOX_INSET = 2;
const MIN_LINE_ADVANCE = 30;
const QR_QUIET_ZONE_MODULES = 4;
const MARGIN = 16;

interface CharacterStyle {
  readonly bold: boolean;
  readonly scaleX: number;
  readonly scaleY: number;
}

/** The target dots [from, to) that source dot `index` covers when `sourceSize` dots are stretched to `targetSize` by nearest neighbour. */
function scaledSpan(index: number, sourceSize: number, targetSize: number): [number, number] {
  return [Math.ceil((index * targetSize) / sourceSize), Math.ceil(((index + 1) * targetSize) / sourceSize)];
}

/** Black-and-white dots that grow downwards as blocks are drawn. */
class DotCanvas {
  private readonly rows: Uint8Array[] = [];

  constructor(readonly width: number) {}

  get height(): number {
    return this.rows.length;
  }

  fill(x: number, y: number, width: number, height: number): void {
    const left = Math.max(0, Math.floor(x));
    const right = Math.min(this.width, Math.floor(x + width));
    if (right <= left || height <= 0 || y < 0) return;
    for (let row = Math.floor(y); row < y + height; row++) {
      while (this.rows.length <= row) this.rows.push(new Uint8Array(this.width));
      (this.rows[row] as Uint8Array).fill(1, left, right);
    }
  }

  toPng(height: number, margin: number): PNG {
    const png = new PNG({ width: this.width + 2 * margin, height: height + 2 * margin });
    png.data.fill(255);
    this.rows.forEach((row, y) => {
      row.forEach((dot, x) => {
        if (!dot) return;
        const at = ((y + margin) * png.width + x + margin) * 4;
        png.data[at] = png.data[at + 1] = png.data[at + 2] = 0;
      });
    });
    return png;
  }
}

class PaperPainter {
  private y = 0;

  constructor(private readonly canvas: DotCanvas) {}

  get usedHeight(): number {
    return Math.max(this.y, this.canvas.height);
  }

  block(block: PaperBlock): void {
    switch (block.kind) {
      case 'text':
        return this.textLine(block);
      case 'feed':
        this.y += block.dots;
        return;
      case 'raster':
        return this.raster(block);
      case 'qr':
        return this.qr(block);
    }
  }

  cutMark(): void {
    this.y += 8;
    for (let x = 0; x < this.canvas.width; x += 12) this.canvas.fill(x, this.y, 6, 2);
    this.y += 10;
  }

  private alignedX(align: Alignment, width: number): number {
    const free = Math.max(0, this.canvas.width - width);
    return align === 'left' ? 0 : align === 'center' ? Math.floor(free / 2) : free;
  }

  private textLine(line: TextLine): void {
    const cells = line.runs.flatMap((run) =>
      [...run.text].map((char) => ({
        char,
        bold: run.bold,
        scaleX: run.width,
        scaleY: run.height,
        width: (isHalfWidth(char) ? HALF_CELL_WIDTH : FULL_CELL_WIDTH) * run.width,
      })),
    );
    const lineHeight = Math.max(CELL_HEIGHT, ...cells.map((cell) => CELL_HEIGHT * cell.scaleY));
    let x = this.alignedX(line.align, cells.reduce((sum, cell) => sum + cell.width, 0));
    for (const cell of cells) {
      this.character(cell.char, x, this.y + lineHeight - CELL_HEIGHT * cell.scaleY, cell);
      x += cell.width;
    }
    this.y += Math.max(MIN_LINE_ADVANCE, lineHeight + 6);
  }

  private character(char: string, x: number, y: number, style: CharacterStyle): void {
    if (/\s/u.test(char)) return;
    const ascii = asciiGlyph(char);
    if (ascii) return this.asciiCharacter(ascii, x, y, style);
    // Only non-ASCII text needs unifont, so ASCII-only slips never read the file.
    const glyph = systemUnifont().glyph(char);
    if (glyph) return this.cellGlyph(glyph, x, y, isHalfWidth(char) ? HALF_CELL_WIDTH : FULL_CELL_WIDTH, style);
    // In no font (outside the BMP, private use): an outlined box in a full-width cell.
    const { bold, scaleX, scaleY } = style;
    const stroke = (bold ? 3 : 2) * Math.min(scaleX, scaleY);
    const side = FULL_CELL_WIDTH - 2 * BOX_INSET;
    this.outline(x + BOX_INSET * scaleX, y + BOX_INSET * scaleY, side * scaleX, side * scaleY, stroke);
  }

  private asciiCharacter(glyph: readonly number[], x: number, y: number, style: CharacterStyle): void {
    const { bold, scaleX, scaleY } = style;
    const dotWidth = FONT_SCALE_X * scaleX;
    const dotHeight = FONT_SCALE_Y * scaleY;
    for (let column = 0; column < GLYPH_COLUMNS; column++) {
      for (let row = 0; row < GLYPH_ROWS; row++) {
        if (!(((glyph[column] ?? 0) >> row) & 1)) continue;
        // Bold widens every stroke by one dot, as emphasized printing does.
        this.canvas.fill(x + (1 + column * FONT_SCALE_X) * scaleX, y + (1 + row) * dotHeight, dotWidth + (bold ? 1 : 0), dotHeight);
      }
    }
  }

  /**
   * A unifont glyph scaled to the printer's Chinese font: 16 dots high become the
   * cell's 24 (nearest neighbour, 1.5x) and the width in proportion, so a 16 x 16 glyph
   * fills the 24 x 24 full-width cell and an 8 x 16 one is centred in its cell at 12 x 24.
   * Magnified modes then multiply every dot, as the printer does.
   */
  private cellGlyph(glyph: DotGlyph, x: number, y: number, cellWidth: number, style: CharacterStyle): void {
    const { bold, scaleX, scaleY } = style;
    const width = Math.round((glyph.width * CELL_HEIGHT) / glyph.height);
    const left = x + Math.floor((cellWidth - width) / 2) * scaleX;
    for (let row = 0; row < glyph.height; row++) {
      const [top, bottom] = scaledSpan(row, glyph.height, CELL_HEIGHT);
      for (let column = 0; column < glyph.width; column++) {
        if (!glyph.dot(column, row)) continue;
        const [from, to] = scaledSpan(column, glyph.width, width);
        // Bold widens every stroke by one dot, as emphasized printing does.
        this.canvas.fill(left + from * scaleX, y + top * scaleY, (to - from) * scaleX + (bold ? 1 : 0), (bottom - top) * scaleY);
      }
    }
  }

  private outline(x: number, y: number, width: number, height: number, stroke: number): void {
    this.canvas.fill(x, y, width, stroke);
    this.canvas.fill(x, y + height - stroke, width, stroke);
    this.canvas.fill(x, y, stroke, height);
    this.canvas.fill(x + width - stroke, y, stroke, height);
  }

  private raster(image: RasterImage): void {
    const widthDots = image.widthBytes * 8;
    const left = this.alignedX(image.align, widthDots * image.scaleX);
    for (let row = 0; row < image.heightDots; row++) {
      for (let column = 0; column < widthDots; column++) {
        const byte = image.bits[row * image.widthBytes + (column >> 3)] ?? 0;
        if (byte & (0x80 >> (column & 7))) {
          this.canvas.fill(left + column * image.scaleX, this.y + row * image.scaleY, image.scaleX, image.scaleY);
        }
      }
    }
    this.y += image.heightDots * image.scaleY;
  }

  private qr(symbol: QrSymbol): void {
    const module = symbol.moduleSize;
    const quiet = QR_QUIET_ZONE_MODULES * module;
    let matrix: QRCode.BitMatrix;
    try {
      matrix = QRCode.create([{ data: symbol.data, mode: 'byte' }], { errorCorrectionLevel: symbol.errorLevel }).modules;
    } catch {
      this.unprintableSymbol(symbol.align);
      return;
    }
    const size = matrix.size * module;
    // Keep the quiet zone on the paper where it fits, so scanners find the symbol.
    const x = Math.min(Math.max(this.alignedX(symbol.align, size), quiet), Math.max(quiet, this.canvas.width - quiet - size));
    this.y += quiet;
    for (let row = 0; row < matrix.size; row++) {
      for (let column = 0; column < matrix.size; column++) {
        if (matrix.get(row, column)) this.canvas.fill(x + column * module, this.y + row * module, module, module);
      }
    }
    this.y += size + quiet;
  }

  /** Data no QR symbol can hold (a printer would print nothing): a crossed-out box. */
  private unprintableSymbol(align: Alignment): void {
    const size = 96;
    const x = this.alignedX(align, size);
    this.outline(x, this.y, size, size, 2);
    for (let i = 0; i < size; i++) this.canvas.fill(x + i, this.y + i, 2, 2);
    this.y += size;
  }
}

export function renderPaper(
  paper: { readonly blocks: readonly PaperBlock[]; readonly cut?: CutKind },
  options: PaperRenderOptions = {},
): RenderedPaper {
  const canvas = new DotCanvas(options.widthDots ?? 576);
  const painter = new PaperPainter(canvas);
  for (const block of paper.blocks) painter.block(block);
  if (paper.cut) painter.cutMark();
  const png = canvas.toPng(painter.usedHeight, MARGIN);
  return {
    png: PNG.sync.write(png),
    width: png.width,
    height: png.height,
    text: blocksText(paper.blocks),
    qrPayloads: blocksQrPayloads(paper.blocks),
  };
}
