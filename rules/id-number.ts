// Resident identity card (GB 11643): the 18-character ID number and the card's validity period.

import {
  compareDates,
  formatIsoDate,
  parseCompactDate,
  requireIsoDate,
  type CalendarDate,
} from './calendar-date';
import type { Language } from './language';
import { isAsciiDigit, isSpace, significantCharacters } from './typed-input';

export const ID_NUMBER_LENGTH = 18;

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Remainder mod 11 (0..10) → check character.
const CHECK_CHARACTERS = '10X98765432';
// Nobody alive was born earlier; an older year in a typed number is a typo.
const EARLIEST_BIRTH_YEAR = 1800;

export type Sex = 'male' | 'female';

export interface IdNumberInfo {
  /** The 18 characters as they should be stored: no spaces, upper-case X. */
  normalized: string;
  /** Region of first registration; any region in China, not only Shenzhen. */
  regionCode: string;
  /** ISO 'YYYY-MM-DD'. */
  birthDate: string;
  sequence: string;
  sex: Sex;
  checkCharacter: string;
}

export type IdNumberProblem =
  | { code: 'wrong-length'; expectedLength: typeof ID_NUMBER_LENGTH; actualLength: number }
  /** position is 1-based within the ID number, ignoring spaces the applicant typed. */
  | { code: 'bad-characters'; position: number; character: string }
  | { code: 'bad-birth-date'; birthDigits: string; why: 'not-a-date' | 'in-the-future' }
  | { code: 'bad-check-character'; expected: string; actual: string };

export type IdNumberValidation = { ok: true; idNumber: IdNumberInfo } | { ok: false; reason: IdNumberProblem };

/**
 * Checks a typed or card-read ID number. Pass `today` (ISO date) to also reject birth
 * dates in the future; without it only the calendar is checked.
 */
export function validateIdNumber(input: string, today?: string): IdNumberValidation {
  const todayDate = today === undefined ? undefined : requireIsoDate(today, 'today');
  const typed = significantCharacters(input, isSpace);
  if (typed.length !== ID_NUMBER_LENGTH) {
    return fail({ code: 'wrong-length', expectedLength: ID_NUMBER_LENGTH, actualLength: typed.length });
  }

  const chars = typed.map((t) => t.char.toUpperCase());
  for (const [index, char] of chars.entries()) {
    const isLast = index === ID_NUMBER_LENGTH - 1;
    if (!(isAsciiDigit(char) || (isLast && char === 'X'))) {
      return fail({ code: 'bad-characters', position: index + 1, character: typed[index]?.typed ?? char });
    }
  }
  const normalized = chars.join('');

  const birthDigits = normalized.slice(6, 14);
  const birth = parseCompactDate(birthDigits);
  if (!birth || birth.year < EARLIEST_BIRTH_YEAR) {
    return fail({ code: 'bad-birth-date', birthDigits, why: 'not-a-date' });
  }
  if (todayDate && compareDates(birth, todayDate) > 0) {
    return fail({ code: 'bad-birth-date', birthDigits, why: 'in-the-future' });
  }

  const expected = idCheckCharacter(normalized.slice(0, 17));
  const actual = normalized.charAt(17);
  if (actual !== expected) return fail({ code: 'bad-check-character', expected, actual });

  const sequence = normalized.slice(14, 17);
  return {
    ok: true,
    idNumber: {
      normalized,
      regionCode: normalized.slice(0, 6),
      birthDate: formatIsoDate(birth),
      sequence,
      sex: Number(sequence) % 2 === 1 ? 'male' : 'female',
      checkCharacter: actual,
    },
  };
}

function fail(reason: IdNumberProblem): IdNumberValidation {
  return { ok: false, reason };
}

/** The 18th character for 17 digits. Throws RangeError for anything but 17 ASCII digits. */
export function idCheckCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) {
    throw new RangeError(`idCheckCharacter needs 17 digits, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (const [index, weight] of CHECK_WEIGHTS.entries()) sum += weight * Number(first17.charAt(index));
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * Age in completed years on a day (both ISO dates). Someone born on 29 February turns a
 * year older on 1 March in common years. Throws RangeError if onDate precedes the birth.
 */
export function ageOn(birthDateIso: string, onDateIso: string): number {
  const birth = requireIsoDate(birthDateIso, 'birthDateIso');
  const on = requireIsoDate(onDateIso, 'onDateIso');
  if (compareDates(on, birth) < 0) throw new RangeError(`${onDateIso} is before the birth date ${birthDateIso}`);
  const birthdayPassed = on.month > birth.month || (on.month === birth.month && on.day >= birth.day);
  return on.year - birth.year - (birthdayPassed ? 0 : 1);
}

const MASK_SHOW_START = 6;
const MASK_SHOW_END = 4;
// The eight birth-date digits must always stay hidden, so only strings of full ID
// length or longer show their ends; anything shorter is masked entirely.
const MASK_MIN_HIDDEN = 8;

/** For receipts, screens and logs: '34052419800101001X' → '340524********001X'. */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  if (chars.length < MASK_SHOW_START + MASK_MIN_HIDDEN + MASK_SHOW_END) return '*'.repeat(chars.length);
  return (
    chars.slice(0, MASK_SHOW_START).join('') +
    '*'.repeat(chars.length - MASK_SHOW_START - MASK_SHOW_END) +
    chars.slice(-MASK_SHOW_END).join('')
  );
}

// ---- Validity period of the card ----

/** `to` is inclusive: the card is still good on its last day. 长期 cards never expire. */
export type IdCardValidity = { from: string; longTerm: true } | { from: string; longTerm: false; to: string };

export type IdCardValidityProblem =
  | { code: 'bad-date'; field: 'from' | 'to'; value: string }
  | { code: 'ends-before-start'; from: string; to: string };

export type IdCardValidityParse =
  | { ok: true; validity: IdCardValidity }
  | { ok: false; reason: IdCardValidityProblem };

const LONG_TERM = '长期';

/** Reads the card chip's fields: 'YYYYMMDD' each, `to` may be 长期; space padding is ignored. */
export function parseValidity(from: string, to: string): IdCardValidityParse {
  const fromDate = parseCompactDate(from.trim());
  if (!fromDate) return { ok: false, reason: { code: 'bad-date', field: 'from', value: from } };
  const fromIso = formatIsoDate(fromDate);

  if (to.trim() === LONG_TERM) return { ok: true, validity: { from: fromIso, longTerm: true } };

  const toDate = parseCompactDate(to.trim());
  if (!toDate) return { ok: false, reason: { code: 'bad-date', field: 'to', value: to } };
  const toIso = formatIsoDate(toDate);
  if (compareDates(toDate, fromDate) < 0) {
    return { ok: false, reason: { code: 'ends-before-start', from: fromIso, to: toIso } };
  }
  return { ok: true, validity: { from: fromIso, longTerm: false, to: toIso } };
}

export type ValidityOnDate = { valid: true } | { valid: false; reason: 'expired' | 'not-yet-valid' };

export function isValidOn(validity: IdCardValidity, dateIso: string): ValidityOnDate {
  const date: CalendarDate = requireIsoDate(dateIso, 'dateIso');
  if (compareDates(date, requireIsoDate(validity.from, 'validity.from')) < 0) {
    return { valid: false, reason: 'not-yet-valid' };
  }
  if (!validity.longTerm && compareDates(date, requireIsoDate(validity.to, 'validity.to')) > 0) {
    return { valid: false, reason: 'expired' };
  }
  return { valid: true };
}

// ---- Messages for the applicant ----

export function describeIdProblem(problem: IdNumberProblem, lang: Language): string {
  return lang === 'zh-CN' ? describeInChinese(problem) : describeInEnglish(problem);
}

// A failed check never names the "right" last character: the typo is as likely to be in
// any other position, and suggesting a fix would lead the applicant to a wrong number.
function describeInChinese(problem: IdNumberProblem): string {
  switch (problem.code) {
    case 'wrong-length':
      if (problem.actualLength === 0) return '请输入身份证号码。';
      if (problem.actualLength === 15) return '15位的旧身份证号码已停止使用，请输入18位身份证号码。';
      return `身份证号码应为18位，您输入了${problem.actualLength}位，请核对。`;
    case 'bad-characters':
      return `身份证号码第${problem.position}位“${problem.character}”有误：前17位只能是数字，最后一位是数字或X。`;
    case 'bad-birth-date':
      return problem.why === 'in-the-future'
        ? `身份证号码中的出生日期（第7至14位：${problem.birthDigits}）晚于今天，请核对。`
        : `身份证号码中的出生日期（第7至14位：${problem.birthDigits}）不是有效日期，请核对。`;
    case 'bad-check-character':
      return '身份证号码校验不通过，可能有一位输错了，请逐位核对。';
  }
}

function describeInEnglish(problem: IdNumberProblem): string {
  switch (problem.code) {
    case 'wrong-length':
      if (problem.actualLength === 0) return 'Please enter your ID number.';
      if (problem.actualLength === 15) {
        return 'Old 15-digit ID numbers are no longer in use. Please enter your 18-character ID number.';
      }
      return `An ID number has 18 characters; you entered ${problem.actualLength}. Please check it.`;
    case 'bad-characters':
      return `Character ${problem.position} ("${problem.character}") is not allowed: the first 17 characters are digits, the last one is a digit or X.`;
    case 'bad-birth-date':
      return problem.why === 'in-the-future'
        ? `The birth date in the ID number (characters 7 to 14: ${problem.birthDigits}) is after today. Please check the number.`
        : `The birth date in the ID number (characters 7 to 14: ${problem.birthDigits}) is not a real date. Please check the number.`;
    case 'bad-check-character':
      return 'This ID number does not add up; one character is probably mistyped. Please check it character by character.';
  }
}
