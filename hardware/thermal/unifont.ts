/**
 * Dot-matrix glyphs from GNU Unifont (Debian package `unifont`): a 16 x 16 (or 8 x 16
 * half-width) bitmap for every character of the Basic Multilingual Plane, which is what
 * a receipt printer's built-in Chinese font is — dots, not outlines. The slip pictures
 * draw Chinese text from it. The .hex file is read once, on first use, into an index
 * of code point → hex row data; glyphs are decoded only when drawn.
 */
import { readFileSync } from 'node:fs';

export const UNIFONT_HEX_PATH = '/usr/share/unifont/unifont.hex';

/** A glyph as rows of dots, top row first; `dot(x, y)` is true where ink goes. */
export interface DotGlyph {
  readonly width: number;
  readonly height: number;
  dot(x: number, y: number): boolean;
}

const GLYPH_HEIGHT = 16;

export class Unifont {
  private constructor(private readonly hexByCode: ReadonlyMap<number, string>) {}

  /** Reads and indexes a unifont .hex file ("CODE:HEXBITS" per line). */
  static load(path: string = UNIFONT_HEX_PATH): Unifont {
    let text: string;
    try {
      text = readFileSync(path, 'latin1');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new Error(`unifont is not installed: run scripts/setup-system (${path} is missing)`);
      }
      throw error;
    }
    const hexByCode = new Map<number, string>();
    for (const line of text.split('\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      hexByCode.set(parseInt(line.slice(0, colon), 16), line.slice(colon + 1).trim());
    }
    return new Unifont(hexByCode);
  }

  /** The character's glyph, or undefined when unifont has none (the caller draws a box). */
  glyph(char: string): DotGlyph | undefined {
    const hex = this.hexByCode.get(char.codePointAt(0) ?? -1);
    // 32 hex digits = 8 x 16, 64 = 16 x 16; anything else is not a glyph we can draw.
    if (!hex || (hex.length !== 32 && hex.length !== 64)) return undefined;
    const width = hex.length / 4;
    const digitsPerRow = width / 4;
    const rows = Array.from({ length: GLYPH_HEIGHT }, (_, row) => parseInt(hex.slice(row * digitsPerRow, (row + 1) * digitsPerRow), 16));
    return {
      width,
      height: GLYPH_HEIGHT,
      // Each row is big-endian: the most significant bit is the leftmost dot.
      dot: (x, y) => x >= 0 && x < width && y >= 0 && y < GLYPH_HEIGHT && (((rows[y] ?? 0) >> (width - 1 - x)) & 1) === 1,
    };
  }
}

let installed: Unifont | undefined;

/** The system's unifont, loaded on first call and kept (throws if the package is missing). */
export function systemUnifont(): Unifont {
  installed ??= Unifont.load();
  return installed;
}
