/**
 * Staff sessions in PostgreSQL (the centre keeps no state of its own, so any centre
 * process can answer any staff request). The cookie holds 32 random bytes; the table
 * holds their SHA-256. A session ends at sign-out, after IDLE_MINUTES without a request,
 * or MAX_HOURS after sign-in, whichever comes first.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { StaffRole } from '../../protocol/centre-staff';

export const IDLE_MINUTES = 30;
export const MAX_HOURS = 12;

export interface SignedInStaff {
  id: number;
  name: string;
  role: StaffRole;
  /** Every change must carry it in the x-csrf-token header. */
  csrfToken: string;
}

const hashOf = (sessionId: string) => createHash('sha256').update(sessionId).digest();

/** A new session for the account: its id for the cookie, and its CSRF token. */
export async function startSession(pool: Pool, staffId: number): Promise<{ sessionId: string; csrfToken: string }> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await pool.query('INSERT INTO staff_sessions (id_hash, staff_id, csrf_token) VALUES ($1, $2, $3)', [hashOf(sessionId), staffId, csrfToken]);
  return { sessionId, csrfToken };
}

/** The staff member of a live session (and it counts as activity), or undefined. */
export async function sessionStaff(pool: Pool, sessionId: string): Promise<SignedInStaff | undefined> {
  const { rows } = await pool.query<{ id: string; name: string; role: StaffRole; csrf_token: string }>(
    `UPDATE staff_sessions s SET last_seen_at = now()
       FROM staff_accounts a
      WHERE s.id_hash = $1 AND a.id = s.staff_id AND s.ended_at IS NULL
        AND s.last_seen_at > now() - make_interval(mins => $2)
        AND s.created_at > now() - make_interval(hours => $3)
      RETURNING a.id, a.name, a.role, s.csrf_token`,
    [hashOf(sessionId), IDLE_MINUTES, MAX_HOURS],
  );
  const row = rows[0];
  return row ? { id: Number(row.id), name: row.name, role: row.role, csrfToken: row.csrf_token } : undefined;
}

export async function endSession(pool: Pool, sessionId: string): Promise<void> {
  await pool.query('UPDATE staff_sessions SET ended_at = now() WHERE id_hash = $1 AND ended_at IS NULL', [hashOf(sessionId)]);
}
