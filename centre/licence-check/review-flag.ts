/**
 * The review flag a grid inspection puts on a licence ("address false", `/inspection`),
 * as the public check shows it: the day and the reason, never who flagged it.
 */
import type { Pool } from 'pg';
import type { ReviewFlag } from '../../protocol/centre-licence-check';
import { reviewFlagOf as inspectionFlagOf } from '../inspection/inspection-store';

const REASONS = {
  'address-false': { 'zh-CN': '网格员实地核查：经营场所地址不实，待登记机关复核', en: 'A grid inspector found the place of business false; the registration office is reviewing it' },
} as const;

export async function reviewFlagOf(pool: Pool, creditCode: string): Promise<ReviewFlag | null> {
  const flag = await inspectionFlagOf(pool, creditCode);
  // The day in China, as every date of the public check (a flag at 07:00 there is still 23:00 the day before in UTC).
  return flag && { since: new Date(flag.flaggedAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }), reason: REASONS[flag.reason] };
}
