/**
 * What staff did on the fleet page, kept in fleet_staff_actions with who and when.
 * (Placeholder until the staff web shell's audit log is on main: then this also writes there.)
 */
import type { PoolClient } from 'pg';

export interface StaffMember {
  name: string;
  role: string;
}

export async function recordStaffAction(client: PoolClient, staff: StaffMember, action: string, kioskId: string | null, detail: Record<string, unknown>): Promise<void> {
  await client.query('INSERT INTO fleet_staff_actions (staff, action, kiosk_id, detail) VALUES ($1, $2, $3, $4)', [`${staff.name} (${staff.role})`, action, kioskId, JSON.stringify(detail)]);
}
