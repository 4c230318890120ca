/**
 * The centre's HTTP server. Stateless: every fact, lease, nonce and key is in
 * PostgreSQL, so any number of these processes can stand behind one load balancer.
 * The routes come from the area modules (routes.ts); this file only dispatches and
 * turns errors into refusals.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { CENTRE_PATHS, type HealthAnswer } from '../../protocol/centre';
import { DEFAULT_FLEET_SETTINGS, type FleetSettings } from '../fleet/fleet-settings';
import { FleetService } from '../fleet/fleet-service';
import { CENTRE_SCHEMA_VERSION } from '../postgres/migrations';
import { licenceCheckRoutes } from '../licence-check/licence-check-routes';
import type { CentreRegistry } from '../registry/registry';
import { StaffAccess } from '../staff/access';
import { staffRoutes } from '../staff/staff-routes';
import { answer, readBody, refuse } from './exchange';
import type { IdNumberVault } from '../id-number-vault';
import type { CentreSealingKey } from '../sealing-key';
import { inspectionRoutes } from './inspection-routes';
import { fleetRoutes } from './fleet-api';
import { kioskApiRoutes } from './kiosk-api';
import { ratingsRoutes } from './ratings-routes';
import { rolloutRoutes } from './rollout-routes';
import { syncRoutes } from './sync-api';
import { createAuthenticator } from './authenticate';
import { downstreamRoutes, type DownstreamDeps } from './downstream-api';
import { signedRoutes } from './signed-route';
import { RefusedError } from './refusals';
import { ANSWERED, matchRoute, type CentreRoute } from './routes';
import { webApp, type WebApp } from './web-app';

export interface CentreServerDeps {
  pool: Pool;
  registry: CentreRegistry;
  log: Logger;
  clockWindowMs: number;
  /** The built web app (dist/centre-web). */
  webDir: string;
  /** Opens and re-seals the operators' ID numbers that kiosks sync. */
  vault: IdNumberVault;
  /** The key pair kiosks seal personal data to. */
  sealingKey: CentreSealingKey;
  /** Credit-code leases and the publications kiosks pull. */
  downstream: DownstreamDeps;
  /** The fleet's thresholds; the defaults when unset. */
  fleetSettings?: FleetSettings;
}

/** What an area's routes may use besides the server's deps: the web app's page, and the staff role guard. */
export interface CentreAreaDeps extends CentreServerDeps {
  app: WebApp;
  access: StaffAccess;
}

/** Every area's routes, in the order they are matched. */
function centreRoutes(deps: CentreServerDeps, fleet: FleetService): CentreRoute[] {
  const app = webApp(deps.webDir);
  const area: CentreAreaDeps = { ...deps, app, access: new StaffAccess(deps.pool, app) };
  return [
    { method: 'GET', path: CENTRE_PATHS.health, handle: ({ response }) => health(deps.pool, response) },
    ...kioskApiRoutes(deps),
    ...syncRoutes(deps),
    ...downstreamRoutes(deps.downstream, signedRoutes(createAuthenticator(deps.pool, deps.log, deps.clockWindowMs))),
    ...app.routes,
    ...staffRoutes(area),
    ...licenceCheckRoutes(area),
    ...inspectionRoutes(area),
    ...ratingsRoutes(area),
    ...fleetRoutes({ ...area, fleet }),
    ...rolloutRoutes({ ...area, rollouts: deps.downstream.publications.rollouts }),
  ];
}

export function createCentreServer(deps: CentreServerDeps): Server {
  const fleet = new FleetService(deps.pool, deps.fleetSettings ?? DEFAULT_FLEET_SETTINGS, deps.log);
  const routes = centreRoutes(deps, fleet);

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://centre');
    const found = matchRoute(routes, request.method ?? 'GET', url.pathname);
    if (!found) {
      refuse(response, 'not-found');
      return;
    }
    let body: Promise<string> | undefined;
    const result = await found.route.handle({ request, response, url, params: found.params, body: () => (body ??= readBody(request)) });
    if (result !== ANSWERED) answer(response, 200, result);
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof RefusedError) {
        if (!response.headersSent) refuse(response, error.code);
        return;
      }
      deps.log.error({ err: (error as Error).message, path: request.url }, 'request failed');
      if (!response.headersSent) refuse(response, 'unavailable');
    });
  });
  // The fleet's live streams and sweep run while the server listens; stopped before the pool ends.
  server.on('listening', () => fleet.start());
  server.on('close', () => fleet.stop());
  return server;
}

/** 200 with the server's version while PostgreSQL answers, else 503. */
async function health(pool: Pool, response: ServerResponse): Promise<typeof ANSWERED> {
  try {
    const { rows } = await pool.query<{ version: string }>("SELECT current_setting('server_version') AS version");
    const up: HealthAnswer = { status: 'ok', postgres: 'ok', postgresVersion: rows[0]!.version, schemaVersion: CENTRE_SCHEMA_VERSION };
    answer(response, 200, up);
  } catch (error) {
    answer(response, 503, { status: 'down', postgres: 'down', error: (error as Error).message });
  }
  return ANSWERED;
}
