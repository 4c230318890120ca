/**
 * The rollout page's routes: the page and its state (technicians, supervisors, admins),
 * and promote, halt and resume of a rule set's rollout (supervisors and admins only,
 * checked here whatever the page shows). Each action is CSRF-checked by the role guard
 * and written to the staff audit log with the stage it moved the rollout from and to.
 */
import { ROLLOUT_ACTION_ROLES, ROLLOUT_ACTIONS, ROLLOUT_PATHS, ROLLOUT_VIEW_ROLES, RolloutActionRequest } from '../../protocol/centre-rollout';
import { readRolloutState } from '../downstream/rollout-view';
import type { Rollouts } from '../downstream/rollouts';
import type { StaffAccess } from '../staff/access';
import { parseBody } from './exchange';
import { RefusedError } from './refusals';
import type { CentreRoute } from './routes';
import type { Pool } from 'pg';

export interface RolloutRouteDeps {
  pool: Pool;
  access: StaffAccess;
  rollouts: Rollouts;
}

export function mayActOnRollouts(role: string): boolean {
  return role === 'admin' || (ROLLOUT_ACTION_ROLES as readonly string[]).includes(role);
}

export function rolloutRoutes({ pool, access, rollouts }: RolloutRouteDeps): CentreRoute[] {
  return [
    access.page(ROLLOUT_PATHS.page, ROLLOUT_VIEW_ROLES),
    {
      method: 'GET',
      path: ROLLOUT_PATHS.state,
      handle: async (context) => {
        const staff = await access.requireStaff(context, ROLLOUT_VIEW_ROLES);
        return readRolloutState(pool, rollouts, mayActOnRollouts(staff.role));
      },
    },
    ...ROLLOUT_ACTIONS.map(
      (action): CentreRoute => ({
        method: 'POST',
        path: ROLLOUT_PATHS[action],
        handle: async (context) => {
          const staff = await access.requireStaff(context, ROLLOUT_ACTION_ROLES);
          const { service, version } = parseBody(RolloutActionRequest, await context.body());
          const outcome = await rollouts.act(action, service, version, `${staff.name} (${staff.role})`);
          if (!outcome.changed) throw new RefusedError(outcome.problem === 'not-found' ? 'no-such-rollout' : 'rollout-stage-changed', `${action} ${service} ${version} (${outcome.stage})`);
          await access.audit(staff, `rollout.${action}`, { service, version, from: outcome.from, to: outcome.to }, context.request);
          return outcome;
        },
      }),
    ),
  ];
}
