// The checks a rule-set file may name, per service. Adding a check means writing it as
// a pure function with its parameter schema and listing it here.
import { applicantNotRestricted, applicantOperatesActiveLicence } from './applicant-checks';
import type { Check } from './check';
import type { DeregistrationFacts, RegistrationFacts, Service } from './facts';
import { businessNameUnique, businessNameWellFormed, phoneWellFormed, scopeChosen, scopeClassesAllowed, scopeIncludesClass, scopeItemsKnown } from './form-checks';
import { faceMatched, idCardInDate, idNumberValid, livenessPassed, minimumAge } from './identity-checks';
import { addressExists, addressNotDemolished, addressNotFlagged, addressUsageAllowed, businessesPerAddress } from './premises-checks';

const IDENTITY_CHECKS = { minimumAge, idNumberValid, idCardInDate, faceMatched, livenessPassed };

export const REGISTRATION_CHECKS: Readonly<Record<string, Check<RegistrationFacts>>> = {
  ...IDENTITY_CHECKS,
  addressExists,
  addressUsageAllowed,
  addressNotDemolished,
  addressNotFlagged,
  businessesPerAddress,
  scopeChosen,
  scopeItemsKnown,
  scopeClassesAllowed,
  scopeIncludesClass,
  businessNameWellFormed,
  businessNameUnique,
  phoneWellFormed,
  applicantNotRestricted,
};

export const DEREGISTRATION_CHECKS: Readonly<Record<string, Check<DeregistrationFacts>>> = {
  ...IDENTITY_CHECKS,
  applicantOperatesActiveLicence,
};

export interface ChecksByService {
  registration: typeof REGISTRATION_CHECKS;
  deregistration: typeof DEREGISTRATION_CHECKS;
}

export const CHECKS: ChecksByService = { registration: REGISTRATION_CHECKS, deregistration: DEREGISTRATION_CHECKS };

export function checkNamesFor(service: Service): string[] {
  return Object.keys(CHECKS[service]);
}
