import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  ageOn,
  describeIdProblem,
  idCheckCharacter,
  isValidOn,
  maskIdNumber,
  parseValidity,
  validateIdNumber,
  type IdNumberProblem,
} from '../../../rules/id-number';

const VALID = '34052419800101001X';
const INVALID = '340524198001010013';

function problemOf(input: string, today?: string): IdNumberProblem {
  const result = validateIdNumber(input, today);
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  return result.reason;
}

/** 17 digits whose birth date is a real day, with region and sequence free. */
const first17 = fc
  .record({
    region: fc.stringMatching(/^[1-9][0-9]{5}$/),
    year: fc.integer({ min: 1900, max: 2025 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    sequence: fc.stringMatching(/^[0-9]{3}$/),
  })
  .map(
    ({ region, year, month, day, sequence }) =>
      `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${sequence}`,
  );

describe('validateIdNumber', () => {
  it('accepts a valid number and reads region, birth date, sequence, sex and check character', () => {
    expect(validateIdNumber(VALID)).toEqual({
      ok: true,
      idNumber: {
        normalized: VALID,
        regionCode: '340524',
        birthDate: '1980-01-01',
        sequence: '001',
        sex: 'male',
        checkCharacter: 'X',
      },
    });
  });

  it('reads an even sequence as female', () => {
    const result = validateIdNumber('11010519491231002X');
    expect(result.ok && result.idNumber.sex).toBe('female');
    expect(result.ok && result.idNumber.birthDate).toBe('1949-12-31');
  });

  it('accepts a lower-case x, surrounding and grouping spaces, and full-width IME digits', () => {
    for (const typed of ['34052419800101001x', `  ${VALID}  `, '340524 19800101 001X', '３４０５２４１９８００１０１００１ｘ', '340524\u300019800101001X']) {
      const result = validateIdNumber(typed);
      expect(result.ok && result.idNumber.normalized, typed).toBe(VALID);
    }
  });

  it('does not reject a region outside Shenzhen (it is the region of first registration)', () => {
    expect(validateIdNumber(VALID).ok).toBe(true); // 340524 is in Anhui
    expect(validateIdNumber('440304200002290022').ok).toBe(true); // Shenzhen Futian
  });

  it('rejects the documented invalid example, reporting expected and actual check character', () => {
    expect(problemOf(INVALID)).toEqual({ code: 'bad-check-character', expected: 'X', actual: '3' });
  });

  it('rejects a number of the wrong length, saying how many characters were given', () => {
    expect(problemOf('')).toEqual({ code: 'wrong-length', expectedLength: 18, actualLength: 0 });
    expect(problemOf(VALID.slice(0, 17))).toMatchObject({ code: 'wrong-length', actualLength: 17 });
    expect(problemOf(`${VALID}1`)).toMatchObject({ code: 'wrong-length', actualLength: 19 });
    expect(problemOf('340524800101001')).toMatchObject({ code: 'wrong-length', actualLength: 15 });
  });

  it('rejects letters, pointing at the first bad position within the number (spaces not counted)', () => {
    expect(problemOf('3405241980010X0013')).toEqual({ code: 'bad-characters', position: 14, character: 'X' });
    expect(problemOf('34052419800101001A')).toEqual({ code: 'bad-characters', position: 18, character: 'A' });
    expect(problemOf('340524 1980o101001X')).toEqual({ code: 'bad-characters', position: 11, character: 'o' });
  });

  it('rejects a birth date that is not a calendar day', () => {
    expect(problemOf('340524198002300014')).toMatchObject({ code: 'bad-birth-date', birthDigits: '19800230', why: 'not-a-date' });
    expect(problemOf(`34052419001329001${idCheckCharacter('34052419001329001')}`)).toMatchObject({ why: 'not-a-date' });
    const notLeap = `34052419000229001${idCheckCharacter('34052419000229001')}`;
    expect(problemOf(notLeap)).toMatchObject({ code: 'bad-birth-date', birthDigits: '19000229', why: 'not-a-date' });
    const implausiblyOld = `34052417990101001${idCheckCharacter('34052417990101001')}`;
    expect(problemOf(implausiblyOld)).toMatchObject({ code: 'bad-birth-date', why: 'not-a-date' });
  });

  it('accepts 29 February in a leap year', () => {
    const result = validateIdNumber('440304200002290022');
    expect(result.ok && result.idNumber.birthDate).toBe('2000-02-29');
  });

  it('rejects a birth date after the given today, but accepts one born today', () => {
    const bornLater = `44030420250102001${idCheckCharacter('44030420250102001')}`;
    expect(problemOf(bornLater, '2025-01-01')).toEqual({ code: 'bad-birth-date', birthDigits: '20250102', why: 'in-the-future' });
    expect(validateIdNumber(bornLater, '2025-01-02').ok).toBe(true);
    expect(validateIdNumber(bornLater).ok).toBe(true); // no today given: calendar check only
  });

  it('throws when the caller passes a malformed today', () => {
    expect(() => validateIdNumber(VALID, '2025-13-01')).toThrow(RangeError);
    expect(() => validateIdNumber(VALID, '20250101')).toThrow(RangeError);
  });

  it('accepts every number whose check character is computed, and reads sex from the sequence parity', () => {
    fc.assert(
      fc.property(first17, (digits) => {
        const result = validateIdNumber(digits + idCheckCharacter(digits));
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.idNumber.sex).toBe(Number(digits.charAt(16)) % 2 === 1 ? 'male' : 'female');
      }),
    );
  });

  it('rejects every single-character typo of a valid number', () => {
    fc.assert(
      fc.property(
        first17,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789X'),
        (digits, position, replacement) => {
          const id = digits + idCheckCharacter(digits);
          fc.pre(id.charAt(position) !== replacement);
          const typo = id.slice(0, position) + replacement + id.slice(position + 1);
          expect(validateIdNumber(typo).ok).toBe(false);
        },
      ),
    );
  });
});

describe('idCheckCharacter', () => {
  it('computes the 18th character, including X for remainder 2', () => {
    expect(idCheckCharacter('34052419800101001')).toBe('X');
    expect(idCheckCharacter('44030420000229002')).toBe('2');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => idCheckCharacter('3405241980010100')).toThrow(RangeError);
    expect(() => idCheckCharacter('3405241980010100A')).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it('counts completed years, turning older on the birthday itself', () => {
    expect(ageOn('1980-01-01', '2025-12-31')).toBe(45);
    expect(ageOn('2007-06-15', '2025-06-14')).toBe(17);
    expect(ageOn('2007-06-15', '2025-06-15')).toBe(18);
    expect(ageOn('2007-06-15', '2007-06-15')).toBe(0);
  });

  it('lets someone born on 29 February turn older on 1 March in common years, on 29 February in leap years', () => {
    expect(ageOn('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageOn('2000-02-29', '2018-03-01')).toBe(18);
    expect(ageOn('2000-02-29', '2020-02-28')).toBe(19);
    expect(ageOn('2000-02-29', '2020-02-29')).toBe(20);
  });

  it('throws for malformed dates or a day before the birth', () => {
    expect(() => ageOn('2000-02-30', '2020-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-01-01', '1999-12-31')).toThrow(RangeError);
  });

  it('is n on the n-th birthday and n-1 the day before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 28 }), fc.integer({ min: 1, max: 100 }), (year, month, day, n) => {
        const mm = String(month).padStart(2, '0');
        const birth = `${year}-${mm}-${String(day).padStart(2, '0')}`;
        expect(ageOn(birth, `${year + n}-${mm}-${String(day).padStart(2, '0')}`)).toBe(n);
        expect(ageOn(birth, `${year + n}-${mm}-${String(day - 1).padStart(2, '0')}`)).toBe(n - 1);
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it('shows the first 6 and last 4 characters and hides the birth date', () => {
    expect(maskIdNumber(VALID)).toBe('340524********001X');
  });

  it('masks short strings completely', () => {
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskIdNumber('340524800101001')).toBe('***************'); // old 15-digit number
    expect(maskIdNumber('34052419800101001')).toBe('*****************');
  });

  it('never reveals more than 10 characters and keeps the length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (input) => {
        const masked = Array.from(maskIdNumber(input));
        const original = Array.from(input.trim());
        expect(masked).toHaveLength(original.length);
        expect(masked.filter((char) => char !== '*').length).toBeLessThanOrEqual(10);
      }),
    );
  });
});

describe('parseValidity and isValidOn', () => {
  it('reads a dated period as ISO dates and a 长期 card as never expiring', () => {
    expect(parseValidity('20150310', '20350310')).toEqual({ ok: true, validity: { from: '2015-03-10', longTerm: false, to: '2035-03-10' } });
    expect(parseValidity('20150310', '长期      ')).toEqual({ ok: true, validity: { from: '2015-03-10', longTerm: true } });
  });

  it('rejects malformed dates and a period that ends before it starts', () => {
    expect(parseValidity('20150230', '20350310')).toEqual({ ok: false, reason: { code: 'bad-date', field: 'from', value: '20150230' } });
    expect(parseValidity('20150310', '2035-03-10')).toMatchObject({ ok: false, reason: { code: 'bad-date', field: 'to' } });
    expect(parseValidity('20150310', '')).toMatchObject({ ok: false, reason: { code: 'bad-date', field: 'to' } });
    expect(parseValidity('20150310', '20140310')).toEqual({ ok: false, reason: { code: 'ends-before-start', from: '2015-03-10', to: '2014-03-10' } });
  });

  it('treats the first and last day as valid, before as not yet valid and after as expired', () => {
    const parsed = parseValidity('20150310', '20250310');
    if (!parsed.ok) throw new Error('expected a valid period');
    const { validity } = parsed;
    expect(isValidOn(validity, '2015-03-09')).toEqual({ valid: false, reason: 'not-yet-valid' });
    expect(isValidOn(validity, '2015-03-10')).toEqual({ valid: true });
    expect(isValidOn(validity, '2025-03-10')).toEqual({ valid: true });
    expect(isValidOn(validity, '2025-03-11')).toEqual({ valid: false, reason: 'expired' });
  });

  it('keeps a 长期 card valid forever after its start', () => {
    const validity = { from: '2015-03-10', longTerm: true } as const;
    expect(isValidOn(validity, '2099-12-31')).toEqual({ valid: true });
    expect(isValidOn(validity, '2015-03-01')).toEqual({ valid: false, reason: 'not-yet-valid' });
  });

  it('throws for a malformed date to check', () => {
    expect(() => isValidOn({ from: '2015-03-10', longTerm: true }, '2025/01/01')).toThrow(RangeError);
  });
});

describe('describeIdProblem', () => {
  const problems: IdNumberProblem[] = [
    { code: 'wrong-length', expectedLength: 18, actualLength: 17 },
    { code: 'bad-characters', position: 14, character: 'X' },
    { code: 'bad-birth-date', birthDigits: '19800230', why: 'not-a-date' },
    { code: 'bad-birth-date', birthDigits: '20990101', why: 'in-the-future' },
    { code: 'bad-check-character', expected: '7', actual: '3' },
  ];

  it('explains every problem in Chinese and in English', () => {
    for (const problem of problems) {
      expect(describeIdProblem(problem, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(describeIdProblem(problem, 'en')).toMatch(/^[A-Z][^\u4e00-\u9fff]+$/);
    }
  });

  it('carries the details the applicant needs to find the mistake', () => {
    expect(describeIdProblem(problems[0]!, 'zh-CN')).toContain('17');
    expect(describeIdProblem(problems[0]!, 'en')).toContain('17');
    expect(describeIdProblem(problems[1]!, 'zh-CN')).toContain('第14位');
    expect(describeIdProblem(problems[2]!, 'en')).toContain('19800230');
    expect(describeIdProblem(problems[3]!, 'zh-CN')).toContain('晚于今天');
  });

  it('asks for an ID number when nothing was typed and explains that 15-digit numbers are retired', () => {
    expect(describeIdProblem({ code: 'wrong-length', expectedLength: 18, actualLength: 0 }, 'en')).toBe('Please enter your ID number.');
    expect(describeIdProblem({ code: 'wrong-length', expectedLength: 18, actualLength: 15 }, 'zh-CN')).toContain('15位的旧身份证号码');
  });

  it('does not suggest a "correct" check character, since the typo may be anywhere', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      expect(describeIdProblem(problems[4]!, lang)).not.toMatch(/7/);
    }
  });
});
