/** Halls: the service halls kiosks stand in; the fleet page groups kiosks by them. */
import type { Pool } from 'pg';
import { inTransaction, notifyFleet } from './fleet-notify';

export const HALL_NAME = /^\S(.{0,62}\S)?$/u;

/** Puts the kiosk in the hall (created if new); false when the centre does not know the kiosk. */
export async function assignHall(pool: Pool, kioskId: string, hall: string): Promise<boolean> {
  if (!HALL_NAME.test(hall)) throw new Error(`"${hall}" is not a hall name: 1 to 64 characters, not starting or ending with a space`);
  return inTransaction(pool, async (client) => {
    await client.query('INSERT INTO fleet_halls (name) VALUES ($1) ON CONFLICT DO NOTHING', [hall]);
    const { rowCount } = await client.query('UPDATE kiosks SET hall = $2 WHERE kiosk_id = $1', [kioskId, hall]);
    if (rowCount !== 1) return false;
    await notifyFleet(client, [kioskId]);
    return true;
  });
}
