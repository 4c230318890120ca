import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CARD_TEXT_BYTES,
  LONG_TERM,
  decodeCardText,
  encodeCardText,
  type IdCardText,
} from '../../../../hardware/idcard/card-text';
import { ETHNIC_GROUPS, ethnicGroupName } from '../../../../hardware/idcard/ethnic-groups';
import { FIXTURE_CARDS } from '../../../../hardware/idcard/fixtures';
import { decodeReadPayload, encodeReadPayload, READ_RESPONSE_FRAME_BYTES } from '../../../../hardware/idcard/read-response';
import { encodeResponse } from '../../../../hardware/idcard/sam-frame';

const fixtures: readonly IdCardText[] = Object.values(FIXTURE_CARDS).map((card) => card.text);

/** Field offsets in bytes, from the published layout, to check the encoder independently. */
const OFFSET = { name: 0, sex: 30, ethnicity: 32, birthDate: 36, address: 52, idNumber: 122, authority: 158, validFrom: 188, validTo: 204, reserved: 220 };
const fieldAt = (block: Uint8Array, offset: number, chars: number) =>
  Buffer.from(block.subarray(offset, offset + chars * 2)).toString('utf16le');

/** GB 11643 check character, written out independently of the code under test. */
function gb11643Valid(idNumber: string): boolean {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(idNumber[i]), 0);
  return '10X98765432'[sum % 11] === idNumber[17];
}

describe('card text block', () => {
  it('lays out the fields in UTF-16LE at the fixed offsets, space-padded', () => {
    const block = encodeCardText(FIXTURE_CARDS.liXiuying.text);
    expect(block).toHaveLength(CARD_TEXT_BYTES);
    expect(fieldAt(block, OFFSET.name, 15)).toBe('李秀英'.padEnd(15, ' '));
    expect(fieldAt(block, OFFSET.sex, 1)).toBe('2');
    expect(fieldAt(block, OFFSET.ethnicity, 2)).toBe('01');
    expect(fieldAt(block, OFFSET.birthDate, 8)).toBe('19580908');
    expect(fieldAt(block, OFFSET.idNumber, 18)).toBe('440304195809080241');
    expect(fieldAt(block, OFFSET.validTo, 8)).toBe('长期      ');
    expect(fieldAt(block, OFFSET.reserved, 18)).toBe(' '.repeat(18));
    // '李' is U+674E: little-endian puts 4E first.
    expect([...block.subarray(0, 2)]).toEqual([0x4e, 0x67]);
  });

  it('decodes every fixture card back to itself, trimming the padding', () => {
    for (const card of fixtures) {
      expect(decodeCardText(encodeCardText(card))).toEqual({ ok: true, card });
    }
  });

  it('reads the 长期 validity and the ethnicity name from the table', () => {
    const decoded = decodeCardText(encodeCardText(FIXTURE_CARDS.liXiuying.text));
    expect(decoded.ok && decoded.card.validTo).toBe(LONG_TERM);
    const uyghur = decodeCardText(encodeCardText(FIXTURE_CARDS.ayguliMamat.text));
    expect(uyghur.ok && [uyghur.card.ethnicity, uyghur.card.name, uyghur.card.sex]).toEqual(['维吾尔', '阿依古丽·买买提', 'female']);
  });

  it('round-trips arbitrary Chinese names and addresses up to the field widths', () => {
    const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
    const text = (max: number) => fc.array(fc.oneof(cjk, fc.constantFrom('·', '1', 'A', '号', ' ')), { minLength: 1, maxLength: max })
      .map((chars) => chars.join('').trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(text(15), text(35), text(15), fc.constantFrom(...Object.keys(ETHNIC_GROUPS)), fc.constantFrom<'male' | 'female'>('male', 'female'),
        (name, address, issuingAuthority, ethnicityCode, sex) => {
          const card: IdCardText = {
            ...FIXTURE_CARDS.zhangWei.text, name, address, issuingAuthority, sex, ethnicityCode,
            ethnicity: ethnicGroupName(ethnicityCode) as string,
          };
          expect(decodeCardText(encodeCardText(card))).toEqual({ ok: true, card });
        }),
    );
  });

  it('refuses to encode a field longer than its width', () => {
    expect(() => encodeCardText({ ...FIXTURE_CARDS.zhangWei.text, name: '长'.repeat(16) })).toThrow(/name/);
  });

  it('reports malformed blocks instead of throwing', () => {
    expect(decodeCardText(new Uint8Array(100))).toEqual({ ok: false, problem: expect.stringContaining('100 bytes') });
    expect(decodeCardText(new Uint8Array(CARD_TEXT_BYTES))).toEqual({ ok: false, problem: expect.stringContaining('sex') });
    const unknownEthnicity = encodeCardText({ ...FIXTURE_CARDS.zhangWei.text, ethnicityCode: '77' });
    expect(decodeCardText(unknownEthnicity)).toEqual({ ok: false, problem: 'unknown ethnicity code' });
    const badValidity = encodeCardText({ ...FIXTURE_CARDS.zhangWei.text, validTo: '永久' });
    expect(decodeCardText(badValidity)).toEqual({ ok: false, problem: expect.stringContaining('valid-to') });
    fc.assert(fc.property(fc.uint8Array({ minLength: 256, maxLength: 256 }), (block) => {
      expect(typeof decodeCardText(block).ok).toBe('boolean');
    }));
  });

  it('knows all 56 ethnic groups by code', () => {
    expect(Object.keys(ETHNIC_GROUPS).sort()).toEqual(Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(new Set(Object.values(ETHNIC_GROUPS)).size).toBe(56);
    expect([ethnicGroupName('01'), ethnicGroupName('56'), ethnicGroupName('97'), ethnicGroupName('00')]).toEqual(['汉', '基诺', '其他', undefined]);
  });
});

describe('fixture cards', () => {
  it('carry valid GB 11643 numbers matching birth date and sex', () => {
    for (const card of fixtures) {
      expect(gb11643Valid(card.idNumber), card.idNumber).toBe(true);
      expect(card.idNumber.slice(6, 14)).toBe(card.birthDate);
      expect(Number(card.idNumber[16]) % 2 === 1 ? 'male' : 'female').toBe(card.sex);
    }
    expect(gb11643Valid('34052419800101001X')).toBe(true);
    expect(gb11643Valid('340524198001010013')).toBe(false);
  });

  it('cover Shenzhen and other regions, an expired card and a 长期 card', () => {
    const shenzhen = fixtures.filter((card) => card.address.includes('深圳市'));
    expect(shenzhen.length).toBeGreaterThan(0);
    expect(fixtures.length - shenzhen.length).toBeGreaterThan(0);
    expect(fixtures.some((card) => card.validTo === LONG_TERM)).toBe(true);
    expect(fixtures.some((card) => card.validTo !== LONG_TERM && card.validTo < '20260101')).toBe(true);
  });
});

describe('read answer layout', () => {
  it('puts the two length words right after SW3, making a 1295-byte frame', () => {
    const text = encodeCardText(FIXTURE_CARDS.zhangWei.text);
    const wlt = new Uint8Array(1024).fill(7);
    const frame = encodeResponse({ sw1: 0, sw2: 0, sw3: 0x90, data: encodeReadPayload({ text, wlt }) });
    expect(frame).toHaveLength(READ_RESPONSE_FRAME_BYTES);
    expect([...frame.subarray(0, 14)]).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x05, 0x08, 0x00, 0x00, 0x90, 0x01, 0x00, 0x04, 0x00]);
    expect(frame.subarray(14, 270)).toEqual(text);
    expect(frame.subarray(270, 1294)).toEqual(wlt);
  });

  it('decodes what it encodes and rejects inconsistent lengths', () => {
    const text = encodeCardText(FIXTURE_CARDS.zhangWei.text);
    const wlt = new Uint8Array(1024).fill(3);
    expect(decodeReadPayload(encodeReadPayload({ text, wlt }))).toEqual({ ok: true, payload: { text, wlt } });
    expect(decodeReadPayload(new Uint8Array(2)).ok).toBe(false);
    expect(decodeReadPayload(encodeReadPayload({ text, wlt: wlt.subarray(0, 1000) })).ok).toBe(false);
    const truncated = encodeReadPayload({ text, wlt }).subarray(0, 1200);
    expect(decodeReadPayload(truncated).ok).toBe(false);
  });
});
