/**
 * What a decision keeps of the facts the rules decided on. The rules see the whole
 * card in memory; the record must not let anyone rebuild what is masked elsewhere. The
 * masked ID number hides exactly the eight birth-date digits, so the birth date is
 * replaced by an age band, and the restricted list (other people's numbers) by the
 * stamp the decision's data stamps carry.
 */
import type { Facts, IdCardFacts } from '../../rules/approval/facts';
import { compareDates, formatIsoDate, parseCompactDate, requireIsoDate } from '../../rules/calendar-date';
import { ageOn, maskIdNumber } from '../../rules/id-number';

/** Band edges in years: 18 is the registration rules' minimum age. */
const AGE_BAND_EDGES = [18, 30, 40, 50, 60] as const;

export interface RecordedApplicant {
  name: string;
  idNumberMasked: string;
  /** e.g. "30-39", "<18", "60+"; "unknown" when the card's birth date is not a real date. */
  ageBand: string;
  validFrom: string;
  validTo: string;
}

export type RecordedFacts =
  | (Omit<Extract<Facts, { service: 'registration' }>, 'applicant' | 'lists'> & {
      applicant: RecordedApplicant;
      lists: Omit<Extract<Facts, { service: 'registration' }>['lists'], 'restrictedIdNumbers'>;
    })
  | (Omit<Extract<Facts, { service: 'deregistration' }>, 'applicant'> & { applicant: RecordedApplicant });

export function recordedFacts(facts: Facts): RecordedFacts {
  const applicant = recordedApplicant(facts.applicant, facts.today);
  if (facts.service === 'deregistration') {
    const { licence } = facts;
    return { ...facts, applicant, licence: licence && { ...licence, operatorIdNumber: maskIdNumber(licence.operatorIdNumber) } };
  }
  const { restrictedIdNumbers: _otherPeople, ...lists } = facts.lists;
  return { ...facts, applicant, lists };
}

function recordedApplicant({ name, idNumber, birthDate, validFrom, validTo }: IdCardFacts, today: string): RecordedApplicant {
  return { name, idNumberMasked: maskIdNumber(idNumber), ageBand: ageBand(birthDate, today), validFrom, validTo };
}

export function ageBand(cardBirthDate: string, today: string): string {
  const birth = parseCompactDate(cardBirthDate.trim());
  if (!birth || compareDates(birth, requireIsoDate(today, 'today')) > 0) return 'unknown';
  const age = ageOn(formatIsoDate(birth), today);
  const upper = AGE_BAND_EDGES.findIndex((edge) => age < edge);
  if (upper === 0) return `<${AGE_BAND_EDGES[0]}`;
  if (upper === -1) return `${AGE_BAND_EDGES[AGE_BAND_EDGES.length - 1]}+`;
  return `${AGE_BAND_EDGES[upper - 1]}-${(AGE_BAND_EDGES[upper] as number) - 1}`;
}
