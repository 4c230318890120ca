import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  describeHouseCodeProblem,
  formatHouseCodeGroups,
  parseHouseCode,
  type HouseCodeProblem,
} from '../../../rules/house-code';
import { streetDirectoryFromCsv, streetDirectoryFromEntries } from '../../../rules/street-directory';

const EXAMPLE = '4403070030030400042000003';

const streets = streetDirectoryFromEntries([
  { streetCode: '440307003', streetName: '平湖街道', districtCode: '440307', districtName: '龙岗区' },
  { streetCode: '440307013', streetName: '坂田街道', districtCode: '440307', districtName: '龙岗区' },
  { streetCode: '440303001', streetName: '桂园街道', districtCode: '440303', districtName: '罗湖区' },
]);

function problemOf(input: string): HouseCodeProblem {
  const result = parseHouseCode(input, streets);
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  return result.reason;
}

describe('parseHouseCode', () => {
  it('reads the documented Longgang example down to the room, with district and street names', () => {
    expect(parseHouseCode(EXAMPLE, streets)).toEqual({
      ok: true,
      code: EXAMPLE,
      parts: {
        province: '44',
        city: '03',
        district: '07',
        street: '003',
        community: '003',
        grid: '04',
        building: '00042',
        room: '000003',
      },
      districtCode: '440307',
      streetCode: '440307003',
      buildingCode: '4403070030030400042',
      districtName: '龙岗区',
      streetName: '平湖街道',
    });
  });

  it('ignores the spaces and hyphens an applicant types between groups, and full-width digits', () => {
    for (const typed of [
      '440307 003 003 04 00042 000003',
      '440307-003-003-04-00042-000003',
      ' 440307–003 003—04 00042 000003 ',
      '４４０３０７００３００３０４０００４２０００００３',
    ]) {
      const result = parseHouseCode(typed, streets);
      expect(result.ok && result.code, typed).toBe(EXAMPLE);
    }
  });

  it('says the field is empty when nothing but separators was typed', () => {
    expect(problemOf('')).toEqual({ code: 'empty' });
    expect(problemOf('  - ')).toEqual({ code: 'empty' });
  });

  it('points at the first character that is not a digit, counting digits only', () => {
    expect(problemOf('44030700300304000420000O3')).toEqual({ code: 'bad-characters', position: 24, character: 'O' });
    expect(problemOf('440307 003 003 04 0004二 000003')).toEqual({ code: 'bad-characters', position: 19, character: '二' });
    expect(problemOf('440307.003')).toEqual({ code: 'bad-characters', position: 7, character: '.' });
  });

  it('recognises a 19-digit building code and asks for the full room code', () => {
    expect(problemOf('4403070030030400042')).toEqual({ code: 'building-code-only', buildingCode: '4403070030030400042' });
    expect(problemOf('440307 003 003 04 00042')).toMatchObject({ code: 'building-code-only' });
  });

  it('rejects other lengths, saying how many digits were given', () => {
    expect(problemOf(EXAMPLE.slice(0, 24))).toEqual({ code: 'wrong-length', expectedLength: 25, actualLength: 24 });
    expect(problemOf(`${EXAMPLE}0`)).toMatchObject({ code: 'wrong-length', actualLength: 26 });
    expect(problemOf('440307')).toMatchObject({ code: 'wrong-length', actualLength: 6 });
  });

  it('rejects codes outside Shenzhen', () => {
    expect(problemOf('4401060030030400042000003')).toEqual({ code: 'not-shenzhen', prefix: '4401' });
    expect(problemOf('1103070030030400042000003')).toEqual({ code: 'not-shenzhen', prefix: '1103' });
  });

  it('rejects a district or street that does not exist in the directory', () => {
    expect(problemOf('4403990030030400042000003')).toEqual({ code: 'unknown-district', districtCode: '440399' });
    expect(problemOf('4403079990030400042000003')).toEqual({
      code: 'unknown-street',
      streetCode: '440307999',
      districtCode: '440307',
      districtName: '龙岗区',
    });
    // 001 is a street of Luohu, not of Longgang
    expect(problemOf('4403070010030400042000003')).toMatchObject({ code: 'unknown-street', streetCode: '440307001' });
  });

  it('parses any room under a known street, and its parts put back together give the code', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('440307003', '440307013', '440303001'),
        fc.stringMatching(/^[0-9]{16}$/),
        (streetCode, rest) => {
          const code = streetCode + rest;
          const result = parseHouseCode(code, streets);
          if (!result.ok) throw new Error(`rejected ${code}`);
          expect(Object.values(result.parts).join('')).toBe(code);
          expect(result.buildingCode).toBe(code.slice(0, 19));
          expect(result.streetCode).toBe(streetCode);
          const regrouped = parseHouseCode(formatHouseCodeGroups(code), streets);
          expect(regrouped.ok && regrouped.code).toBe(code);
        },
      ),
    );
  });

  it('finds the Longgang example with the directory built from the real street list', () => {
    const realStreets = streetDirectoryFromCsv(readFileSync('assets/data/shenzhen-streets.csv', 'utf8'));
    const result = parseHouseCode(EXAMPLE, realStreets);
    expect(result).toMatchObject({ ok: true, districtName: '龙岗区', streetName: '平湖街道' });
  });
});

describe('formatHouseCodeGroups', () => {
  it('groups a full code 6-3-3-2-5-6 for display', () => {
    expect(formatHouseCodeGroups(EXAMPLE)).toBe('440307 003 003 04 00042 000003');
  });

  it('regroups codes typed with other separators, and groups partial codes as far as they go', () => {
    expect(formatHouseCodeGroups('440307-003-003-04-00042-000003')).toBe('440307 003 003 04 00042 000003');
    expect(formatHouseCodeGroups('4403070030030400042')).toBe('440307 003 003 04 00042');
    expect(formatHouseCodeGroups('44030700')).toBe('440307 00');
    expect(formatHouseCodeGroups('')).toBe('');
    expect(formatHouseCodeGroups(`${EXAMPLE}99`)).toBe('440307 003 003 04 00042 000003 99');
  });
});

describe('describeHouseCodeProblem', () => {
  const problems: HouseCodeProblem[] = [
    { code: 'empty' },
    { code: 'bad-characters', position: 24, character: 'O' },
    { code: 'building-code-only', buildingCode: '4403070030030400042' },
    { code: 'wrong-length', expectedLength: 25, actualLength: 24 },
    { code: 'not-shenzhen', prefix: '4401' },
    { code: 'unknown-district', districtCode: '440399' },
    { code: 'unknown-street', streetCode: '440307999', districtCode: '440307', districtName: '龙岗区' },
  ];

  it('explains every problem in Chinese and in English', () => {
    for (const problem of problems) {
      expect(describeHouseCodeProblem(problem, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(describeHouseCodeProblem(problem, 'en')).toMatch(/^[A-Z]/);
    }
  });

  it('tells an applicant with a building code where to find the 25-digit room code', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const message = describeHouseCodeProblem(problems[2]!, lang);
      expect(message).toContain('25');
      expect(message).toContain('19');
      expect(message).toContain('房屋编码');
      expect(message).toContain('租赁备案');
      expect(message).toContain('深圳市房屋编码');
    }
  });

  it('repeats the details that locate the mistake', () => {
    expect(describeHouseCodeProblem(problems[1]!, 'zh-CN')).toContain('第24位“O”');
    expect(describeHouseCodeProblem(problems[3]!, 'en')).toContain('you entered 24');
    expect(describeHouseCodeProblem(problems[4]!, 'en')).toContain('4403');
    expect(describeHouseCodeProblem(problems[5]!, 'zh-CN')).toContain('440399');
    expect(describeHouseCodeProblem(problems[6]!, 'zh-CN')).toContain('999');
    expect(describeHouseCodeProblem(problems[6]!, 'zh-CN')).toContain('龙岗区');
  });
});
