/**
 * A tiny bitmap font for drawing slips as pictures: the classic 5 x 7 font for ASCII.
 * Other characters come from unifont (unifont.ts), or are drawn as boxes.
 */

/** Classic 5 x 7 ASCII font, 0x20..0x7E: 5 column bytes per glyph, bit 0 at the top. */
const FONT_5X7 = [
  '000000000000005f00000007000700147f147f14242a7f2a12231308646236495522500005030000001c2241000041221c00',
  '14083e081408083e080800503000000808080808006060000020100804023e5149453e00427f400042615149462141454b31',
  '1814127f1027454545393c4a49493001710905033649494936064949291e0036360000005636000008142241001414141414',
  '00412214080201510906324979413e7e1111117e7f494949363e414141227f4141221c7f494949417f090909013e4149497a',
  '7f0808087f00417f41002040413f017f081422417f404040407f020c027f7f0408107f3e4141413e7f090909063e4151215e',
  '7f09192946464949493101017f01013f4040403f1f2040201f3f4038403f631408146307087008076151494543007f414100',
  '02040810200041417f0004020102044040404040000102040020545454787f484444383844444420384444487f3854545418',
  '087e0901020c5252523e7f0804047800447d40002040443d007f1028440000417f40007c041804787c080404783844444438',
  '7c14141408081414187c7c080404084854545420043f4440203c4040207c1c2040201c3c4030403c44281028440c5050503c',
  '4464544c44000836410000007f000000413608001008081008',
].join('');

const FIRST_CODE = 0x20;
const LAST_CODE = 0x7e;
export const GLYPH_COLUMNS = 5;
export const GLYPH_ROWS = 7;

/** Printers print ASCII in half-width cells and everything else (CJK) in full-width cells. */
export function isHalfWidth(char: string): boolean {
  return (char.codePointAt(0) ?? 0) < 0x80;
}

/**
 * The 5 column bytes (bit 0 at the top) of an ASCII character; undefined for a
 * character the font does not have, which the caller draws as a box.
 */
export function asciiGlyph(char: string): readonly number[] | undefined {
  const code = char.codePointAt(0) ?? 0;
  if (code < FIRST_CODE || code > LAST_CODE) return undefined;
  const at = (code - FIRST_CODE) * GLYPH_COLUMNS * 2;
  return Array.from({ length: GLYPH_COLUMNS }, (_, column) => parseInt(FONT_5X7.slice(at + column * 2, at + column * 2 + 2), 16));
}
