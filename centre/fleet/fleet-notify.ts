/**
 * The channel every centre process listens on: a kiosk's row changed (heartbeat, alert,
 * command). Sent inside the writing transaction, so PostgreSQL delivers it on commit
 * and never for a change that was rolled back.
 */
import type { Pool, PoolClient } from 'pg';

export { inTransaction } from '../postgres/transaction';

export const FLEET_CHANNEL = 'fleet';

export async function notifyFleet(db: Pool | PoolClient, kioskIds: readonly string[]): Promise<void> {
  if (kioskIds.length === 0) return;
  // A payload is at most 8000 bytes; kiosk ids are at most 64 characters, so 100 per message is safe.
  for (let i = 0; i < kioskIds.length; i += 100) {
    await db.query('SELECT pg_notify($1, $2)', [FLEET_CHANNEL, kioskIds.slice(i, i + 100).join(',')]);
  }
}
