import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../../../../hardware/thermal/escpos-decoder';
import { renderPaper } from '../../../../hardware/thermal/paper-render';
import type { PaperBlock } from '../../../../hardware/thermal/paper-model';
import { SAMPLE_LICENCE_LINES, SAMPLE_LICENCE_QR_PAYLOAD, sampleLicenceSlip } from '../../../../hardware/thermal/sample-slips';
import { encodeSlip } from '../../../../hardware/thermal/slip-escpos';

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

  it('draws ASCII from the bitmap font and CJK as boxes, bold a little darker', () => {
    const ascii = picture([line('I')]);
    // The font's 'I' has a full-height stem in its middle column.
    expect(ascii.black(1 + 2 * 2, 12)).toBe(true);
    const box = picture([line('中')]);
    expect(box.black(3, 12)).toBe(true); // left edge of the box
    expect(box.black(12, 12)).toBe(false); // hollow middle
    const normal = picture([line('HELLO')]).blackDots();
    const bold = picture([{ kind: 'text', align: 'left', runs: [{ text: 'HELLO', bold: true, width: 1, height: 1 }] }]).blackDots();
    expect(bold).toBeGreaterThan(normal);
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
