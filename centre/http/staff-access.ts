/**
 * What the staff pages' routes need of staff access: a guard that answers with the
 * signed-in member or refuses (401 without a session, 403 for a role not allowed), and
 * the query string checked against a schema.
 */
import type { z } from 'zod';
import { RefusedError } from './refusals';
import type { RouteContext } from './routes';

export type StaffRole = 'technician' | 'inspector' | 'supervisor' | 'admin';

export interface StaffMember {
  name: string;
  role: StaffRole;
}

export type RequireStaff = (context: RouteContext, roles: readonly StaffRole[]) => Promise<StaffMember>;

/** The URL's query parameters as an object, checked; a mismatch is a 400 naming the fields. */
export function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) throw new RefusedError('bad-request', parsed.error.issues.map((i) => `${i.path.join('.') || '(query)'}: ${i.message}`).join('; '));
  return parsed.data;
}
