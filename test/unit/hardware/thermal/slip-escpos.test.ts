import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CHINESE_MODE_ON, qrCodeCommands } from '../../../../hardware/thermal/escpos-commands';
import { encodeSlip } from '../../../../hardware/thermal/slip-escpos';
import type { SlipJob } from '../../../../hardware/thermal/slip-job';
import { checkerPng } from './png-fixtures';

const hex = (bytes: Uint8Array | number[]) => Buffer.from(bytes).toString('hex');
const contains = (haystack: Uint8Array, needle: Uint8Array | number[]) => hex(haystack).includes(hex(needle));

describe('encodeSlip', () => {
  it('starts with ESC @ and FS & (Chinese mode) and ends with the cut', () => {
    const bytes = encodeSlip({ elements: [] });
    expect(hex(bytes.subarray(0, 4))).toBe(hex([0x1b, 0x40, ...CHINESE_MODE_ON]));
    expect(hex(bytes)).toBe(`1b401c26${'0a'.repeat(4)}1d5600`);
    expect(hex(encodeSlip({ elements: [], cut: 'partial' }))).toMatch(/1d5601$/);
    expect(hex(encodeSlip({ elements: [], cut: 'none' }))).toBe('1b401c26');
  });

  it('writes text in GB18030 with alignment, emphasis and size', () => {
    const bytes = encodeSlip({
      elements: [{ kind: 'text', text: '营业执照 A', align: 'center', bold: true, size: { width: 2, height: 3 } }],
      cut: 'none',
    });
    const text = iconv.encode('营业执照 A\n', 'gb18030');
    expect(hex(bytes)).toBe(`1b401c26` + `1b6101` + `1b4501` + `1d2112` + hex(text));
  });

  it('keeps control characters in caller text from becoming commands', () => {
    const bytes = encodeSlip({ elements: [{ kind: 'text', text: 'a\u001b@b\u001dV\u0000c' }], cut: 'none' });
    expect(hex(bytes)).toMatch(new RegExp(`${hex(Buffer.from('a?@b?V?c\n'))}$`));
  });

  it('splits text at newlines into lines of the same style', () => {
    const bytes = encodeSlip({ elements: [{ kind: 'text', text: '一\r\n二\n三' }], cut: 'none' });
    expect(hex(bytes)).toMatch(new RegExp(`${hex(iconv.encode('一\n二\n三\n', 'gb18030'))}$`));
  });

  it('writes the QR code with GS ( k: model 2, module size, error level, store, print', () => {
    const bytes = encodeSlip({ elements: [{ kind: 'qr', payload: 'https://a.cn/x', moduleSize: 5, errorLevel: 'Q' }], cut: 'none' });
    const data = Buffer.from('https://a.cn/x');
    const expected = [
      '1d286b0400314132' + '00',
      '1d286b0300314305',
      '1d286b0300314532',
      `1d286b${hex([data.length + 3, 0])}315030${hex(data)}`,
      '1d286b0300315130',
    ].join('');
    expect(hex(qrCodeCommands(data, { moduleSize: 5, errorLevel: 'Q' }))).toBe(expected);
    expect(hex(bytes)).toBe(`1b401c26` + `1b6101` + expected);
  });

  it('stores QR payloads as UTF-8 with a two-byte length', () => {
    const payload = '营业执照'.repeat(30);
    const bytes = encodeSlip({ elements: [{ kind: 'qr', payload }], cut: 'none' });
    const data = Buffer.from(payload, 'utf8');
    expect(data.length + 3).toBeGreaterThan(255);
    expect(contains(bytes, [0x1d, 0x28, 0x6b, (data.length + 3) & 0xff, (data.length + 3) >> 8, 0x31, 0x50, 0x30, ...data])).toBe(true);
  });

  it('writes a PNG as a GS v 0 raster image', () => {
    const bytes = encodeSlip({ elements: [{ kind: 'image', png: checkerPng(10, 2), align: 'left' }], cut: 'none' });
    // 10 dots wide = 2 bytes per row; row 0 starts black, row 1 starts white.
    expect(hex(bytes)).toBe(`1b401c26` + `1b6100` + `1d763000` + `0200` + `0200` + `aa80` + `5540`);
  });

  it('feeds blank lines', () => {
    expect(hex(encodeSlip({ elements: [{ kind: 'feed', lines: 3 }], cut: 'none' }))).toBe('1b401c260a0a0a');
  });

  it.each<[string, SlipJob]>([
    ['text size 0', { elements: [{ kind: 'text', text: 'x', size: { width: 0, height: 1 } }] }],
    ['text size 9', { elements: [{ kind: 'text', text: 'x', size: { width: 1, height: 9 } }] }],
    ['an empty QR payload', { elements: [{ kind: 'qr', payload: '' }] }],
    ['a QR payload beyond a symbol', { elements: [{ kind: 'qr', payload: 'x'.repeat(1274), errorLevel: 'H' }] }],
    ['QR module size 17', { elements: [{ kind: 'qr', payload: 'x', moduleSize: 17 }] }],
    ['a broken PNG', { elements: [{ kind: 'image', png: Uint8Array.of(1, 2, 3) }] }],
    ['an image wider than the paper', { elements: [{ kind: 'image', png: checkerPng(577, 1) }] }],
    ['a negative feed', { elements: [{ kind: 'feed', lines: -1 }] }],
    ['a fractional feed', { elements: [{ kind: 'feed', lines: 1.5 }] }],
  ])('refuses %s with a RangeError', (_what, job) => {
    expect(() => encodeSlip(job)).toThrow(RangeError);
  });
});
