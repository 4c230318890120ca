// Where the business will be: the unified address base's record for the house code.
import { z } from 'zod';
import { defineCheck, fail, NO_PARAMS, pass } from './check';
import type { AddressRecord, RegistrationFacts } from './facts';

const NOT_RECORDED = { 'zh-CN': '未登记', en: 'not recorded' };
const wordList = z.array(z.string().trim().min(1)).min(1);

/** The district of the premises: the record's, else the house code's first six digits. */
export function premisesDistrict(address: AddressRecord): string {
  return address.districtCode ?? address.houseCode.slice(0, 6);
}

export const addressExists = defineCheck({
  params: NO_PARAMS,
  placeholders: ['houseCode'],
  run: ({ address }: RegistrationFacts) => (address.exists ? pass : fail)({ houseCode: address.houseCode }),
});

export const addressUsageAllowed = defineCheck({
  params: z.object({ allowedUsages: wordList }).strict(),
  placeholders: ['usage'],
  run: ({ address }: RegistrationFacts, { allowedUsages }) => {
    const usage = address.usage ?? NOT_RECORDED;
    return address.exists && address.usage !== undefined && allowedUsages.includes(address.usage) ? pass({ usage }) : fail({ usage });
  },
});

export const addressNotDemolished = defineCheck({
  params: z.object({ demolishedStatuses: wordList }).strict(),
  placeholders: ['status'],
  run: ({ address }: RegistrationFacts, { demolishedStatuses }) => {
    const status = address.status ?? NOT_RECORDED;
    return address.status !== undefined && demolishedStatuses.includes(address.status) ? fail({ status }) : pass({ status });
  },
});

export const addressNotFlagged = defineCheck({
  params: NO_PARAMS,
  run: ({ address }: RegistrationFacts) => (address.flagged ? fail() : pass()),
});

/** Fewer than `max` active businesses at this house code before this one. */
export const businessesPerAddress = defineCheck({
  params: z.object({ max: z.number().int().min(1) }).strict(),
  placeholders: ['count'],
  run: ({ lists }: RegistrationFacts, { max }) => {
    const count = lists.activeBusinessesAtAddress;
    return count < max ? pass({ count }) : fail({ count });
  },
});
