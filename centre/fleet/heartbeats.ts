/**
 * A kiosk's heartbeat at the centre, in one transaction: its latest status replaces
 * the one before, the alerts it implies are raised or cleared, the commands waiting for
 * it are handed over, and every centre process is told (NOTIFY) so open fleet pages
 * update whichever process received it.
 */
import type { Pool } from 'pg';
import type { HeartbeatAnswer, HeartbeatRequest } from '../../protocol/centre-fleet';
import { alertConditions } from './alert-conditions';
import { applyHeartbeatAlerts } from './fleet-alerts';
import { deliverCommands } from './fleet-commands';
import { inTransaction, notifyFleet } from './fleet-notify';
import type { FleetSettings } from './fleet-settings';

export async function recordHeartbeat(pool: Pool, kioskId: string, heartbeat: HeartbeatRequest, settings: FleetSettings, now: () => Date = () => new Date()): Promise<HeartbeatAnswer> {
  return inTransaction(pool, async (client) => {
    // A heartbeat that arrives late never hides a newer one.
    await client.query(
      `INSERT INTO fleet_status (kiosk_id, received_at, sent_at, devices, pending_jobs, versions, today, rule_set_rates)
       VALUES ($1, now(), $2, $3, $4, $5, $6, $7)
       ON CONFLICT (kiosk_id) DO UPDATE SET received_at = now(), sent_at = EXCLUDED.sent_at, devices = EXCLUDED.devices,
         pending_jobs = EXCLUDED.pending_jobs, versions = EXCLUDED.versions, today = EXCLUDED.today, rule_set_rates = EXCLUDED.rule_set_rates
       WHERE fleet_status.sent_at <= EXCLUDED.sent_at`,
      [kioskId, heartbeat.sentAt, ...[heartbeat.devices, heartbeat.pendingJobs, heartbeat.versions, heartbeat.today, heartbeat.ruleSetRates].map((value) => JSON.stringify(value))],
    );
    await applyHeartbeatAlerts(client, kioskId, alertConditions(heartbeat, now(), settings));
    const commands = await deliverCommands(client, kioskId);
    await notifyFleet(client, [kioskId]);
    return { serverTime: now().toISOString(), commands };
  });
}
