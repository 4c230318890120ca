/** The centre's staff audit log (table staff_audit): who did what, when, from where. */
import type { IncomingMessage } from 'node:http';
import type { Pool } from 'pg';

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
