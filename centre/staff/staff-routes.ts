/** Signing in and out: the /login page, its API, and who is signed in (protocol/centre-staff.ts). */
import type { Pool } from 'pg';
import { LoginRequest, STAFF_PATHS, STAFF_ROLES, type StaffMe } from '../../protocol/centre-staff';
import { answer, parseBody } from '../http/exchange';
import { RefusedError } from '../http/refusals';
import { ANSWERED, type CentreRoute } from '../http/routes';
import type { WebApp } from '../http/web-app';
import { LOGIN_PATH, sameOrigin, type StaffAccess } from './access';
import { checkLogin } from './accounts';
import { recordStaffAction } from './audit';
import { clearedSessionCookie, sessionCookie, sessionCookieOf } from './cookies';
import { endSession, MAX_HOURS, startSession } from './sessions';

export interface StaffRoutesDeps {
  pool: Pool;
  access: StaffAccess;
  app: WebApp;
}

export function staffRoutes({ pool, access, app }: StaffRoutesDeps): CentreRoute[] {
  return [
    { method: 'GET', path: LOGIN_PATH, handle: ({ response }) => app.sendPage(response) },
    // The start page lists the pages the role may open.
    access.page('/', STAFF_ROLES),
    {
      method: 'POST',
      path: STAFF_PATHS.login,
      handle: async ({ request, response, body }) => {
        // A JSON body cannot be sent across sites without a CORS preflight, which the centre never grants.
        if (!request.headers['content-type']?.startsWith('application/json') || !sameOrigin(request)) throw new RefusedError('csrf', 'login');
        const { name, password } = parseBody(LoginRequest, await body());
        const check = await checkLogin(pool, name, password);
        if (check.outcome !== 'ok') {
          const action = check.outcome === 'locked' ? (check.justLocked ? 'account-locked' : 'login-while-locked') : 'login-failed';
          await recordStaffAction(pool, { staff: check.staff, name, action, request, ...(check.outcome === 'locked' ? { detail: { until: check.until.toISOString() } } : {}) });
          throw new RefusedError(check.outcome === 'locked' ? 'account-locked' : 'bad-login', name);
        }
        const { sessionId, csrfToken } = await startSession(pool, check.staff.id);
        await recordStaffAction(pool, { staff: check.staff, action: 'login', request });
        response.setHeader('set-cookie', sessionCookie(sessionId, MAX_HOURS * 3600));
        answer(response, 200, { name: check.staff.name, role: check.staff.role, csrfToken } satisfies StaffMe);
        return ANSWERED;
      },
    },
    {
      method: 'POST',
      path: STAFF_PATHS.logout,
      handle: async (context) => {
        await access.requireStaff(context, STAFF_ROLES);
        // requireStaff has written the sign-out (POST /api/staff/logout) to the audit log.
        await endSession(pool, sessionCookieOf(context.request)!);
        context.response.setHeader('set-cookie', clearedSessionCookie());
        answer(context.response, 200, { signedOut: true });
        return ANSWERED;
      },
    },
    {
      method: 'GET',
      path: STAFF_PATHS.me,
      handle: async (context) => {
        const staff = await access.requireStaff(context, STAFF_ROLES);
        return { name: staff.name, role: staff.role, csrfToken: staff.csrfToken } satisfies StaffMe;
      },
    },
  ];
}
