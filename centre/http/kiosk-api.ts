/** The API kiosks call: enrolment, then signed requests only (protocol/centre.ts). */
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { z as zod, type z } from 'zod';
import { CENTRE_PATHS, DeregisterRequest, EnrolRequest, FactsRequest, IssueRequest } from '../../protocol/centre';
import { enrolKiosk, enrolmentKey } from '../kiosks';
import type { CentreRegistry } from '../registry/registry';
import { createAuthenticator } from './authenticate';
import { parseBody } from './exchange';
import type { CentreRoute } from './routes';
import { signedPost } from './signed-route';

export interface KioskApiDeps {
  pool: Pool;
  registry: CentreRegistry;
  log: Logger;
  clockWindowMs: number;
}

export function kioskApiRoutes(deps: KioskApiDeps): CentreRoute[] {
  const { pool, registry, log } = deps;
  const auth = createAuthenticator(pool, log, deps.clockWindowMs);

  const signed = <S extends z.ZodType>(path: string, schema: S, work: (kioskId: string, body: z.infer<S>) => Promise<unknown>) => signedPost(auth, path, schema, work);

  return [
    {
      method: 'POST',
      path: CENTRE_PATHS.enrol,
      handle: async ({ request, body }) => {
        const text = await body();
        const enrolment = parseBody(EnrolRequest, text);
        const key = enrolmentKey(enrolment);
        await auth.enrolment(request, CENTRE_PATHS.enrol, text, enrolment.kioskId, key);
        const enrolled = await enrolKiosk(pool, enrolment, key);
        log.info({ kioskId: enrolled.kioskId, keyId: enrolled.keyId }, 'kiosk enrolled');
        return enrolled;
      },
    },
    signed(CENTRE_PATHS.facts, FactsRequest, (kioskId, facts) =>
      facts.service === 'registration' ? registry.registrationFacts(kioskId, facts) : registry.deregistrationFacts(kioskId, facts),
    ),
    signed(CENTRE_PATHS.issue, IssueRequest, (kioskId, issue) => registry.issue(kioskId, issue)),
    signed(CENTRE_PATHS.deregister, DeregisterRequest, (kioskId, deregistration) => registry.deregister(kioskId, deregistration)),
    signed(CENTRE_PATHS.ping, EmptyBody, async (kioskId) => ({ kioskId, serverTime: new Date().toISOString() })),
  ];
}

const EmptyBody = zod.object({}).strict();
