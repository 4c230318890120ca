/** The public licence check: /v/<payload> (the page the QR code opens) and /api/v/<payload> (its JSON). No session needed. */
import type { Pool } from 'pg';
import { LICENCE_CHECK_PATHS } from '../../protocol/centre-licence-check';
import { answer } from '../http/exchange';
import { ANSWERED, type CentreRoute } from '../http/routes';
import type { WebApp } from '../http/web-app';
import { checkLicencePayload } from './check-licence';

/** base64url fields and dots, as protocol/licence-statement.ts writes them; a real one is about 200 characters. */
const PAYLOAD = '([A-Za-z0-9._-]{1,600})';

export function licenceCheckRoutes({ pool, app }: { pool: Pool; app: WebApp }): CentreRoute[] {
  return [
    {
      method: 'GET',
      path: new RegExp(`^${LICENCE_CHECK_PATHS.page}${PAYLOAD}$`),
      handle: async ({ response, params }) => {
        const { status } = await checkLicencePayload(pool, params[0]!);
        return app.sendPage(response, status);
      },
    },
    {
      method: 'GET',
      path: new RegExp(`^${LICENCE_CHECK_PATHS.api}${PAYLOAD}$`),
      handle: async ({ response, params }) => {
        const checked = await checkLicencePayload(pool, params[0]!);
        answer(response, checked.status, checked.answer);
        return ANSWERED;
      },
    },
  ];
}
