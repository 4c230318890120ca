/** Whether a card just read may be used today, and how the screens show its holder. */
import type { IdCardText } from '../../hardware/idcard/card-text';
import { isValidOn, maskIdNumber, parseValidity } from '../../rules/id-number';
import type { ApplicantView } from './journey-types';
import type { JourneyProblemCode } from './journey-messages';

/** undefined when the card is usable on `today` (ISO date). */
export function cardProblem(card: IdCardText, today: string): JourneyProblemCode | undefined {
  const validity = parseValidity(card.validFrom, card.validTo);
  if (!validity.ok) return 'card-invalid';
  const onDate = isValidOn(validity.validity, today);
  if (onDate.valid) return undefined;
  return onDate.reason === 'expired' ? 'card-expired' : 'card-not-yet-valid';
}

/** The holder without the photo and with the ID number masked. */
export function applicantView(card: IdCardText): ApplicantView {
  return {
    name: card.name,
    sex: card.sex,
    ethnicity: card.ethnicity,
    birthDate: card.birthDate,
    address: card.address,
    idNumberMasked: maskIdNumber(card.idNumber),
    validTo: card.validTo,
  };
}
