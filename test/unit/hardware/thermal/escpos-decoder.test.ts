import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EscPosDecoder, decodeEscPos, type EscPosEvent } from '../../../../hardware/thermal/escpos-decoder';
import { blocksQrPayloads, blocksText, type PaperBlock } from '../../../../hardware/thermal/paper-model';
import { SAMPLE_LICENCE_LINES, SAMPLE_LICENCE_QR_PAYLOAD, sampleLicenceSlip } from '../../../../hardware/thermal/sample-slips';
import { encodeSlip } from '../../../../hardware/thermal/slip-escpos';
import type { SlipElement, SlipJob } from '../../../../hardware/thermal/slip-job';
import { checkerPng } from './png-fixtures';

const bytes = (...parts: (string | number[] | Uint8Array)[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : [...part])));
const gb = (text: string) => iconv.encode(text, 'gb18030');
const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

function decodeInChunks(input: Uint8Array, sizes: readonly number[]): EscPosEvent[] {
  const decoder = new EscPosDecoder();
  const events: EscPosEvent[] = [];
  let at = 0;
  for (let i = 0; at < input.length; i++) {
    const size = Math.max(1, sizes.length ? (sizes[i % sizes.length] as number) : input.length);
    events.push(...decoder.push(input.subarray(at, at + size)));
    at += size;
  }
  return [...events, ...decoder.finish()];
}

const decodeAll = (input: Uint8Array) => decodeInChunks(input, []);
const errorKinds = (input: Uint8Array) => decodeEscPos(input).errors.map((e) => e.kind);

describe('EscPosDecoder on slips built by @node-escpos/core', () => {
  it('gives back the licence slip: Chinese text from GB18030, styles, QR payload, cut', () => {
    const decoded = decodeEscPos(encodeSlip(sampleLicenceSlip()));
    expect(decoded.errors).toEqual([]);
    expect(decoded.uncut).toEqual([]);
    expect(decoded.slips).toHaveLength(1);
    const [slip] = decoded.slips;
    expect(slip?.cut).toBe('full');
    expect(blocksText(slip?.blocks ?? [])).toEqual([...SAMPLE_LICENCE_LINES]);
    expect(blocksQrPayloads(slip?.blocks ?? [])).toEqual([SAMPLE_LICENCE_QR_PAYLOAD]);
    expect(slip?.blocks[0]).toEqual({
      kind: 'text',
      align: 'center',
      runs: [{ text: '个体工商户营业执照', bold: true, width: 2, height: 2 }],
    });
    expect(slip?.blocks.find((block) => block.kind === 'qr')).toMatchObject({ align: 'center', moduleSize: 6, errorLevel: 'M' });
  });

  it('decodes the same whether the bytes come at once or one by one', () => {
    const input = encodeSlip(sampleLicenceSlip());
    expect(decodeInChunks(input, [1])).toEqual(decodeAll(input));
    expect(decodeInChunks(input, [3, 7, 1, 64])).toEqual(decodeAll(input));
  });

  it('gives back a raster image bit for bit', () => {
    const decoded = decodeEscPos(encodeSlip({ elements: [{ kind: 'image', png: checkerPng(10, 2), align: 'right' }] }));
    expect(decoded.slips[0]?.blocks[0]).toEqual({
      kind: 'raster',
      align: 'right',
      widthBytes: 2,
      heightDots: 2,
      scaleX: 1,
      scaleY: 1,
      bits: Uint8Array.of(0xaa, 0x80, 0x55, 0x40),
    });
  });

  it('round-trips any slip: lines, styles, feeds and QR payloads come back in order', () => {
    const char = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0x4e00, max: 0x9fa5 }),
      fc.integer({ min: 0x20000, max: 0x2a6d6 }),
      fc.constantFrom(0x3000, 0xff1a, 0x3002, 0xe9, 0x1f600),
    ).map((code) => String.fromCodePoint(code));
    const size = fc.record({ width: fc.integer({ min: 1, max: 2 }), height: fc.integer({ min: 1, max: 8 }) });
    const align = fc.constantFrom('left' as const, 'center' as const, 'right' as const);
    const element: fc.Arbitrary<SlipElement> = fc.oneof(
      fc.record({ kind: fc.constant('text' as const), text: fc.array(char, { minLength: 1, maxLength: 12 }).map((c) => c.join('')), align, bold: fc.boolean(), size }),
      fc.record({ kind: fc.constant('qr' as const), payload: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), align, moduleSize: fc.integer({ min: 1, max: 16 }), errorLevel: fc.constantFrom('L' as const, 'M' as const, 'Q' as const, 'H' as const) }),
      fc.record({ kind: fc.constant('feed' as const), lines: fc.integer({ min: 0, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(element, { maxLength: 8 }), (elements) => {
        const job: SlipJob = { elements };
        const expected: PaperBlock[] = elements.flatMap((e): PaperBlock[] => {
          if (e.kind === 'text') {
            return [{ kind: 'text', align: e.align ?? 'left', runs: [{ text: e.text, bold: e.bold ?? false, width: e.size?.width ?? 1, height: e.size?.height ?? 1 }] }];
          }
          if (e.kind === 'qr') {
            return [{ kind: 'qr', align: e.align ?? 'center', data: Uint8Array.from(Buffer.from(e.payload, 'utf8')), moduleSize: e.moduleSize ?? 6, errorLevel: e.errorLevel ?? 'M' }];
          }
          return e.kind === 'feed' ? Array.from({ length: e.lines }, () => ({ kind: 'feed' as const, dots: 30 })) : [];
        });
        const cutFeed = Array.from({ length: 4 }, () => ({ kind: 'feed' as const, dots: 30 }));
        const decoded = decodeEscPos(encodeSlip(job));
        expect(decoded.errors).toEqual([]);
        expect(decoded.slips).toEqual([{ blocks: [...expected, ...cutFeed], cut: 'full' }]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('EscPosDecoder commands', () => {
  it('prints a line at LF, and a blank LF as a feed of the line spacing', () => {
    const { uncut } = decodeEscPos(bytes('ab\n\n', [ESC, 0x33, 50], '\n', [ESC, 0x32], '\n'));
    expect(uncut).toEqual([
      { kind: 'text', align: 'left', runs: [{ text: 'ab', bold: false, width: 1, height: 1 }] },
      { kind: 'feed', dots: 30 },
      { kind: 'feed', dots: 50 },
      { kind: 'feed', dots: 30 },
    ]);
  });

  it('splits runs where the style changes and merges them where it does not', () => {
    const input = bytes('a', [ESC, 0x45, 1], 'b', [GS, 0x21, 0x11], 'c', [GS, 0x21, 0x11], 'd', [ESC, 0x21, 0], 'e\n');
    expect(decodeEscPos(input).uncut[0]).toEqual({
      kind: 'text',
      align: 'left',
      runs: [
        { text: 'a', bold: false, width: 1, height: 1 },
        { text: 'b', bold: true, width: 1, height: 1 },
        { text: 'cd', bold: true, width: 2, height: 2 },
        { text: 'e', bold: false, width: 1, height: 1 },
      ],
    });
  });

  it('ESC ! sets emphasis, double height and double width together', () => {
    expect(decodeEscPos(bytes([ESC, 0x21, 0x38], 'x\n')).uncut[0]).toMatchObject({ runs: [{ bold: true, width: 2, height: 2 }] });
  });

  it('reads bytes 0x80.. as GB18030 only in Chinese mode, from code page 437 otherwise', () => {
    const input = bytes(gb('中'), '\n', [FS, 0x26], gb('中文𠀀'), '\n', [FS, 0x2e], [0x82], '\n');
    expect(blocksText(decodeEscPos(input).uncut)).toEqual(['╓╨', '中文𠀀', 'é']);
  });

  it('wraps text at the paper edge like a printer', () => {
    const input = bytes([FS, 0x26], gb('一'.repeat(30)), '\n', [GS, 0x21, 0x10], 'x'.repeat(30), '\n');
    expect(blocksText(decodeEscPos(input).uncut)).toEqual(['一'.repeat(24), '一'.repeat(6), 'x'.repeat(24), 'x'.repeat(6)]);
    expect(blocksText(decodeEscPos(bytes('y'.repeat(60), '\n'), { printableWidthDots: 384 }).uncut)).toEqual(['y'.repeat(32), 'y'.repeat(28)]);
  });

  it('takes the alignment in force when a line starts', () => {
    const { uncut } = decodeEscPos(bytes([ESC, 0x61, 1], 'a', [ESC, 0x61, 2], 'b\nc\n', [ESC, 0x61, 48], 'd\n'));
    expect(uncut.map((block) => (block.kind === 'text' ? block.align : block.kind))).toEqual(['center', 'right', 'left']);
  });

  it('ESC @ drops the unprinted line and restores power-on modes', () => {
    const input = bytes([ESC, 0x45, 1, FS, 0x26], 'lost', [ESC, 0x40], 'kept', [0x82], '\n');
    const events = decodeAll(input);
    expect(events).toContainEqual({ type: 'initialize' });
    expect(decodeEscPos(input).uncut).toEqual([{ kind: 'text', align: 'left', runs: [{ text: 'kepté', bold: false, width: 1, height: 1 }] }]);
  });

  it('ESC d and ESC J print the line and feed', () => {
    const { uncut } = decodeEscPos(bytes('a', [ESC, 0x64, 2], 'b', [ESC, 0x4a, 7]));
    expect(uncut).toEqual([
      { kind: 'text', align: 'left', runs: [{ text: 'a', bold: false, width: 1, height: 1 }] },
      { kind: 'feed', dots: 60 },
      { kind: 'text', align: 'left', runs: [{ text: 'b', bold: false, width: 1, height: 1 }] },
      { kind: 'feed', dots: 7 },
    ]);
  });

  it.each([
    [[GS, 0x56, 0], 'full'],
    [[GS, 0x56, 48], 'full'],
    [[GS, 0x56, 1], 'partial'],
    [[GS, 0x56, 49], 'partial'],
    [[GS, 0x56, 65, 0], 'full'],
    [[GS, 0x56, 66, 0], 'partial'],
    [[ESC, 0x69], 'partial'],
    [[ESC, 0x6d], 'partial'],
  ])('cuts with %o (%s), printing the open line first', (cut, kind) => {
    const decoded = decodeEscPos(bytes('last', cut as number[], 'next\n'));
    expect(decoded.slips).toEqual([{ blocks: [{ kind: 'text', align: 'left', runs: [{ text: 'last', bold: false, width: 1, height: 1 }] }], cut: kind }]);
    expect(blocksText(decoded.uncut)).toEqual(['next']);
  });

  it('reports DLE EOT 1..4 as status requests, in stream order', () => {
    const input = bytes([DLE, 4, 1], 'x', [DLE, 4, 4, DLE, 4, 2, DLE, 4, 3]);
    expect(decodeEscPos(input).statusRequests).toEqual([1, 4, 2, 3]);
    expect(decodeAll(bytes([DLE, 4, 9]))).toEqual([
      { type: 'error', error: { kind: 'invalid-parameter', offset: 0, message: 'DLE EOT 9: no such status' } },
    ]);
    expect(decodeAll(bytes([DLE, 4, 7, 1, DLE, 4, 18, 1]))).toEqual([]);
  });

  it('prints a QR symbol only with data stored, and with the module size and level in force', () => {
    const store = (data: string) => bytes([GS, 0x28, 0x6b, data.length + 3, 0, 49, 80, 48], data);
    const print = bytes([GS, 0x28, 0x6b, 3, 0, 49, 81, 48]);
    expect(errorKinds(print)).toEqual(['invalid-parameter']);
    const decoded = decodeEscPos(bytes(store('abc'), [GS, 0x28, 0x6b, 3, 0, 49, 67, 9, GS, 0x28, 0x6b, 3, 0, 49, 69, 51], print, print));
    expect(decoded.errors).toEqual([]);
    expect(decoded.uncut).toEqual([
      { kind: 'qr', align: 'left', data: Buffer.from('abc'), moduleSize: 9, errorLevel: 'H' },
      { kind: 'qr', align: 'left', data: Buffer.from('abc'), moduleSize: 9, errorLevel: 'H' },
    ].map((block) => ({ ...block, data: Uint8Array.from(block.data) })));
    expect(errorKinds(bytes([GS, 0x28, 0x6b, 3, 0, 49, 67, 17]))).toEqual(['invalid-parameter']);
    expect(errorKinds(bytes([GS, 0x28, 0x6b, 3, 0, 49, 69, 52]))).toEqual(['invalid-parameter']);
    expect(errorKinds(bytes([GS, 0x28, 0x6b, 3, 0, 48, 81, 48]))).toEqual(['unsupported-command']);
  });

  it('reports broken GB18030 characters as malformed text and prints U+FFFD for them', () => {
    const input = bytes([FS, 0x26], [0x80], 'a', [0xd6], '\n', [0x81, 0x30, 0x20], '\n');
    const decoded = decodeEscPos(input);
    expect(blocksText(decoded.uncut)).toEqual(['\ufffda\ufffd', '\ufffd0 ']);
    expect(decoded.errors.map((e) => [e.kind, e.offset])).toEqual([
      ['malformed-text', 2],
      ['malformed-text', 4],
      ['malformed-text', 6],
    ]);
  });

  it('skips unknown commands and reports them, leaving a following control byte alone', () => {
    const decoded = decodeEscPos(bytes([ESC, 0x01], 'a', [GS, 0x7f], 'b', [FS, 0x7e], 'c', [ESC], '\n'));
    expect(decoded.errors.map((e) => [e.kind, e.offset])).toEqual([
      ['unknown-command', 0],
      ['unknown-command', 3],
      ['unknown-command', 6],
      ['unknown-command', 9],
    ]);
    expect(blocksText(decoded.uncut)).toEqual(['abc']);
  });

  it('refuses impossible raster images and skips only their header', () => {
    expect(errorKinds(bytes([GS, 0x76, 0x30, 0, 0, 0, 1, 0]))).toEqual(['invalid-parameter']);
    expect(errorKinds(bytes([GS, 0x76, 0x30, 7, 1, 0, 1, 0, 0]))).toEqual(['invalid-parameter']);
    const huge = decodeEscPos(bytes([GS, 0x76, 0x30, 0, 0xff, 0xff, 0xff, 0xff], 'ok\n'));
    expect(huge.errors.map((e) => e.kind)).toEqual(['invalid-parameter']);
    expect(blocksText(huge.uncut)).toEqual(['ok']);
  });

  it('skips commands it does not model, with their data', () => {
    const barcode = bytes([GS, 0x6b, 4], '123', [0], [GS, 0x6b, 73, 3], '456');
    const bitImage = bytes([ESC, 0x2a, 33, 2, 0], [1, 2, 3, 4, 5, 6]);
    const decoded = decodeEscPos(bytes(barcode, bitImage, [ESC, 0x44, 8, 16, 0], [GS, 0x28, 0x45, 2, 0, 9, 9], 'text\n'));
    expect(decoded.errors.map((e) => e.kind)).toEqual(['unsupported-command', 'unsupported-command', 'unsupported-command']);
    expect(blocksText(decoded.uncut)).toEqual(['text']);
  });

  it('waits for the rest of a command split across chunks, and reports one cut short at the end', () => {
    const decoder = new EscPosDecoder();
    expect(decoder.push(bytes([GS, 0x76, 0x30, 0, 1, 0, 2, 0, 0xff]))).toEqual([]);
    expect(decoder.push(bytes([0x01]))).toEqual([
      { type: 'print', block: { kind: 'raster', align: 'left', widthBytes: 1, heightDots: 2, scaleX: 1, scaleY: 1, bits: Uint8Array.of(0xff, 0x01) } },
    ]);
    expect(decoder.push(bytes([GS, 0x28, 0x6b, 10, 0, 49]))).toEqual([]);
    expect(decoder.finish()).toEqual([{ type: 'error', error: { kind: 'truncated', offset: 10, message: 'stream ends inside a command (6 bytes)' } }]);
  });
});

describe('EscPosDecoder on random and corrupted input (property tests)', () => {
  const eventTypes = ['print', 'cut', 'status-request', 'initialize', 'error'];
  const errorKindsAll = ['unknown-command', 'invalid-parameter', 'malformed-text', 'unsupported-command', 'truncated'];

  /** Bytes rich in command introducers, so random streams hit many code paths. */
  const fragment = fc.oneof(
    fc.uint8Array({ maxLength: 12 }),
    fc.constantFrom(
      [ESC], [GS], [FS], [DLE], [0x0a], [ESC, 0x40], [FS, 0x26], [FS, 0x2e], [DLE, 4], [GS, 0x76, 0x30], [GS, 0x28, 0x6b],
      [GS, 0x56], [GS, 0x21], [ESC, 0x21], [GS, 0x6b], [ESC, 0x2a], [GS, 0x38, 0x4c], [0x81], [0x81, 0x30], [0xfe, 0x39, 0xfe],
    ).map((b) => Uint8Array.from(b)),
  );
  const stream = fc.array(fragment, { maxLength: 60 }).map((parts) => Uint8Array.from(parts.flatMap((p) => [...p])));

  function checkEvents(events: readonly EscPosEvent[], length: number): void {
    for (const event of events) {
      expect(eventTypes).toContain(event.type);
      if (event.type === 'error') {
        expect(errorKindsAll).toContain(event.error.kind);
        expect(event.error.offset).toBeGreaterThanOrEqual(0);
        expect(event.error.offset).toBeLessThanOrEqual(length);
      }
    }
  }

  it('never throws on random bytes and only says typed things', () => {
    fc.assert(
      fc.property(fc.oneof(stream, fc.uint8Array({ maxLength: 3000 })), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }), (input, sizes) => {
        checkEvents(decodeInChunks(input, sizes), input.length);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes the same however the bytes are chunked', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), (input, sizes) => {
        expect(decodeInChunks(input, sizes)).toEqual(decodeAll(input));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on a licence slip with bytes flipped, dropped or inserted', () => {
    const slip = encodeSlip(sampleLicenceSlip());
    const mutation = fc.record({
      at: fc.nat({ max: slip.length - 1 }),
      kind: fc.constantFrom('flip', 'drop', 'insert'),
      byte: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 10 }), (mutations) => {
        const corrupted = [...slip];
        for (const { at, kind, byte } of mutations) {
          const where = Math.min(at, corrupted.length);
          if (kind === 'flip') corrupted[where] = byte;
          else if (kind === 'drop') corrupted.splice(where, 1);
          else corrupted.splice(where, 0, byte);
        }
        checkEvents(decodeAll(Uint8Array.from(corrupted)), corrupted.length);
      }),
      { numRuns: 500 },
    );
  });
});
