/** A signed POST from an enrolled kiosk, its body checked against the schema: how every kiosk route but enrolment starts. */
import type { z } from 'zod';
import type { Authenticator } from './authenticate';
import { parseBody } from './exchange';
import type { CentreRoute, RouteContext } from './routes';

export function signedPost<S extends z.ZodType>(auth: Authenticator, path: string, schema: S, work: (kioskId: string, body: z.infer<S>) => Promise<unknown>): CentreRoute {
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
