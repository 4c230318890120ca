/**
 * The review flag a grid inspection puts on a licence ("address false"), shown on the
 * public check. The inspections (issue 14, `/inspection`, migrations 13–14) are not
 * built yet: until they are, no licence carries a flag. Replace this body with the
 * query of the inspection's flag table; the page already shows what it returns.
 */
import type { Pool } from 'pg';
import type { ReviewFlag } from '../../protocol/centre-licence-check';

export async function reviewFlagOf(_pool: Pool, _creditCode: string): Promise<ReviewFlag | null> {
  return null;
}
