/**
 * What the centre's web app and the centre exchange about staff: the roles, the login
 * request, who is signed in. Imported by the server (centre/staff) and the browser app
 * (centre/web) alike, so neither can drift from the other.
 */
import { z } from 'zod';

export const STAFF_ROLES = ['technician', 'inspector', 'supervisor', 'admin'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export const STAFF_PATHS = {
  login: '/api/staff/login',
  logout: '/api/staff/logout',
  me: '/api/staff/me',
} as const;

/** The header every change (POST, PUT, DELETE) must carry: the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

/** Staff names: letters (any script), digits, . _ -; what `staff add NAME` accepts. */
export const StaffName = z.string().regex(/^[\p{L}\p{N}._-]{2,40}$/u, 'a staff name: 2 to 40 letters, digits, . _ -');

export const LoginRequest = z.object({ name: z.string().min(1).max(40), password: z.string().min(1).max(200) }).strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

/** The signed-in staff member as the browser sees them (the session id stays in its HttpOnly cookie). */
export const StaffMe = z.object({ name: z.string(), role: StaffRole, csrfToken: z.string() });
export type StaffMe = z.infer<typeof StaffMe>;
