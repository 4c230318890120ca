/**
 * What the fleet page shows of each kiosk, read from PostgreSQL (the one source of
 * truth for every centre process): its hall, the latest heartbeat, the alerts still to
 * see (open or not yet acknowledged) and its recent remote commands.
 */
import type { Pool } from 'pg';
import type { AlertKind, CommandState, FleetDevice, FleetKioskView, FleetPendingJob, FleetToday, FleetVersions } from '../../protocol/centre-fleet';

export type { FleetKioskView, FleetSnapshot } from '../../protocol/centre-fleet';

/** Commands shown per kiosk, newest first. */
const RECENT_COMMANDS = 8;

/** Every enrolled kiosk (all of them when `kioskIds` is undefined), ordered by hall then id. */
export async function readFleet(pool: Pool, kioskIds?: readonly string[]): Promise<FleetKioskView[]> {
  const only = kioskIds ? 'AND k.kiosk_id = ANY($1)' : '';
  const params = kioskIds ? [kioskIds] : [];
  const [kiosks, alerts, commands, flagged] = await Promise.all([
    pool.query<{ kiosk_id: string; hall: string | null; status: string; received_at: Date | null; sent_at: Date | null; devices: FleetDevice[] | null; pending_jobs: FleetPendingJob[] | null; versions: FleetVersions | null; today: FleetToday | null }>(
      `SELECT k.kiosk_id, k.hall, k.status, s.received_at, s.sent_at, s.devices, s.pending_jobs, s.versions, s.today
       FROM kiosks k LEFT JOIN fleet_status s ON s.kiosk_id = k.kiosk_id
       WHERE k.status <> 'awaiting-enrolment' ${only} ORDER BY k.hall NULLS LAST, k.kiosk_id`,
      params,
    ),
    pool.query<{ id: string; kiosk_id: string; kind: AlertKind; detail: Record<string, unknown>; raised_at: Date; cleared_at: Date | null; acknowledged_at: Date | null; acknowledged_by: string | null }>(
      `SELECT a.* FROM fleet_alerts a JOIN kiosks k ON k.kiosk_id = a.kiosk_id
       WHERE (a.cleared_at IS NULL OR a.acknowledged_at IS NULL) ${only} ORDER BY a.raised_at DESC`,
      params,
    ),
    pool.query<{ id: string; kiosk_id: string; kind: string; params: Record<string, unknown>; state: CommandState; requested_by: string; requested_at: Date; detail: string | null; has_result: boolean }>(
      `SELECT * FROM (
         SELECT c.id, c.kiosk_id, c.kind, c.params, c.state, c.requested_by, c.requested_at, c.detail, c.result IS NOT NULL AS has_result,
                row_number() OVER (PARTITION BY c.kiosk_id ORDER BY c.id DESC) AS n
         FROM fleet_commands c JOIN kiosks k ON k.kiosk_id = c.kiosk_id WHERE true ${only}) recent
       WHERE n <= ${RECENT_COMMANDS} ORDER BY id DESC`,
      params,
    ),
    pool.query<{ kiosk_id: string; n: number }>(
      `SELECT l.kiosk_id, count(*)::int AS n FROM licence_review_flags f JOIN licences l ON l.credit_code = f.credit_code JOIN kiosks k ON k.kiosk_id = l.kiosk_id
       WHERE f.resolved_at IS NULL ${only} GROUP BY l.kiosk_id`,
      params,
    ),
  ]);
  const flaggedOf = new Map(flagged.rows.map((row) => [row.kiosk_id, row.n]));
  const alertsOf = groupBy(
    alerts.rows.map((a) => ({ kioskId: a.kiosk_id, view: { id: Number(a.id), kind: a.kind, detail: a.detail, raisedAt: iso(a.raised_at), clearedAt: isoOrNull(a.cleared_at), acknowledgedAt: isoOrNull(a.acknowledged_at), acknowledgedBy: a.acknowledged_by } })),
  );
  const commandsOf = groupBy(
    commands.rows.map((c) => ({ kioskId: c.kiosk_id, view: { id: Number(c.id), kind: c.kind, params: c.params, state: c.state, requestedBy: c.requested_by, requestedAt: iso(c.requested_at), detail: c.detail, hasResult: c.has_result } })),
  );
  return kiosks.rows.map((k) => ({
    kioskId: k.kiosk_id,
    hall: k.hall,
    status: k.status,
    lastHeartbeatAt: isoOrNull(k.received_at),
    sentAt: isoOrNull(k.sent_at),
    devices: k.devices ?? [],
    pendingJobs: k.pending_jobs ?? [],
    versions: k.versions,
    today: k.today,
    alerts: alertsOf.get(k.kiosk_id) ?? [],
    commands: commandsOf.get(k.kiosk_id) ?? [],
    flaggedLicences: flaggedOf.get(k.kiosk_id) ?? 0,
  }));
}

/** A command's full record, with the logs a collect-logs command brought back. */
export async function readCommandResult(pool: Pool, commandId: number): Promise<{ kioskId: string; kind: string; state: CommandState; detail: string | null; result: unknown } | undefined> {
  const { rows } = await pool.query<{ kiosk_id: string; kind: string; state: CommandState; detail: string | null; result: unknown }>('SELECT kiosk_id, kind, state, detail, result FROM fleet_commands WHERE id = $1', [commandId]);
  const row = rows[0];
  return row && { kioskId: row.kiosk_id, kind: row.kind, state: row.state, detail: row.detail, result: row.result };
}

function groupBy<T>(items: readonly { kioskId: string; view: T }[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const { kioskId, view } of items) {
    const list = groups.get(kioskId) ?? [];
    list.push(view);
    groups.set(kioskId, list);
  }
  return groups;
}

function iso(date: Date): string {
  return date.toISOString();
}

function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
