/**
 * The CJK font every document is set in: Noto Serif CJK SC from the fonts-noto-cjk
 * package (SIL Open Font License). Read from disk once per process and kept parsed,
 * shared by every document; pdfkit embeds only the glyphs each document uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';

/** Where Debian's fonts-noto-cjk puts the serif collection. */
export const DEFAULT_FONT_FILE = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
/** The Simplified Chinese face inside the collection. */
export const DEFAULT_FONT_NAME = 'NotoSerifCJKsc-Regular';

export class DocumentFontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentFontError';
  }
}

/**
 * fontkit keeps every glyph it has parsed on the face (about 18 KB each, outlines
 * included), and parses more of its tables as new characters come, so over months of
 * new names and addresses one face would grow without bound. The glyphs are dropped
 * before each document (about 20 ms more per licence, measured on the soak's names; a
 * face kept them as 1.2 MB over 55 licences), and every this many documents a fresh
 * face is parsed from the same bytes (about 20 ms; nothing is read from disk again).
 */
export const DOCUMENTS_PER_FACE = 100;

/** fontkit's memo of the glyph objects it made, a private field of its fonts (fontkit 2). */
interface GlyphMemo {
  _glyphs?: unknown;
}

/** Where a glyph's outline is in a CFF table (fontkit 2 parses one such object per glyph). */
interface CharStringEntry {
  offset: number;
  length: number;
}

/** The parts of fontkit's parsed CFF table this module touches. */
interface CffTable {
  topDict?: { CharStrings?: readonly CharStringEntry[] };
}

/**
 * The CFF index of glyph outlines as two typed arrays, read through a Proxy as the array
 * of { offset, length } fontkit made (it only indexes it and reads its length). fontkit
 * keeps one object per glyph, 65,535 in this face: about 3 MB, most of it the boxed
 * numbers V8 makes of those fields once any { offset, length } object anywhere held a
 * non-integer; and so a face made after that held 1 MB more than the first face (the
 * soak's heap step after the first renewal). Compact, an index takes 512 KB.
 */
function compactCharStrings(entries: readonly CharStringEntry[]): readonly CharStringEntry[] {
  const offsets = Uint32Array.from(entries, (entry) => entry.offset);
  const lengths = Uint32Array.from(entries, (entry) => entry.length);
  return new Proxy([] as CharStringEntry[], {
    get(target, key, receiver) {
      if (key === 'length') return offsets.length;
      if (typeof key === 'string') {
        const index = Number(key);
        if (Number.isInteger(index) && index >= 0 && index < offsets.length) return { offset: offsets[index], length: lengths[index] };
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

export class DocumentFont {
  private face: Font;
  private documents = 0;

  constructor(
    readonly file: string,
    readonly postscriptName: string,
    private readonly data: Uint8Array,
  ) {
    this.face = DocumentFont.parse(file, data, postscriptName);
  }

  /** The parsed face for one more document, handed to pdfkit as is (pdfkit accepts a fontkit font). */
  faceForDocument(): Font {
    if (this.documents >= DOCUMENTS_PER_FACE) {
      this.face = DocumentFont.parse(this.file, this.data, this.postscriptName);
      this.documents = 0;
    }
    this.documents += 1;
    // The last document's glyphs; pdfkit made its subset of them when that document ended.
    const memo = this.face as unknown as GlyphMemo;
    if (typeof memo._glyphs === 'object' && memo._glyphs !== null) memo._glyphs = {};
    return this.face;
  }

  private static parse(file: string, data: Uint8Array, postscriptName: string): Font {
    let face: Font;
    try {
      face = create(data, postscriptName);
    } catch (error) {
      throw new DocumentFontError(`${file} could not be read as a font: ${(error as Error).message}`);
    }
    if (!face || face.postscriptName !== postscriptName) {
      throw new DocumentFontError(`${file} has no face named ${postscriptName}: run scripts/setup-system to install fonts-noto-cjk`);
    }
    // Parsed now rather than at the first glyph (every document draws glyphs): fontkit memoises the table.
    const cff = (face as unknown as Record<string, CffTable | undefined>)['CFF '];
    if (cff?.topDict?.CharStrings) cff.topDict.CharStrings = compactCharStrings(cff.topDict.CharStrings);
    return face;
  }
}

const loaded = new Map<string, DocumentFont>();

/** The font, read from disk on first use. Throws DocumentFontError when the file is missing or not the font. */
export function loadDocumentFont(file = DEFAULT_FONT_FILE, postscriptName = DEFAULT_FONT_NAME): DocumentFont {
  const key = `${file}#${postscriptName}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  if (!existsSync(file)) throw new DocumentFontError(`the CJK font ${file} (Debian package fonts-noto-cjk) is missing: run scripts/setup-system`);
  const font = new DocumentFont(file, postscriptName, readFileSync(file));
  loaded.set(key, font);
  return font;
}
