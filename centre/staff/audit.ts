/** The centre's staff audit log (table staff_audit): who did what, when, from where. */
import type { IncomingMessage } from 'node:http';
import type { Pool } from 'pg';
import type { AuditEntry } from '../../protocol/centre-staff';

export interface StaffAuditEntry {
  /** The account, when known (a failed sign-in for an unknown name has none). */
  staff?: { id: number; name: string } | null;
  /** The name typed at the login, for attempts without an account. */
  name?: string;
  /** e.g. `login`, `login-failed`, `account-locked`, `logout`, `page`, `POST /api/fleet/commands`, `staff-add`. */
  action: string;
  detail?: Record<string, unknown>;
  request?: IncomingMessage;
}

export async function recordStaffAction(pool: Pool, entry: StaffAuditEntry): Promise<void> {
  await pool.query('INSERT INTO staff_audit (staff_id, staff_name, action, detail, remote) VALUES ($1, $2, $3, $4, $5)', [
    entry.staff?.id ?? null,
    entry.staff?.name ?? entry.name ?? null,
    entry.action,
    JSON.stringify(entry.detail ?? {}),
    entry.request?.socket.remoteAddress ?? null,
  ]);
}

/** The latest entries, newest first. */
export async function latestStaffActions(pool: Pool, limit: number): Promise<AuditEntry[]> {
  const { rows } = await pool.query<{ at: Date; staff_name: string | null; action: string; detail: Record<string, unknown>; remote: string | null }>(
    'SELECT at, staff_name, action, detail, remote FROM staff_audit ORDER BY id DESC LIMIT $1',
    [limit],
  );
  return rows.map((row) => ({ at: row.at.toISOString(), staffName: row.staff_name, action: row.action, detail: row.detail, remote: row.remote }));
}
