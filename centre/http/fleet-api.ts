/**
 * The fleet's HTTP routes. Kiosks: the signed heartbeat (its answer carries the
 * commands waiting) and the reports on those commands. Staff (technician, supervisor,
 * admin): the fleet as JSON, its live event stream, acknowledging an alert, queuing a
 * remote command and reading a command's result.
 */
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { z } from 'zod';
import { CommandParams, CommandReportRequest, FLEET_PATHS, FLEET_STAFF_PATHS, HeartbeatRequest, type CommandReportAnswer } from '../../protocol/centre-fleet';
import { KioskId } from '../../protocol/centre';
import { acknowledgeAlert } from '../fleet/fleet-alerts';
import { applyCommandReports, queueCommand } from '../fleet/fleet-commands';
import type { FleetService } from '../fleet/fleet-service';
import { readCommandResult } from '../fleet/fleet-view';
import { recordHeartbeat } from '../fleet/heartbeats';
import { createAuthenticator } from './authenticate';
import { answer, parseBody } from './exchange';
import type { StaffRole } from '../../protocol/centre-staff';
import type { SignedInStaff, StaffAccess } from '../staff/access';
import { ANSWERED, type CentreRoute, type RouteContext } from './routes';
import { signedPost } from './signed-route';

/** The paths with an id in them, matched here. */
const ALERT_ACKNOWLEDGE = new RegExp(`^${FLEET_STAFF_PATHS.alerts}/(\\d{1,18})/acknowledge$`);
const COMMAND = new RegExp(`^${FLEET_STAFF_PATHS.commands}/(\\d{1,18})$`);

export interface FleetApiDeps {
  pool: Pool;
  log: Logger;
  clockWindowMs: number;
  fleet: FleetService;
  access: StaffAccess;
}

/** Who may open the fleet page and use its API (admin always may). */
export const FLEET_ROLES: readonly StaffRole[] = ['technician', 'supervisor'];

export const QueueCommandRequest = z.object({ kioskId: KioskId, params: CommandParams }).strict();

/** A refusal of the fleet's own, in the centre's refusal shape. */
const PROBLEMS = {
  'unknown-kiosk': [404, '没有这台已启用的终端', 'No active kiosk with this id'],
  'not-found': [404, '没有这条记录', 'No such record'],
  'already-acknowledged': [409, '该警报已被确认', 'This alert has already been acknowledged'],
} as const;

function problem(context: RouteContext, code: keyof typeof PROBLEMS): typeof ANSWERED {
  const [status, zh, en] = PROBLEMS[code];
  answer(context.response, status, { error: code, message: { 'zh-CN': zh, en } });
  return ANSWERED;
}

export function fleetRoutes(deps: FleetApiDeps): CentreRoute[] {
  const { pool, fleet, access } = deps;
  const auth = createAuthenticator(pool, deps.log, deps.clockWindowMs);
  const staffRoute = (method: CentreRoute['method'], path: CentreRoute['path'], work: (context: RouteContext, staff: SignedInStaff) => Promise<unknown>): CentreRoute => ({
    method,
    path,
    handle: async (context) => work(context, await access.requireStaff(context, FLEET_ROLES)),
  });
  const shownAs = (staff: SignedInStaff) => `${staff.name} (${staff.role})`;

  return [
    signedPost(auth, FLEET_PATHS.heartbeat, HeartbeatRequest, (kioskId, heartbeat) => recordHeartbeat(pool, kioskId, heartbeat, fleet.settings)),
    signedPost(auth, FLEET_PATHS.commandReport, CommandReportRequest, async (kioskId, { reports }): Promise<CommandReportAnswer> => ({ accepted: await applyCommandReports(pool, kioskId, reports) })),
    access.page(FLEET_STAFF_PATHS.page, FLEET_ROLES),
    staffRoute('GET', FLEET_STAFF_PATHS.state, () => fleet.snapshot()),
    staffRoute('GET', FLEET_STAFF_PATHS.events, async ({ response }) => {
      await fleet.live.open(response);
      return ANSWERED;
    }),
    staffRoute('POST', ALERT_ACKNOWLEDGE, async (context, staff) => {
      const alertId = Number(context.params[0]);
      const outcome = await acknowledgeAlert(pool, alertId, shownAs(staff));
      if (!outcome.acknowledged) return problem(context, outcome.problem);
      await access.audit(staff, 'fleet.alert-acknowledged', { alertId, kioskId: outcome.kioskId, kind: outcome.kind }, context.request);
      return outcome;
    }),
    staffRoute('POST', FLEET_STAFF_PATHS.commands, async (context, staff) => {
      const request = parseBody(QueueCommandRequest, await context.body());
      const outcome = await queueCommand(pool, request.kioskId, request.params, shownAs(staff), fleet.settings.commandTtlMs);
      if (!outcome.queued) return problem(context, outcome.problem);
      await access.audit(staff, 'fleet.command-queued', { commandId: outcome.id, kioskId: request.kioskId, ...request.params }, context.request);
      return outcome;
    }),
    staffRoute('GET', COMMAND, async (context) => (await readCommandResult(pool, Number(context.params[0]))) ?? problem(context, 'not-found')),
  ];
}
