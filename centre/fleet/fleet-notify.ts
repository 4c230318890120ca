/**
 * The channel every centre process listens on: a kiosk's row changed (heartbeat, alert,
 * command). Sent inside the writing transaction, so PostgreSQL delivers it on commit
 * and never for a change that was rolled back.
 */
import type { Pool, PoolClient } from 'pg';

export const FLEET_CHANNEL = 'fleet';

export async function notifyFleet(db: Pool | PoolClient, kioskIds: readonly string[]): Promise<void> {
  if (kioskIds.length === 0) return;
  // A payload is at most 8000 bytes; kiosk ids are at most 64 characters, so 100 per message is safe.
  for (let i = 0; i < kioskIds.length; i += 100) {
    await db.query('SELECT pg_notify($1, $2)', [FLEET_CHANNEL, kioskIds.slice(i, i + 100).join(',')]);
  }
}

/** Runs `work` in one transaction on a client of the pool. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
