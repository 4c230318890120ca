/**
 * The centre's HTTP API. Stateless: every fact, lease, nonce and key is in PostgreSQL,
 * so any number of these processes can stand behind one load balancer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { z as zod, type z } from 'zod';
import { CENTRE_PATHS, EnrolRequest, FactsRequest, IssueRequest, type HealthAnswer } from '../../protocol/centre';
import { enrolKiosk, enrolmentKey } from '../kiosks';
import { CENTRE_SCHEMA_VERSION } from '../postgres/migrations';
import type { CentreRegistry } from '../registry/registry';
import { createAuthenticator } from './authenticate';
import { answer, parseJson, readBody, refuse } from './exchange';
import { RefusedError } from './refusals';

export interface CentreServerDeps {
  pool: Pool;
  registry: CentreRegistry;
  log: Logger;
  clockWindowMs: number;
}

type Handler = (request: IncomingMessage, body: string) => Promise<unknown>;

export function createCentreServer(deps: CentreServerDeps): Server {
  const { pool, registry, log } = deps;
  const auth = createAuthenticator(pool, log, deps.clockWindowMs);

  /** A signed request from an enrolled kiosk, its body checked against the schema. */
  function signed<S extends z.ZodType>(schema: S, path: string, work: (kioskId: string, body: z.infer<S>) => Promise<unknown>): Handler {
    return async (request, text) => {
      const kioskId = await auth.kiosk(request, path, text);
      return work(kioskId, parse(schema, text));
    };
  }

  const post: Record<string, Handler> = {
    [CENTRE_PATHS.enrol]: async (request, text) => {
      const body = parse(EnrolRequest, text);
      const key = enrolmentKey(body);
      await auth.enrolment(request, CENTRE_PATHS.enrol, text, body.kioskId, key);
      const enrolled = await enrolKiosk(pool, body, key);
      log.info({ kioskId: enrolled.kioskId, keyId: enrolled.keyId }, 'kiosk enrolled');
      return enrolled;
    },
    [CENTRE_PATHS.facts]: signed(FactsRequest, CENTRE_PATHS.facts, (kioskId, body) =>
      body.service === 'registration' ? registry.registrationFacts(kioskId, body) : registry.deregistrationFacts(kioskId, body),
    ),
    [CENTRE_PATHS.issue]: signed(IssueRequest, CENTRE_PATHS.issue, (kioskId, body) => registry.issue(kioskId, body)),
    [CENTRE_PATHS.ping]: signed(EmptyBody, CENTRE_PATHS.ping, async (kioskId) => ({ kioskId, serverTime: new Date().toISOString() })),
  };

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://centre').pathname;
    if (request.method === 'GET' && path === CENTRE_PATHS.health) {
      answer(response, ...(await health(pool)));
      return;
    }
    const handler = request.method === 'POST' ? post[path] : undefined;
    if (!handler) {
      refuse(response, 'not-found');
      return;
    }
    answer(response, 200, await handler(request, await readBody(request)));
  }

  return createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof RefusedError) {
        if (!response.headersSent) refuse(response, error.code);
        return;
      }
      log.error({ err: (error as Error).message, path: request.url }, 'request failed');
      if (!response.headersSent) refuse(response, 'unavailable');
    });
  });
}

const EmptyBody = zod.object({}).strict();

function parse<S extends z.ZodType>(schema: S, text: string): z.infer<S> {
  const parsed = schema.safeParse(parseJson(text));
  if (!parsed.success) throw new RefusedError('bad-request', parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
  return parsed.data;
}

async function health(pool: Pool): Promise<[number, HealthAnswer | Record<string, unknown>]> {
  try {
    const { rows } = await pool.query<{ version: string }>("SELECT current_setting('server_version') AS version");
    return [200, { status: 'ok', postgres: 'ok', postgresVersion: rows[0]!.version, schemaVersion: CENTRE_SCHEMA_VERSION }];
  } catch (error) {
    return [503, { status: 'down', postgres: 'down', error: (error as Error).message }];
  }
}
