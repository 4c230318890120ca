/**
 * Remote commands: queued by staff (PENDING), handed to the kiosk with its next
 * heartbeat (SENT; handed again until the kiosk acknowledges it, since an answer can be
 * lost, and the kiosk runs each id once), then ACKED, DONE or FAILED as the kiosk
 * reports, or EXPIRED when the kiosk did not take it in time. A state only moves forward.
 */
import type { Pool, PoolClient } from 'pg';
import type { CommandParams, CommandReport, CommandState, RemoteCommand } from '../../protocol/centre-fleet';
import { inTransaction, notifyFleet } from './fleet-notify';

export type QueueOutcome = { queued: true; id: number } | { queued: false; problem: 'unknown-kiosk' };

/** `requestedBy`: the member of staff, as the page shows it. */
export async function queueCommand(pool: Pool, kioskId: string, params: CommandParams, requestedBy: string, ttlMs: number): Promise<QueueOutcome> {
  return inTransaction(pool, async (client) => {
    const known = await client.query("SELECT 1 FROM kiosks WHERE kiosk_id = $1 AND status = 'active'", [kioskId]);
    if (known.rowCount !== 1) return { queued: false, problem: 'unknown-kiosk' } as const;
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO fleet_commands (kiosk_id, kind, params, requested_by, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING id`,
      [kioskId, params.kind, JSON.stringify(params), requestedBy, ttlMs / 1000],
    );
    const id = Number(rows[0]!.id);
    await notifyFleet(client, [kioskId]);
    return { queued: true, id } as const;
  });
}

/** The commands the kiosk has not yet acknowledged, marked SENT; inside the heartbeat's transaction. */
export async function deliverCommands(client: PoolClient, kioskId: string): Promise<RemoteCommand[]> {
  const { rows } = await client.query<{ id: string; params: CommandParams; expires_at: Date }>(
    `UPDATE fleet_commands SET state = 'SENT', sent_at = COALESCE(sent_at, now())
     WHERE kiosk_id = $1 AND state IN ('PENDING', 'SENT') AND expires_at > now()
     RETURNING id, params, expires_at`,
    [kioskId],
  );
  return rows.map((row) => ({ id: Number(row.id), params: row.params, expiresAt: row.expires_at.toISOString() })).sort((a, b) => a.id - b.id);
}

/** From which states each report may move a command (never backwards, never out of DONE or FAILED). */
const REPORTABLE_FROM: Record<CommandReport['state'], readonly CommandState[]> = {
  ACKED: ['PENDING', 'SENT'],
  // A kiosk that took a command just before it expired here did run it: its outcome is the truth.
  DONE: ['PENDING', 'SENT', 'ACKED', 'EXPIRED'],
  FAILED: ['PENDING', 'SENT', 'ACKED', 'EXPIRED'],
};

/** Applies the kiosk's reports on its own commands; returns how many changed a state. */
export async function applyCommandReports(pool: Pool, kioskId: string, reports: readonly CommandReport[]): Promise<number> {
  return inTransaction(pool, async (client) => {
    let changed = 0;
    for (const report of reports) {
      const timestamp = report.state === 'ACKED' ? 'acked_at' : 'finished_at';
      const { rowCount } = await client.query(
        `UPDATE fleet_commands SET state = $3, ${timestamp} = now(), detail = COALESCE($4, detail), result = COALESCE($5, result)
         WHERE id = $1 AND kiosk_id = $2 AND state = ANY($6)`,
        [report.id, kioskId, report.state, report.detail ?? null, report.result === undefined ? null : JSON.stringify(report.result), REPORTABLE_FROM[report.state]],
      );
      changed += rowCount ?? 0;
    }
    if (changed > 0) await notifyFleet(client, [kioskId]);
    return changed;
  });
}

/** PENDING or SENT commands past their time become EXPIRED; returns the kiosks concerned. */
export async function expireCommands(pool: Pool): Promise<string[]> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ kiosk_id: string }>(
      `UPDATE fleet_commands SET state = 'EXPIRED', finished_at = now() WHERE state IN ('PENDING', 'SENT') AND expires_at <= now() RETURNING kiosk_id`,
    );
    const kioskIds = [...new Set(rows.map((row) => row.kiosk_id))];
    await notifyFleet(client, kioskIds);
    return kioskIds;
  });
}
