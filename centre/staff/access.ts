/**
 * The role guard every staff route goes through (the API other areas build on; see
 * docs/centre.md, "Staff pages and the role guard"):
 *
 *   const staff = await access.requireStaff(context, ['technician', 'supervisor']);
 *   access.page('/fleet', ['technician', 'supervisor'])   // a CentreRoute answering the app page
 *
 * `admin` may do everything, so it need not be listed. Every change (any method but
 * GET) must carry the session's CSRF token, and is written to the staff audit log.
 */
import type { IncomingMessage } from 'node:http';
import type { Pool } from 'pg';
import { CSRF_HEADER, type StaffRole } from '../../protocol/centre-staff';
import { RefusedError } from '../http/refusals';
import type { CentreRoute, RouteContext } from '../http/routes';
import type { WebApp } from '../http/web-app';
import { recordStaffAction } from './audit';
import { sessionCookieOf } from './cookies';
import { sessionStaff, type SignedInStaff } from './sessions';

export type { SignedInStaff };

export const LOGIN_PATH = '/login';

export class StaffAccess {
  constructor(
    private readonly pool: Pool,
    private readonly app: WebApp,
  ) {}

  /** Who is signed in on this request, if anyone. */
  async signedIn(request: IncomingMessage): Promise<SignedInStaff | undefined> {
    const sessionId = sessionCookieOf(request);
    return sessionId ? sessionStaff(this.pool, sessionId) : undefined;
  }

  /**
   * The signed-in staff member, if their role is among `roles` (or admin). Otherwise it
   * answers and throws a RefusedError (the server then writes nothing more):
   * - no session: an API path (/api/…) gets 401 `signed-out`; a page gets 303 to
   *   /login?next=<the page>;
   * - another role: 403 `role-forbidden` (a page gets the app page with 403, which says so);
   * - a change without the session's CSRF token, or from another origin: 403 `csrf`.
   * A change that passes is written to the audit log as `METHOD /path`.
   */
  async requireStaff(context: RouteContext, roles: readonly StaffRole[]): Promise<SignedInStaff> {
    const { request, response, url } = context;
    const isPage = !url.pathname.startsWith('/api/');
    const staff = await this.signedIn(request);
    if (!staff) {
      if (isPage) response.writeHead(303, { location: `${LOGIN_PATH}?next=${encodeURIComponent(url.pathname + url.search)}`, 'cache-control': 'no-store' }).end();
      throw new RefusedError('signed-out');
    }
    if (staff.role !== 'admin' && !roles.includes(staff.role)) {
      if (isPage) await this.app.sendPage(response, 403);
      throw new RefusedError('role-forbidden', `${staff.name} (${staff.role}) on ${url.pathname}`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      if (!sameOrigin(request) || request.headers[CSRF_HEADER] !== staff.csrfToken) throw new RefusedError('csrf', `${request.method} ${url.pathname} by ${staff.name}`);
      await this.audit(staff, `${request.method} ${url.pathname}`, {}, request);
    }
    return staff;
  }

  /** A page for these roles: GET answers the app page (its opening is audited); see requireStaff for the rest. */
  page(path: string | RegExp, roles: readonly StaffRole[]): CentreRoute {
    return {
      method: 'GET',
      path,
      handle: async (context) => {
        const staff = await this.requireStaff(context, roles);
        await this.audit(staff, 'page', { path: context.url.pathname }, context.request);
        return this.app.sendPage(context.response);
      },
    };
  }

  /** Writes one staff action to the audit log (beyond what requireStaff and page write themselves). */
  audit(staff: SignedInStaff | null, action: string, detail: Record<string, unknown> = {}, request?: IncomingMessage): Promise<void> {
    return recordStaffAction(this.pool, { staff, action, detail, ...(request ? { request } : {}) });
  }
}

/**
 * A change must come from a page of this centre: a browser sends Origin with every
 * POST/PUT/DELETE, so one naming another host is refused (a program sending none is
 * still held to the CSRF token).
 */
export function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
