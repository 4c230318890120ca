/**
 * Alerts in PostgreSQL: raised while a condition holds (one open alert per kiosk and
 * kind, whichever centre process sees it first), cleared when it no longer holds, and
 * acknowledged by a member of staff (recorded with who and when; the route writes it
 * to the staff audit log). An alert stays on the page until it is both cleared and acknowledged.
 */
import type { Pool, PoolClient } from 'pg';
import { HEARTBEAT_ALERT_KINDS, type AlertConditions, type AlertKind } from './alert-conditions';
import { notifyFleet, inTransaction } from './fleet-notify';

/** Raises the alerts whose condition holds, clears the others of the heartbeat's kinds. */
export async function applyHeartbeatAlerts(client: PoolClient, kioskId: string, conditions: AlertConditions): Promise<void> {
  for (const kind of HEARTBEAT_ALERT_KINDS) {
    const detail = conditions[kind];
    if (detail) await raise(client, kioskId, kind, detail);
    else await clear(client, kioskId, kind);
  }
  // A heartbeat has arrived: the kiosk is no longer missing.
  await clear(client, kioskId, 'missed-heartbeat');
}

async function raise(client: PoolClient, kioskId: string, kind: AlertKind, detail: Record<string, unknown>): Promise<void> {
  await client.query(
    `INSERT INTO fleet_alerts (kiosk_id, kind, detail) VALUES ($1, $2, $3)
     ON CONFLICT (kiosk_id, kind) WHERE cleared_at IS NULL DO UPDATE SET detail = EXCLUDED.detail`,
    [kioskId, kind, JSON.stringify(detail)],
  );
}

async function clear(client: PoolClient, kioskId: string, kind: AlertKind): Promise<void> {
  await client.query('UPDATE fleet_alerts SET cleared_at = now() WHERE kiosk_id = $1 AND kind = $2 AND cleared_at IS NULL', [kioskId, kind]);
}

/**
 * Raises a missed-heartbeat alert for every kiosk silent for longer than `offlineAfterMs`
 * (kiosks that never sent one are not installed yet). Any centre process may run it at
 * any time: the open-alert index makes a second raise a no-op. Returns the kiosks raised.
 */
export async function sweepMissedHeartbeats(pool: Pool, offlineAfterMs: number): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ kiosk_id: string }>(
      `INSERT INTO fleet_alerts (kiosk_id, kind, detail)
       SELECT s.kiosk_id, 'missed-heartbeat', jsonb_build_object('lastHeartbeatAt', to_char(s.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       FROM fleet_status s JOIN kiosks k ON k.kiosk_id = s.kiosk_id
       WHERE k.status = 'active' AND s.received_at < now() - make_interval(secs => $1)
       ON CONFLICT (kiosk_id, kind) WHERE cleared_at IS NULL DO NOTHING
       RETURNING kiosk_id`,
      [offlineAfterMs / 1000],
    );
    const kioskIds = rows.map((row) => row.kiosk_id);
    await notifyFleet(client, kioskIds);
    return kioskIds;
  });
}

export type AcknowledgeOutcome = { acknowledged: true; kioskId: string; kind: string } | { acknowledged: false; problem: 'not-found' | 'already-acknowledged' };

export async function acknowledgeAlert(pool: Pool, alertId: number, staffName: string): Promise<AcknowledgeOutcome> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ kiosk_id: string; kind: string; acknowledged_at: Date | null }>('SELECT kiosk_id, kind, acknowledged_at FROM fleet_alerts WHERE id = $1 FOR UPDATE', [alertId]);
    const alert = rows[0];
    if (!alert) return { acknowledged: false, problem: 'not-found' } as const;
    if (alert.acknowledged_at) return { acknowledged: false, problem: 'already-acknowledged' } as const;
    await client.query('UPDATE fleet_alerts SET acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1', [alertId, staffName]);
    await notifyFleet(client, [alert.kiosk_id]);
    return { acknowledged: true, kioskId: alert.kiosk_id, kind: alert.kind } as const;
  });
}
