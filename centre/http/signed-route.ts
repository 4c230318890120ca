/** A route for signed POSTs from enrolled kiosks: the signature checked first, then the body against its schema. */
import type { z } from 'zod';
import type { Authenticator } from './authenticate';
import { parseBody } from './exchange';
import type { CentreRoute, RouteContext } from './routes';

export function signedRoute<S extends z.ZodType>(auth: Authenticator, path: string, schema: S, work: (kioskId: string, body: z.infer<S>) => Promise<unknown>): CentreRoute {
  return {
    method: 'POST',
    path,
    handle: async ({ request, body }: RouteContext) => {
      const text = await body();
      const kioskId = await auth.kiosk(request, path, text);
      return work(kioskId, parseBody(schema, text));
    },
  };
}
