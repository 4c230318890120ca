// Who is applying: the ID card and the live face. Shared by every service.
import { z } from 'zod';
import { compareDates, formatIsoDate, parseCompactDate, requireIsoDate } from '../calendar-date';
import { ageOn, describeIdProblem, isValidOn, parseValidity, validateIdNumber } from '../id-number';
import { defineCheck, fail, NO_PARAMS, pass } from './check';
import { LONG_TERM_VALIDITY, type CommonFacts } from './facts';
import { inEveryLanguage } from './localized-text';

function cardDateIso(text: string): string {
  const date = parseCompactDate(text.trim());
  // The facts schema admits only real dates; anything else here is a bug in the caller.
  if (!date) throw new RangeError(`not a card date: ${JSON.stringify(text)}`);
  return formatIsoDate(date);
}

export const minimumAge = defineCheck({
  params: z.object({ years: z.number().int().min(1).max(120) }).strict(),
  placeholders: ['age'],
  run: (facts: CommonFacts, { years }) => {
    const birth = cardDateIso(facts.applicant.birthDate);
    if (compareDates(requireIsoDate(birth, 'birth date'), requireIsoDate(facts.today, 'today')) > 0) return fail({ age: 0 });
    const age = ageOn(birth, facts.today);
    return age >= years ? pass({ age }) : fail({ age });
  },
});

/** The number adds up (GB 11643), its birth date is not in the future and agrees with the card's. */
export const idNumberValid = defineCheck({
  params: NO_PARAMS,
  placeholders: ['problem'],
  run: (facts: CommonFacts) => {
    const checked = validateIdNumber(facts.applicant.idNumber, facts.today);
    if (!checked.ok) return fail({ problem: inEveryLanguage((language) => describeIdProblem(checked.reason, language)) });
    if (checked.idNumber.birthDate !== cardDateIso(facts.applicant.birthDate)) {
      return fail({
        problem: {
          'zh-CN': '身份证号码中的出生日期与证件记载的出生日期不一致。',
          en: 'The birth date in the ID number differs from the birth date on the card.',
        },
      });
    }
    return pass();
  },
});

export const idCardInDate = defineCheck({
  params: NO_PARAMS,
  placeholders: ['problem', 'validTo'],
  run: (facts: CommonFacts) => {
    const { validFrom, validTo } = facts.applicant;
    const validToText = validTo.trim() === LONG_TERM_VALIDITY ? { 'zh-CN': LONG_TERM_VALIDITY, en: 'long-term' } : cardDateIso(validTo);
    const parsed = parseValidity(validFrom, validTo);
    if (!parsed.ok) {
      return fail({
        validTo: validToText,
        problem: { 'zh-CN': '证件有效期限的起止日期有误。', en: 'The validity period on the card does not make sense.' },
      });
    }
    const onToday = isValidOn(parsed.validity, facts.today);
    if (onToday.valid) return pass({ validTo: validToText });
    return fail({
      validTo: validToText,
      problem:
        onToday.reason === 'expired'
          ? { 'zh-CN': '身份证已过有效期。', en: 'The ID card has expired.' }
          : { 'zh-CN': '身份证尚未生效。', en: 'The ID card is not valid yet.' },
    });
  },
});

/**
 * The face module's verdict, held to the rule set's own ceiling too: the kiosk's
 * configured threshold may be looser than the approval policy allows.
 */
export const faceMatched = defineCheck({
  params: z.object({ maxDistance: z.number().positive().max(2) }).strict(),
  placeholders: ['distance', 'limit'],
  run: (facts: CommonFacts, { maxDistance }) => {
    const { matched, distance, threshold } = facts.face;
    const limit = Math.min(threshold, maxDistance);
    const values = { distance: distance.toFixed(2), limit: limit.toFixed(2) };
    return matched && distance <= limit ? pass(values) : fail(values);
  },
});

export const livenessPassed = defineCheck({
  params: NO_PARAMS,
  run: (facts: CommonFacts) => (facts.face.livenessPassed ? pass() : fail()),
});
