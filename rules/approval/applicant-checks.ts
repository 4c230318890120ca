// What the local lists say about the applicant, and their licence when deregistering.
import { defineCheck, fail, NO_PARAMS, pass } from './check';
import type { DeregistrationFacts, RegistrationFacts } from './facts';

// The form validateIdNumber normalises to (no spaces, upper-case X), without its checks.
// A restricted list may run to thousands of numbers compared on every decision, so a
// number already in that form skips the (costlier) Unicode normalisation.
const NORMALISED_ID_NUMBER = /^\d{17}[\dX]$/;

function comparableIdNumber(text: string): string {
  return NORMALISED_ID_NUMBER.test(text) ? text : text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export const applicantNotRestricted = defineCheck({
  params: NO_PARAMS,
  run: (facts: RegistrationFacts) => {
    const applicant = comparableIdNumber(facts.applicant.idNumber);
    return facts.lists.restrictedIdNumbers.some((restricted) => comparableIdNumber(restricted) === applicant) ? fail() : pass();
  },
});

export const applicantOperatesActiveLicence = defineCheck({
  params: NO_PARAMS,
  placeholders: ['problem', 'creditCode'],
  run: (facts: DeregistrationFacts) => {
    const { licence } = facts;
    if (licence === null) {
      return fail({ creditCode: '—', problem: { 'zh-CN': '未找到该营业执照。', en: 'No such licence was found.' } });
    }
    const { creditCode } = licence;
    if (comparableIdNumber(licence.operatorIdNumber) !== comparableIdNumber(facts.applicant.idNumber)) {
      return fail({ creditCode, problem: { 'zh-CN': '申请人不是该个体工商户的经营者。', en: 'The applicant is not the operator of this business.' } });
    }
    if (licence.status !== 'active') {
      return fail({ creditCode, problem: { 'zh-CN': '该营业执照已经注销。', en: 'This licence has already been deregistered.' } });
    }
    return pass({ creditCode });
  },
});
