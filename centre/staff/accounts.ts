/**
 * Staff accounts: created by `npm run centre -- staff add`, checked at sign-in.
 * LOCK_AFTER_FAILURES wrong passwords in a row lock the account for LOCK_MINUTES
 * (a right password meanwhile does not open it); a sign-in resets the count.
 * `staff unlock NAME` opens it at once.
 */
import type { Pool } from 'pg';
import type { StaffRole } from '../../protocol/centre-staff';
import { hashPassword, MIN_PASSWORD_LENGTH, UNKNOWN_ACCOUNT_HASH, verifyPassword } from './passwords';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export class StaffAccountError extends Error {}

export async function addStaff(pool: Pool, name: string, role: StaffRole, password: string): Promise<number> {
  if (password.length < MIN_PASSWORD_LENGTH) throw new StaffAccountError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const hash = await hashPassword(password);
  const { rows } = await pool.query<{ id: string }>('INSERT INTO staff_accounts (name, role, password_hash) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING RETURNING id', [name, role, hash]);
  if (!rows[0]) throw new StaffAccountError(`there is already a staff member named ${name}`);
  return Number(rows[0].id);
}

/** Clears the failures and the lock; false when there is no such account. */
export async function unlockStaff(pool: Pool, name: string): Promise<boolean> {
  const { rowCount } = await pool.query('UPDATE staff_accounts SET failed_attempts = 0, locked_until = NULL WHERE name = $1', [name]);
  return rowCount === 1;
}

export type LoginCheck =
  | { outcome: 'ok'; staff: { id: number; name: string; role: StaffRole } }
  | { outcome: 'wrong'; staff: { id: number; name: string } | null }
  /** `justLocked`: this failure locked it. */
  | { outcome: 'locked'; staff: { id: number; name: string }; until: Date; justLocked: boolean };

export async function checkLogin(pool: Pool, name: string, password: string): Promise<LoginCheck> {
  const { rows } = await pool.query<{ id: string; name: string; role: StaffRole; password_hash: string; locked_until: Date | null }>(
    'SELECT id, name, role, password_hash, CASE WHEN locked_until > now() THEN locked_until END AS locked_until FROM staff_accounts WHERE name = $1',
    [name],
  );
  const account = rows[0];
  const matches = await verifyPassword(password, account?.password_hash ?? (await UNKNOWN_ACCOUNT_HASH));
  if (!account) return { outcome: 'wrong', staff: null };
  const staff = { id: Number(account.id), name: account.name };
  if (account.locked_until) return { outcome: 'locked', staff, until: account.locked_until, justLocked: false };
  if (matches) {
    await pool.query('UPDATE staff_accounts SET failed_attempts = 0, locked_until = NULL WHERE id = $1', [staff.id]);
    return { outcome: 'ok', staff: { ...staff, role: account.role } };
  }
  // One statement, so concurrent failures all count; the count starts again once a lock has lapsed.
  const failures = 'CASE WHEN locked_until <= now() THEN 1 ELSE failed_attempts + 1 END';
  const failed = await pool.query<{ locked_until: Date | null }>(
    `UPDATE staff_accounts
        SET failed_attempts = ${failures},
            locked_until = CASE WHEN ${failures} >= $2 THEN now() + make_interval(mins => $3) END
      WHERE id = $1 RETURNING locked_until`,
    [staff.id, LOCK_AFTER_FAILURES, LOCK_MINUTES],
  );
  const until = failed.rows[0]?.locked_until;
  return until ? { outcome: 'locked', staff, until, justLocked: true } : { outcome: 'wrong', staff };
}
