/**
 * Live validation of the registration form with the approval rules themselves: the
 * rule set's form rules (name, scope, phone) run on the form alone, so the details
 * screen says exactly what the decision would say, in the rules' own words.
 */
import { decide, type ApprovalBasis } from '../../rules/approval/engine';
import type { RegistrationFacts } from '../../rules/approval/facts';
import type { FormDraft, Problem } from './journey-types';

/** The checks that look only at the form, and the field each one is about. */
const FORM_CHECK_FIELDS: Readonly<Record<string, string>> = {
  businessNameWellFormed: 'name',
  businessNameUnique: 'name',
  scopeChosen: 'scope',
  scopeItemsKnown: 'scope',
  scopeClassesAllowed: 'scope',
  scopeIncludesClass: 'scope',
  phoneWellFormed: 'phone',
};

/** Placeholders for the facts the form rules do not read. */
const NOT_CHECKED_HERE = {
  today: '2000-01-01',
  applicant: { name: '-', idNumber: '-', birthDate: '20000101', validFrom: '20000101', validTo: '长期' },
  face: { matched: true, distance: 0, threshold: 1, livenessPassed: true },
} as const;

/**
 * `districtCode`: where the name is registered (the authority's district), so that the
 * name's region and uniqueness are checked against it.
 */
export function formValidator(basis: ApprovalBasis, districtCode: string): (form: FormDraft) => Problem[] {
  const formBasis: ApprovalBasis = { ...basis, ruleSet: { ...basis.ruleSet, rules: basis.ruleSet.rules.filter((rule) => rule.check in FORM_CHECK_FIELDS) } };
  const premises = { houseCode: districtCode.padEnd(25, '0'), exists: true, districtCode, flagged: false };
  return (form) => {
    const facts: RegistrationFacts = { service: 'registration', ...NOT_CHECKED_HERE, address: premises, form, lists: { restrictedIdNumbers: [], existingNames: [], activeBusinessesAtAddress: 0 } };
    const problems = new Map<string, Problem>();
    for (const result of decide(facts, formBasis).results) {
      const field = FORM_CHECK_FIELDS[result.check] as string;
      if (!result.passed && !problems.has(field)) problems.set(field, { code: result.id, field, message: { ...result.message } });
    }
    return [...problems.values()];
  };
}
