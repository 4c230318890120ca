import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../../hardware/thermal/escpos-decoder';
import { renderPaper } from '../../../../hardware/thermal/paper-render';
import type { PaperBlock } from '../../../../hardware/thermal/paper-model';
import { SAMPLE_LICENCE_LINES, SAMPLE_LICENCE_QR_PAYLOAD, sampleLicenceSlip } from '../../../../hardware/thermal/sample-slips';
import { encodeSlip } from '../../../../hardware/thermal/slip-escpos';
import { systemUnifont } from '../../../../hardware/thermal/unifont';

const MARGIN = 16;

function picture(blocks: readonly PaperBlock[], widthDots?: number) {
  const rendered = renderPaper({ blocks }, widthDots ? { widthDots } : {});
  const png = PNG.sync.read(rendered.png);
  /** Is the dot at (x, y) of the paper (not the margin) black? */
  const black = (x: number, y: number) => png.data[((y + MARGIN) * png.width + x + MARGIN) * 4] === 0;
  const blackDots = () => {
    let count = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === 0) count++;
    return count;
  };
  return { rendered, png, black, blackDots };
}

function unifontGlyph(char: string) {
  const glyph = systemUnifont().glyph(char);
  if (!glyph) throw new Error(`unifont has no ${char}`);
  return glyph;
}

const line = (text: string, align: 'left' | 'center' | 'right' = 'left'): PaperBlock => ({
  kind: 'text',
  align,
  runs: [{ text, bold: false, width: 1, height: 1 }],
});

describe('renderPaper', () => {
  it('draws the licence slip as a PNG one dot per pixel and keeps its text and QR payload as data', () => {
    const slip = decodeEscPos(encodeSlip(sampleLicenceSlip())).slips[0];
    if (!slip) throw new Error('no slip');
    const rendered = renderPaper(slip);
    const png = PNG.sync.read(rendered.png);
    expect([png.width, png.height]).toEqual([rendered.width, rendered.height]);
    expect(rendered.width).toBe(576 + 2 * MARGIN);
    expect(rendered.height).toBeGreaterThan(400);
    expect(rendered.text).toEqual([...SAMPLE_LICENCE_LINES]);
    expect(rendered.qrPayloads).toEqual([SAMPLE_LICENCE_QR_PAYLOAD]);
  });

  it('draws a raster image dot for dot where its alignment puts it', () => {
    const bits = Uint8Array.of(0b1000_0001, 0b0100_0000);
    const { black } = picture([{ kind: 'raster', align: 'right', widthBytes: 1, heightDots: 2, scaleX: 1, scaleY: 1, bits }], 64);
    const left = 64 - 8;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((x) => black(left + x, 0))).toEqual([true, false, false, false, false, false, false, true]);
    expect([0, 1, 2].map((x) => black(left + x, 1))).toEqual([false, true, false]);
  });

  it('doubles raster dots in quadruple mode', () => {
    const { black } = picture([{ kind: 'raster', align: 'left', widthBytes: 1, heightDots: 1, scaleX: 2, scaleY: 2, bits: Uint8Array.of(0x80) }]);
    expect([black(0, 0), black(1, 0), black(0, 1), black(1, 1), black(2, 0), black(0, 2)]).toEqual([true, true, true, true, false, false]);
  });

  it('draws ASCII from the bitmap font, bold a little darker', () => {
    const ascii = picture([line('I')]);
    // The font's 'I' has a full-height stem in its middle column.
    expect(ascii.black(1 + 2 * 2, 12)).toBe(true);
    const normal = picture([line('HELLO')]).blackDots();
    const bold = picture([{ kind: 'text', align: 'left', runs: [{ text: 'HELLO', bold: true, width: 1, height: 1 }] }]).blackDots();
    expect(bold).toBeGreaterThan(normal);
  });

  it("draws Chinese text with unifont's dots, each 16 x 16 glyph stretched to the 24 x 24 Chinese font", () => {
    const text = '营业执照';
    const { black } = picture([line(text)]);
    [...text].forEach((char, index) => {
      const glyph = unifontGlyph(char);
      const left = index * 24;
      for (let y = 0; y < 24; y++) {
        const rendered = Array.from({ length: 24 }, (_, x) => (black(left + x, y) ? '#' : '.')).join('');
        // Nearest neighbour: printed dot (x, y) shows glyph dot (x / 1.5, y / 1.5).
        const expected = Array.from({ length: 24 }, (_, x) => (glyph.dot(Math.floor((x * 2) / 3), Math.floor((y * 2) / 3)) ? '#' : '.')).join('');
        expect(`${char} row ${y}: ${rendered}`).toBe(`${char} row ${y}: ${expected}`);
      }
    });
  });

  it('multiplies every Chinese dot in double-width, double-height printing', () => {
    const { black } = picture([{ kind: 'text', align: 'left', runs: [{ text: '中', bold: false, width: 2, height: 2 }] }]);
    // 中's stroke is glyph column 7, printed at dot 11 of the 24-dot cell, so 22..23 when doubled.
    expect([21, 22, 23, 24].map((x) => black(x, 0))).toEqual([false, true, true, false]);
    expect([black(22, 1), black(22, 47)]).toEqual([true, true]);
  });

  it('centres a half-width unifont glyph in its full-width cell', () => {
    const { black } = picture([line('é')]);
    const inked = (x: number) => Array.from({ length: 24 }, (_, y) => black(x, y)).some(Boolean);
    const columns = Array.from({ length: 24 }, (_, x) => x).filter(inked);
    expect(Math.min(...columns)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...columns)).toBeLessThan(18);
  });

  it('draws a character no font has as an outlined box', () => {
    for (const char of ['😀', '\u{E000}']) {
      const box = picture([line(char)]);
      expect(box.black(3, 12)).toBe(true); // left edge of the box
      expect(box.black(12, 3)).toBe(true); // top edge
      expect(box.black(12, 12)).toBe(false); // hollow middle
    }
  });

  it('centres and right-aligns lines', () => {
    const first = (blocks: PaperBlock[]) => {
      const { black } = picture(blocks, 120);
      for (let x = 0; x < 120; x++) for (let y = 0; y < 24; y++) if (black(x, y)) return x;
      return -1;
    };
    expect(first([line('-')])).toBeLessThan(12);
    expect(first([line('-', 'center')])).toBeGreaterThanOrEqual(54);
    expect(first([line('-', 'right')])).toBeGreaterThanOrEqual(108);
  });

  it('does not throw on blocks no printer could print', () => {
    const tooMuch: PaperBlock = { kind: 'qr', align: 'left', data: new Uint8Array(4000), moduleSize: 1, errorLevel: 'H' };
    const wide: PaperBlock = { kind: 'raster', align: 'center', widthBytes: 100, heightDots: 1, scaleX: 2, scaleY: 1, bits: new Uint8Array(100).fill(0xff) };
    expect(() => renderPaper({ blocks: [tooMuch, wide, { kind: 'feed', dots: 0 }], cut: 'partial' })).not.toThrow();
  });
});
