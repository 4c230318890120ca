import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  composeCreditCode,
  creditCodeCheckCharacter,
  describeCreditCodeProblem,
  organisationCodeCheckCharacter,
  validateCreditCode,
  type CreditCodeProblem,
} from '../../../rules/credit-code';

const COMPANY = '914403001922038216';
const INDIVIDUAL_BUSINESSES = ['92440300MA5EQ7GQ4X', '92440300L4937628X5'];
const VALID = [COMPANY, ...INDIVIDUAL_BUSINESSES];

function problemOf(input: string): CreditCodeProblem {
  const result = validateCreditCode(input);
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  return result.reason;
}

const creditCharacter = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const composition = fc.record({
  authority: creditCharacter,
  entityType: creditCharacter,
  regionCode: fc.stringMatching(/^[0-9]{6}$/),
  organisationBody: fc.string({ unit: creditCharacter, minLength: 8, maxLength: 8 }),
});

describe('validateCreditCode', () => {
  it('accepts the documented Shenzhen codes and splits them into their parts', () => {
    for (const code of VALID) expect(validateCreditCode(code).ok, code).toBe(true);
    expect(validateCreditCode('92440300MA5EQ7GQ4X')).toEqual({
      ok: true,
      code: '92440300MA5EQ7GQ4X',
      parts: { authority: '9', entityType: '2', regionCode: '440300', organisationCode: 'MA5EQ7GQ4', check: 'X' },
    });
    const company = validateCreditCode(COMPANY);
    expect(company.ok && company.parts.entityType).toBe('1');
  });

  it('accepts lower case, spaces and full-width characters as typed', () => {
    for (const typed of ['92440300ma5eq7gq4x', ' 92440300 MA5EQ7GQ4 X ', '９２４４０３００ＭＡ５ＥＱ７ＧＱ４Ｘ']) {
      const result = validateCreditCode(typed);
      expect(result.ok && result.code, typed).toBe('92440300MA5EQ7GQ4X');
    }
  });

  it('rejects a code of the wrong length', () => {
    expect(problemOf('')).toEqual({ code: 'wrong-length', expectedLength: 18, actualLength: 0 });
    expect(problemOf(COMPANY.slice(1))).toMatchObject({ code: 'wrong-length', actualLength: 17 });
    expect(problemOf(`${COMPANY}0`)).toMatchObject({ code: 'wrong-length', actualLength: 19 });
  });

  it('rejects I, O, S, V, Z and symbols, pointing at the first bad position', () => {
    expect(problemOf('92440300MA5EQ7GQ4X'.replace('Q7', 'O7'))).toEqual({ code: 'bad-characters', position: 13, character: 'O' });
    expect(problemOf('92440300ma5eq7gq4x'.replace('q7', 'o7'))).toEqual({ code: 'bad-characters', position: 13, character: 'o' });
    for (const letter of 'IOSVZ') {
      expect(problemOf(`9${letter}440300MA5EQ7GQ4X`)).toEqual({ code: 'bad-characters', position: 2, character: letter });
    }
    expect(problemOf('92440300MA5EQ7GQ4#')).toMatchObject({ code: 'bad-characters', position: 18 });
  });

  it('reports a wrong organisation-code check (position 17) with expected and actual', () => {
    expect(problemOf('914403001922038226')).toEqual({ code: 'bad-organisation-check', expected: '1', actual: '2' });
    // a typo in the organisation code body trips its own check first
    expect(problemOf('92440300MA5EQ8GQ4X')).toMatchObject({ code: 'bad-organisation-check', actual: '4' });
  });

  it('reports a wrong final check character with expected and actual', () => {
    expect(problemOf('914403001922038217')).toEqual({ code: 'bad-check-character', expected: '6', actual: '7' });
    // a typo in the region code is only caught by the final check
    expect(problemOf('92440301MA5EQ7GQ4X')).toMatchObject({ code: 'bad-check-character', actual: 'X' });
  });

  it('rejects every single-character substitution of the documented codes', () => {
    for (const code of VALID) {
      for (let position = 0; position < code.length; position++) {
        for (const replacement of CREDIT_CODE_ALPHABET) {
          if (replacement === code.charAt(position)) continue;
          const typo = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(validateCreditCode(typo).ok, typo).toBe(false);
        }
      }
    }
  });
});

describe('check characters', () => {
  it('computes the credit code check (position 18)', () => {
    expect(creditCodeCheckCharacter('91440300192203821')).toBe('6');
    expect(creditCodeCheckCharacter('92440300MA5EQ7GQ4')).toBe('X');
    expect(creditCodeCheckCharacter('92440300L4937628X')).toBe('5');
  });

  it('computes the GB 11714 organisation check, mapping 10 to X and 11 to 0', () => {
    expect(organisationCodeCheckCharacter('19220382')).toBe('1');
    expect(organisationCodeCheckCharacter('MA5EQ7GQ')).toBe('4');
    expect(organisationCodeCheckCharacter('L4937628')).toBe('X');
    expect(organisationCodeCheckCharacter('00000000')).toBe('0');
  });

  it('values every GB 11714 letter, including those the credit code excludes', () => {
    expect(organisationCodeCheckCharacter('IOSVZ000')).toMatch(/^[0-9X]$/);
  });

  it('refuses inputs of the wrong length or alphabet', () => {
    expect(() => creditCodeCheckCharacter('9244030')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('92440300MA5EQ7GO4')).toThrow(RangeError);
    expect(() => organisationCodeCheckCharacter('MA5EQ7G')).toThrow(RangeError);
    expect(() => organisationCodeCheckCharacter('ma5eq7gq')).toThrow(RangeError);
  });
});

describe('composeCreditCode', () => {
  it('reproduces a documented code from its parts', () => {
    expect(composeCreditCode({ authority: '9', entityType: '2', regionCode: '440300', organisationBody: 'MA5EQ7GQ' })).toBe('92440300MA5EQ7GQ4X');
    expect(composeCreditCode({ authority: '9', entityType: '2', regionCode: '440300', organisationBody: 'L4937628' })).toBe('92440300L4937628X5');
  });

  it('refuses parts that cannot appear in a valid code', () => {
    const base = { authority: '9', entityType: '2', regionCode: '440300', organisationBody: 'MA5EQ7GQ' };
    for (const organisationBody of ['MA5EQ7GO', 'MA5EQ7GI', 'MA5EQ7GS', 'MA5EQ7GV', 'MA5EQ7GZ', 'ma5eq7gq', 'MA5EQ7G', 'MA5EQ7GQ1']) {
      expect(() => composeCreditCode({ ...base, organisationBody }), organisationBody).toThrow(RangeError);
    }
    expect(() => composeCreditCode({ ...base, authority: '99' })).toThrow(RangeError);
    expect(() => composeCreditCode({ ...base, entityType: 'O' })).toThrow(RangeError);
    expect(() => composeCreditCode({ ...base, regionCode: '44030A' })).toThrow(RangeError);
  });

  it('always produces a code that validates back to the same parts', () => {
    fc.assert(
      fc.property(composition, (parts) => {
        const code = composeCreditCode(parts);
        const result = validateCreditCode(code);
        expect(result).toMatchObject({
          ok: true,
          code,
          parts: {
            authority: parts.authority,
            entityType: parts.entityType,
            regionCode: parts.regionCode,
            organisationCode: parts.organisationBody + organisationCodeCheckCharacter(parts.organisationBody),
          },
        });
      }),
    );
  });

  it('produces codes in which any single substitution is caught', () => {
    fc.assert(
      fc.property(composition, fc.integer({ min: 0, max: 17 }), creditCharacter, (parts, position, replacement) => {
        const code = composeCreditCode(parts);
        fc.pre(code.charAt(position) !== replacement);
        expect(validateCreditCode(code.slice(0, position) + replacement + code.slice(position + 1)).ok).toBe(false);
      }),
    );
  });
});

describe('describeCreditCodeProblem', () => {
  const problems: CreditCodeProblem[] = [
    { code: 'wrong-length', expectedLength: 18, actualLength: 17 },
    { code: 'bad-characters', position: 13, character: 'O' },
    { code: 'bad-organisation-check', expected: '4', actual: '7' },
    { code: 'bad-check-character', expected: '6', actual: '7' },
  ];

  it('explains every problem in Chinese and in English', () => {
    for (const problem of problems) {
      expect(describeCreditCodeProblem(problem, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(describeCreditCodeProblem(problem, 'en')).toMatch(/^[A-Z][^\u4e00-\u9fff]+$/);
    }
  });

  it('names the count and the bad character, and lists the letters a code never contains', () => {
    expect(describeCreditCodeProblem(problems[0]!, 'en')).toContain('you entered 17');
    expect(describeCreditCodeProblem(problems[1]!, 'zh-CN')).toContain('第13位“O”');
    expect(describeCreditCodeProblem(problems[1]!, 'en')).toContain('I, O, S, V or Z');
    expect(describeCreditCodeProblem({ code: 'wrong-length', expectedLength: 18, actualLength: 0 }, 'zh-CN')).toBe('请输入统一社会信用代码。');
  });

  it('does not suggest a "correct" check character', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      expect(describeCreditCodeProblem(problems[2]!, lang)).not.toContain('4');
      expect(describeCreditCodeProblem(problems[3]!, lang)).not.toContain('6');
    }
  });
});
