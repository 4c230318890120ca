// What the applicant chose on the form: business scope, name and phone number.
import { z } from 'zod';
import { isSpaceOrHyphen, significantCharacters } from '../typed-input';
import { checkBusinessName, composeBusinessName, describeNameProblem, findDuplicateName } from './business-name';
import { defineCheck, fail, NO_PARAMS, pass } from './check';
import type { RegistrationFacts } from './facts';
import { inEveryLanguage, joinLocalized } from './localized-text';
import { premisesDistrict } from './premises-checks';
import { SCOPE_CLASSES, type ScopeIndex } from './scope-catalogue';

const NO_NAME = { 'zh-CN': '（未使用名称）', en: '(no name)' };

function chosenCodes(facts: RegistrationFacts): string[] {
  return [...new Set(facts.form.scope.map((code) => code.trim().toUpperCase()))];
}

function describeItems(catalogue: ScopeIndex, codes: readonly string[]): string[] {
  return codes.map((code) => {
    const item = catalogue.byCode.get(code);
    return item ? `${item.name}（${code}）` : code;
  });
}

export const scopeChosen = defineCheck({
  params: NO_PARAMS,
  run: (facts: RegistrationFacts) => (chosenCodes(facts).length > 0 ? pass() : fail()),
});

export const scopeItemsKnown = defineCheck({
  params: NO_PARAMS,
  placeholders: ['items'],
  run: (facts: RegistrationFacts, _params, { catalogue }) => {
    const unknown = chosenCodes(facts).filter((code) => !catalogue.byCode.has(code));
    return unknown.length === 0 ? pass() : fail({ items: unknown });
  },
});

/** Every known item is of an allowed class (e.g. general or permit-after); unknown codes are scopeItemsKnown's. */
export const scopeClassesAllowed = defineCheck({
  params: z.object({ allowedClasses: z.array(z.enum(SCOPE_CLASSES)).min(1) }).strict(),
  placeholders: ['items'],
  run: (facts: RegistrationFacts, { allowedClasses }, { catalogue }) => {
    const outside = chosenCodes(facts).filter((code) => {
      const item = catalogue.byCode.get(code);
      return item !== undefined && !allowedClasses.includes(item.class);
    });
    return outside.length === 0 ? pass() : fail({ items: describeItems(catalogue, outside) });
  },
});

/**
 * At least one chosen item is of one of `classes`: the registry records the general
 * items as the business scope proper, and permit items are registered only beside one.
 * Unknown codes are scopeItemsKnown's, an empty choice scopeChosen's.
 */
export const scopeIncludesClass = defineCheck({
  params: z.object({ classes: z.array(z.enum(SCOPE_CLASSES)).min(1) }).strict(),
  run: (facts: RegistrationFacts, { classes }, { catalogue }) => {
    const known = chosenCodes(facts).flatMap((code) => catalogue.byCode.get(code) ?? []);
    return known.length === 0 || known.some((item) => classes.includes(item.class)) ? pass() : fail();
  },
});

/** A business without a name passes: an individual business may have none. */
export const businessNameWellFormed = defineCheck({
  params: NO_PARAMS,
  placeholders: ['name', 'problems'],
  run: (facts: RegistrationFacts, _params, { nameLists }) => {
    const parts = facts.form.name;
    if (parts === null) return pass({ name: NO_NAME });
    const checked = checkBusinessName(parts, nameLists, { districtCode: premisesDistrict(facts.address) });
    if (checked.ok) return pass({ name: checked.name });
    const problems = joinLocalized(checked.problems.map((problem) => inEveryLanguage((language) => describeNameProblem(problem, language))));
    return fail({ name: checked.name, problems });
  },
});

export const businessNameUnique = defineCheck({
  params: NO_PARAMS,
  placeholders: ['name'],
  run: (facts: RegistrationFacts) => {
    const parts = facts.form.name;
    if (parts === null) return pass({ name: NO_NAME });
    const duplicate = findDuplicateName(parts, premisesDistrict(facts.address), facts.lists.existingNames);
    return (duplicate ? fail : pass)({ name: composeBusinessName(parts) });
  },
});

/** A mainland mobile number (the kiosk texts the applicant), as typed with spaces or hyphens. */
export const phoneWellFormed = defineCheck({
  params: NO_PARAMS,
  placeholders: ['phone'],
  run: (facts: RegistrationFacts) => {
    const phone = facts.form.phone;
    const digits = significantCharacters(phone, isSpaceOrHyphen)
      .map((typed) => typed.char)
      .join('');
    return /^1[3-9]\d{9}$/.test(digits) ? pass({ phone }) : fail({ phone });
  },
});
