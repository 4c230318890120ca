/**
 * Who may use the fleet page: technicians, supervisors and admins, signed in.
 * PLACEHOLDER_REQUIRE_STAFF stands in until the staff web shell's requireStaff is on
 * main: it lets nobody in (401), so nothing of the fleet is open before the real login guards it.
 */
import { RefusedError } from '../http/refusals';
import type { RouteContext } from '../http/routes';
import type { StaffMember } from './staff-actions';

export const FLEET_ROLES = ['technician', 'supervisor', 'admin'] as const;

/** Resolves with the signed-in member of staff holding one of the roles; rejects (answered 401/403) otherwise. */
export type StaffGuard = (context: RouteContext, roles: readonly string[]) => Promise<StaffMember>;

export const PLACEHOLDER_REQUIRE_STAFF: StaffGuard = () => Promise.reject(new RefusedError('unsigned', 'the staff login is not installed yet'));
