/** What an applicant asks the registry for, as the approval flow hands it over. */
import { z } from 'zod';
import { COMPOSITION_FORMS } from '../../rules/approval/facts';
import { validateCreditCode } from '../../rules/credit-code';
import { validateIdNumber } from '../../rules/id-number';

// Both come out normalised: no spaces, capital letters.
const idNumber = z.string().transform((value, context) => {
  const checked = validateIdNumber(value);
  if (checked.ok) return checked.idNumber.normalized;
  context.addIssue({ code: 'custom', message: 'expected a valid resident ID number' });
  return z.NEVER;
});
const creditCode = z.string().transform((value, context) => {
  const checked = validateCreditCode(value);
  if (checked.ok) return checked.code;
  context.addIssue({ code: 'custom', message: 'expected a valid unified social credit code' });
  return z.NEVER;
});
const operatorName = z.string().trim().min(1, 'expected the operator\'s name');

export const RegistrationRequest = z
  .object({
    kind: z.literal('registration'),
    idNumber,
    operatorName,
    /** An individual business may have no name. */
    businessName: z.string().trim().min(1).nullable(),
    /** The name's 字号 and 行业, kept so later applications in the district can be checked for a duplicate name. */
    nameParts: z.object({ tradeName: z.string().trim().min(1), industry: z.string().trim().min(1) }).strict().optional(),
    compositionForm: z.enum(COMPOSITION_FORMS),
    premises: z
      .object({
        houseCode: z.string().regex(/^\d{25}$/, 'expected the 25-digit house code'),
        /** The formatted address the house code resolved to, as printed on the licence. */
        address: z.string().trim().min(1),
      })
      .strict(),
    /** 经营范围 as printed: the catalogue wording of each general item, in order. */
    businessScope: z.array(z.string().trim().min(1)).min(1, 'expected at least one business-scope item'),
    /** Items whose permit comes after registration (许可经营项目), if any. */
    permitScope: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

export const DeregistrationRequest = z
  .object({
    kind: z.literal('deregistration'),
    idNumber,
    operatorName,
    /** The licence to deregister, chosen from the operator's active licences. */
    creditCode,
  })
  .strict();

export const ApplicationRequest = z.discriminatedUnion('kind', [RegistrationRequest, DeregistrationRequest]);

export type RegistrationRequest = z.output<typeof RegistrationRequest>;
export type DeregistrationRequest = z.output<typeof DeregistrationRequest>;
export type ApplicationRequest = z.input<typeof ApplicationRequest>;

/** What is stored of a request besides the operator columns: never the ID number. */
export type RegistrationDetails = Omit<RegistrationRequest, 'kind' | 'idNumber' | 'operatorName'>;
export type DeregistrationDetails = Omit<DeregistrationRequest, 'kind' | 'idNumber' | 'operatorName'>;
