// Unified social credit code (GB 32100) and the organisation code inside it (GB 11714).

import type { Language } from './language';
import { isSpace, significantCharacters } from './typed-input';

/** The 31 characters of a credit code, valued 0..30 by position (no I O S V Z). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_LENGTH = 18;

const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
// GB 11714 values letters A=10 .. Z=35, including the ones the credit code excludes.
const ORGANISATION_CODE_CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface CreditCodeParts {
  /** Position 1: registering authority (9 = market regulation). */
  authority: string;
  /** Position 2: 1 company, 2 individual business, 3 farmers' co-op (for authority 9). */
  entityType: string;
  /** Positions 3-8: region code of the registering authority. */
  regionCode: string;
  /** Positions 9-17: GB 11714 organisation code, its own check character included. */
  organisationCode: string;
  /** Position 18. */
  check: string;
}

export type CreditCodeProblem =
  | { code: 'wrong-length'; expectedLength: typeof CREDIT_CODE_LENGTH; actualLength: number }
  /** position is 1-based within the code, ignoring spaces the applicant typed. */
  | { code: 'bad-characters'; position: number; character: string }
  | { code: 'bad-organisation-check'; expected: string; actual: string }
  | { code: 'bad-check-character'; expected: string; actual: string };

export type CreditCodeValidation =
  | { ok: true; code: string; parts: CreditCodeParts }
  | { ok: false; reason: CreditCodeProblem };

/** Accepts lower case and spaces as typed; `code` in the result is the normalised form. */
export function validateCreditCode(input: string): CreditCodeValidation {
  const typed = significantCharacters(input, isSpace);
  if (typed.length !== CREDIT_CODE_LENGTH) {
    return fail({ code: 'wrong-length', expectedLength: CREDIT_CODE_LENGTH, actualLength: typed.length });
  }
  const chars = typed.map((t) => t.char.toUpperCase());
  const badIndex = chars.findIndex((char) => !isCreditCodeCharacter(char));
  if (badIndex >= 0) {
    return fail({ code: 'bad-characters', position: badIndex + 1, character: typed[badIndex]?.typed ?? '' });
  }
  const code = chars.join('');

  const expectedOrganisationCheck = organisationCodeCheckCharacter(code.slice(8, 16));
  if (code.charAt(16) !== expectedOrganisationCheck) {
    return fail({ code: 'bad-organisation-check', expected: expectedOrganisationCheck, actual: code.charAt(16) });
  }
  const expectedCheck = creditCodeCheckCharacter(code.slice(0, 17));
  if (code.charAt(17) !== expectedCheck) {
    return fail({ code: 'bad-check-character', expected: expectedCheck, actual: code.charAt(17) });
  }

  return {
    ok: true,
    code,
    parts: {
      authority: code.charAt(0),
      entityType: code.charAt(1),
      regionCode: code.slice(2, 8),
      organisationCode: code.slice(8, 17),
      check: code.charAt(17),
    },
  };
}

function fail(reason: CreditCodeProblem): CreditCodeValidation {
  return { ok: false, reason };
}

function isCreditCodeCharacter(char: string): boolean {
  return char.length === 1 && CREDIT_CODE_ALPHABET.includes(char);
}

/** Position 18 for positions 1-17. Throws RangeError unless given 17 credit-code characters. */
export function creditCodeCheckCharacter(first17: string): string {
  const chars = Array.from(first17);
  if (chars.length !== 17 || !chars.every(isCreditCodeCharacter)) {
    throw new RangeError(`creditCodeCheckCharacter needs 17 characters of ${CREDIT_CODE_ALPHABET}, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (const [index, weight] of CREDIT_CODE_WEIGHTS.entries()) {
    sum += weight * CREDIT_CODE_ALPHABET.indexOf(first17.charAt(index));
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** GB 11714 check character (a digit or X) for an 8-character organisation code body. */
export function organisationCodeCheckCharacter(first8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(first8)) {
    throw new RangeError(`organisationCodeCheckCharacter needs 8 digits or capital letters, got ${JSON.stringify(first8)}`);
  }
  let sum = 0;
  for (const [index, weight] of ORGANISATION_CODE_WEIGHTS.entries()) {
    sum += weight * ORGANISATION_CODE_CHARACTERS.indexOf(first8.charAt(index));
  }
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

export interface CreditCodeComposition {
  authority: string;
  entityType: string;
  /** Six digits, e.g. '440300'. */
  regionCode: string;
  /** Eight characters; must come from the credit-code alphabet, not merely GB 11714's. */
  organisationBody: string;
}

/**
 * Builds a full 18-character code, computing both check characters. Throws RangeError
 * for any part that cannot appear in a valid code: that is a bug in the caller.
 */
export function composeCreditCode({ authority, entityType, regionCode, organisationBody }: CreditCodeComposition): string {
  if (!isCreditCodeCharacter(authority)) throw new RangeError(`authority must be one character of ${CREDIT_CODE_ALPHABET}, got ${JSON.stringify(authority)}`);
  if (!isCreditCodeCharacter(entityType)) throw new RangeError(`entityType must be one character of ${CREDIT_CODE_ALPHABET}, got ${JSON.stringify(entityType)}`);
  if (!/^[0-9]{6}$/.test(regionCode)) throw new RangeError(`regionCode must be six digits, got ${JSON.stringify(regionCode)}`);
  const bodyChars = Array.from(organisationBody);
  if (bodyChars.length !== 8 || !bodyChars.every(isCreditCodeCharacter)) {
    throw new RangeError(`organisationBody must be 8 characters of ${CREDIT_CODE_ALPHABET}, got ${JSON.stringify(organisationBody)}`);
  }
  const first17 = authority + entityType + regionCode + organisationBody + organisationCodeCheckCharacter(organisationBody);
  return first17 + creditCodeCheckCharacter(first17);
}

// ---- Messages for the applicant ----

export function describeCreditCodeProblem(problem: CreditCodeProblem, lang: Language): string {
  return lang === 'zh-CN' ? describeInChinese(problem) : describeInEnglish(problem);
}

// As with ID numbers, a failed check never suggests the "right" character: the typo may
// be anywhere in the code.
function describeInChinese(problem: CreditCodeProblem): string {
  switch (problem.code) {
    case 'wrong-length':
      if (problem.actualLength === 0) return '请输入统一社会信用代码。';
      return `统一社会信用代码应为18位，您输入了${problem.actualLength}位，请核对。`;
    case 'bad-characters':
      return `统一社会信用代码第${problem.position}位“${problem.character}”有误：代码只含数字和字母，且不含字母I、O、S、V、Z。`;
    case 'bad-organisation-check':
    case 'bad-check-character':
      return '统一社会信用代码校验不通过，可能有一位输错了，请对照营业执照逐位核对。';
  }
}

function describeInEnglish(problem: CreditCodeProblem): string {
  switch (problem.code) {
    case 'wrong-length':
      if (problem.actualLength === 0) return 'Please enter the unified social credit code.';
      return `A unified social credit code has 18 characters; you entered ${problem.actualLength}. Please check it.`;
    case 'bad-characters':
      return `Character ${problem.position} ("${problem.character}") is not allowed: the code has only digits and letters, and never the letters I, O, S, V or Z.`;
    case 'bad-organisation-check':
    case 'bad-check-character':
      return 'This unified social credit code does not add up; one character is probably mistyped. Please compare it with the licence character by character.';
  }
}
