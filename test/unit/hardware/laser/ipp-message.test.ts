import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DELIMITER_TAG,
  IppDecodeError,
  MAX_COLLECTION_DEPTH,
  VALUE_TAG,
  decodeIppMessage,
  encodeIppMessage,
  findAttribute,
  integerValue,
  ipp,
  stringValues,
  type IppAttribute,
  type IppMessage,
  type IppValue,
} from '../../../../hardware/laser/ipp-message';

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/u).map((b) => parseInt(b, 16)));
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ');
const u16 = (n: number) => `${(n >> 8).toString(16)} ${(n & 0xff).toString(16)}`;
/** tag | name length | name | value length | value, as hex. */
const field = (tag: number, name: string, value: string) =>
  `${tag.toString(16)} ${u16(name.length)} ${ascii(name)} ${u16(value.length)} ${ascii(value)}`;

function decodeOutcome(bytes: Uint8Array): 'message' | 'typed-error' {
  try {
    decodeIppMessage(bytes);
    return 'message';
  } catch (error) {
    if (error instanceof IppDecodeError) return 'typed-error';
    throw error;
  }
}

const message = (groups: IppMessage['groups'], data = new Uint8Array(0)): IppMessage => ({
  version: [1, 1],
  code: 0x000b,
  requestId: 7,
  groups,
  data,
});

describe('IPP encoding', () => {
  it('lays out a Get-Printer-Attributes request byte by byte as RFC 8010 says', () => {
    const bytes = encodeIppMessage(
      message([
        {
          tag: DELIMITER_TAG.operation,
          attributes: [
            { name: 'attributes-charset', values: [ipp.charset('utf-8')] },
            { name: 'requested-attributes', values: [ipp.keyword('printer-state'), ipp.keyword('printer-state-reasons')] },
          ],
        },
      ]),
    );
    expect(bytes).toEqual(
      hex(`01 01 00 0b 00 00 00 07 01
        ${field(0x47, 'attributes-charset', 'utf-8')}
        ${field(0x44, 'requested-attributes', 'printer-state')}
        ${field(0x44, '', 'printer-state-reasons')}
        03`),
    );
  });

  it('writes integers as signed 32-bit big-endian and appends the document after end-of-attributes', () => {
    const bytes = encodeIppMessage(
      message([{ tag: DELIMITER_TAG.operation, attributes: [{ name: 'job-id', values: [ipp.integer(-2)] }] }], hex('25 50 44 46')),
    );
    expect(bytes).toEqual(hex(`01 01 00 0b 00 00 00 07 01 21 00 06 ${ascii('job-id')} 00 04 ff ff ff fe 03 25 50 44 46`));
  });

  it('refuses what IPP cannot carry', () => {
    const one = (value: IppValue, name = 'x') => () =>
      encodeIppMessage(message([{ tag: DELIMITER_TAG.operation, attributes: [{ name, values: [value] }] }]));
    expect(one(ipp.integer(2 ** 31))).toThrow(RangeError);
    expect(one(ipp.text('x'.repeat(70_000)))).toThrow(/at most 65535/u);
    expect(one(ipp.text('x'), '')).toThrow(/without a name/u);
    expect(one({ kind: 'octets', tag: VALUE_TAG.memberAttrName, value: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => encodeIppMessage(message([{ tag: DELIMITER_TAG.operation, attributes: [{ name: 'x', values: [] }] }]))).toThrow(/no value/u);
    expect(() => encodeIppMessage(message([{ tag: DELIMITER_TAG.end, attributes: [] }]))).toThrow(/not an attribute group/u);
  });
});

describe('IPP decoding', () => {
  it('reads a printer answer with a 1setOf, a text with language and a collection', () => {
    const bytes = hex(`01 01 00 00 00 00 00 07
      01 ${field(0x47, 'attributes-charset', 'utf-8')}
      04 ${field(0x23, 'printer-state', '\x00\x00\x00\x05')}
         ${field(0x44, 'printer-state-reasons', 'media-empty-error')}
         ${field(0x44, '', 'paused')}
         35 00 15 ${ascii('printer-state-message')} 00 0e 00 05 ${ascii('zh-cn')} 00 05 ${ascii('empty')}
         34 00 11 ${ascii('media-col-default')} 00 00
           ${field(0x4a, '', 'media-size')}
           34 00 00 00 00
             ${field(0x4a, '', 'x-dimension')}
             ${field(0x21, '', '\x00\x00\x52\x08')}
           37 00 00 00 00
         37 00 00 00 00
      03`);
    const decoded = decodeIppMessage(bytes);
    expect(decoded.code).toBe(0);
    expect(decoded.requestId).toBe(7);
    expect(integerValue(findAttribute(decoded, DELIMITER_TAG.printer, 'printer-state'))).toBe(5);
    expect(stringValues(findAttribute(decoded, DELIMITER_TAG.printer, 'printer-state-reasons'))).toEqual(['media-empty-error', 'paused']);
    expect(findAttribute(decoded, DELIMITER_TAG.printer, 'printer-state-message')?.values).toEqual([
      { kind: 'string-with-language', tag: VALUE_TAG.textWithLanguage, language: 'zh-cn', value: 'empty' },
    ]);
    expect(findAttribute(decoded, DELIMITER_TAG.printer, 'media-col-default')?.values).toEqual([
      {
        kind: 'collection',
        members: [
          {
            name: 'media-size',
            values: [{ kind: 'collection', members: [{ name: 'x-dimension', values: [ipp.integer(21000)] }] }],
          },
        ],
      },
    ]);
    expect(findAttribute(decoded, DELIMITER_TAG.job, 'printer-state')).toBeUndefined();
  });

  it.each([
    ['an empty message', ''],
    ['a message without end-of-attributes', `01 01 00 00 00 00 00 01 01 ${field(0x47, 'attributes-charset', 'utf-8')}`],
    ['an attribute before any group', `01 01 00 00 00 00 00 01 ${field(0x47, 'a', 'b')} 03`],
    ['an additional value without an attribute', `01 01 00 00 00 00 00 01 01 ${field(0x44, '', 'b')} 03`],
    ['a value longer than the message', '01 01 00 00 00 00 00 01 01 44 00 01 61 ff ff 61 03'],
    ['an integer of 3 bytes', `01 01 00 00 00 00 00 01 01 21 00 01 61 00 03 00 00 01 03`],
    ['a boolean of 2 bytes', `01 01 00 00 00 00 00 01 01 22 00 01 61 00 02 00 01 03`],
    ['a dateTime of 4 bytes', `01 01 00 00 00 00 00 01 01 31 00 01 61 00 04 07 e9 01 01 03`],
    ['a textWithLanguage whose parts overrun it', `01 01 00 00 00 00 00 01 01 35 00 01 61 00 04 00 09 61 61 03`],
    ['endCollection outside a collection', '01 01 00 00 00 00 00 01 01 37 00 00 00 00 03'],
    ['a collection never closed', `01 01 00 00 00 00 00 01 04 34 00 01 61 00 00 ${field(0x4a, '', 'm')} 03`],
    ['a collection value before its member name', `01 01 00 00 00 00 00 01 04 34 00 01 61 00 00 ${field(0x21, '', '\x00\x00\x00\x01')} 37 00 00 00 00 03`],
    ['the reserved delimiter 0x00', '01 01 00 00 00 00 00 01 00 03'],
  ])('rejects %s with a typed error', (_what, bytes) => {
    expect(() => decodeIppMessage(hex(bytes || '00').subarray(bytes ? 0 : 1))).toThrow(IppDecodeError);
  });

  it(`stops collections nested deeper than ${MAX_COLLECTION_DEPTH} instead of recursing without end`, () => {
    const open = `${field(0x4a, '', 'm')} 34 00 00 00 00 `;
    const deep = `01 01 00 00 00 00 00 01 04 34 00 01 61 00 00 ${open.repeat(5000)}`;
    expect(() => decodeIppMessage(hex(deep))).toThrow(/nested deeper/u);
  });

  it('keeps tags it does not interpret as bytes, and out-of-band values without them', () => {
    const decoded = decodeIppMessage(hex('01 01 00 00 00 00 00 01 04 7f 00 01 61 00 02 be ef 13 00 01 62 00 00 03'));
    expect(decoded.groups[0]?.attributes).toEqual([
      { name: 'a', values: [{ kind: 'octets', tag: 0x7f, value: hex('be ef') }] },
      { name: 'b', values: [{ kind: 'out-of-band', tag: VALUE_TAG.noValue }] },
    ]);
  });
});

// ---------------------------------------------------------------------------------
// Properties

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const stringTag = fc.integer({ min: 0x40, max: 0x5f }).filter((t) => t !== VALUE_TAG.memberAttrName);
const octetTag = fc.oneof(
  fc.constantFrom(0x20, VALUE_TAG.octetString),
  fc.integer({ min: 0x24, max: 0x2f }),
  fc.integer({ min: 0x38, max: 0x3f }),
  fc.integer({ min: 0x60, max: 0xff }),
);
const text = fc.string({ unit: 'grapheme', maxLength: 12 });

const { value: valueArb } = fc.letrec<{ value: IppValue; attribute: IppAttribute }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0x10, max: 0x1f }).map((tag): IppValue => ({ kind: 'out-of-band', tag })),
    fc.tuple(fc.constantFrom(VALUE_TAG.integer, VALUE_TAG.enum), int32).map(([tag, value]): IppValue => ({ kind: 'integer', tag, value })),
    fc.boolean().map((value): IppValue => ({ kind: 'boolean', value })),
    fc.tuple(stringTag, text).map(([tag, value]): IppValue => ({ kind: 'string', tag, value })),
    fc
      .tuple(fc.constantFrom(VALUE_TAG.textWithLanguage, VALUE_TAG.nameWithLanguage), text, text)
      .map(([tag, language, value]): IppValue => ({ kind: 'string-with-language', tag, language, value })),
    fc.integer({ min: -30_000_000_000_000, max: 250_000_000_000_000 }).map((ms): IppValue => ({ kind: 'date', value: new Date(ms - (ms % 100)) })),
    fc.tuple(int32, int32, fc.integer({ min: 0, max: 255 })).map(([cross, feed, units]): IppValue => ({ kind: 'resolution', cross, feed, units })),
    fc.tuple(int32, int32).map(([lower, upper]): IppValue => ({ kind: 'range', lower, upper })),
    fc.tuple(octetTag, fc.uint8Array({ maxLength: 12 })).map(([tag, value]): IppValue => ({ kind: 'octets', tag, value })),
    fc.array(tie('attribute'), { maxLength: 3 }).map((members): IppValue => ({ kind: 'collection', members })),
  ),
  attribute: fc.record({ name: text, values: fc.array(tie('value'), { minLength: 1, maxLength: 3 }) }),
}));

const attributeArb = fc.record({ name: text.filter((n) => n.length > 0), values: fc.array(valueArb, { minLength: 1, maxLength: 3 }) });
const groupTag = fc.integer({ min: 0x01, max: 0x0f }).filter((t) => t !== DELIMITER_TAG.end);
const messageArb: fc.Arbitrary<IppMessage> = fc.record({
  version: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })),
  code: fc.integer({ min: 0, max: 0xffff }),
  requestId: fc.integer({ min: 0, max: 0xffffffff }),
  groups: fc.array(fc.record({ tag: groupTag, attributes: fc.array(attributeArb, { maxLength: 4 }) }), { maxLength: 4 }),
  data: fc.uint8Array({ maxLength: 16 }),
});

describe('IPP codec properties', () => {
  it('decodes whatever it encodes to the same message', () => {
    fc.assert(
      fc.property(messageArb, (original) => {
        expect(decodeIppMessage(encodeIppMessage(original))).toEqual(original);
      }),
    );
  });

  it('ends random bytes in a message or a typed error, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        decodeOutcome(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('ends random bytes behind a valid header in a message or a typed error', () => {
    const body = fc.array(
      fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x00, 0x01, 0x03, 0x04, 0x34, 0x37, 0x4a)),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(body, (rest) => {
        decodeOutcome(Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 1, 4, ...rest]));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every cut-off message with a typed error', () => {
    fc.assert(
      fc.property(
        messageArb.map((m) => encodeIppMessage({ ...m, data: new Uint8Array(0) })),
        fc.nat(),
        (bytes, cut) => {
          expect(decodeOutcome(bytes.subarray(0, cut % bytes.length))).toBe('typed-error');
        },
      ),
    );
  });

  it('ends corrupted messages (bytes overwritten, inserted, removed) in a message or a typed error', () => {
    const edit = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), how: fc.constantFrom('overwrite', 'insert', 'remove') });
    fc.assert(
      fc.property(messageArb.map(encodeIppMessage), fc.array(edit, { minLength: 1, maxLength: 6 }), (bytes, edits) => {
        const corrupted = [...bytes];
        for (const { at, byte, how } of edits) {
          const i = at % (corrupted.length + 1);
          if (how === 'overwrite') corrupted[Math.min(i, corrupted.length - 1)] = byte;
          else if (how === 'insert') corrupted.splice(i, 0, byte);
          else corrupted.splice(i, 1);
        }
        decodeOutcome(Uint8Array.from(corrupted));
      }),
      { numRuns: 1000 },
    );
  });
});
