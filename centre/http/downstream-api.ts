/** The kiosk API of what flows down by version: credit-code leases, rule sets, address deltas, the restricted list. */
import {
  AddressDeltaPullRequest,
  CreditCodeLeaseRequest,
  DOWNSTREAM_PATHS,
  RestrictedListPullRequest,
  RuleSetPullRequest,
} from '../../protocol/centre-downstream';
import type { CreditCodeLeases } from '../downstream/credit-code-leases';
import type { Publications } from '../downstream/publications';
import type { CentreRoute } from './routes';
import type { SignedRoute } from './signed-route';

export interface DownstreamDeps {
  leases: CreditCodeLeases;
  publications: Publications;
}

export function downstreamRoutes({ leases, publications }: DownstreamDeps, signed: SignedRoute): CentreRoute[] {
  return [
    signed(DOWNSTREAM_PATHS.creditCodeLeases, CreditCodeLeaseRequest, async (kioskId, request) => ({ leases: await leases.lease(kioskId, request) })),
    signed(DOWNSTREAM_PATHS.ruleSet, RuleSetPullRequest, async (kioskId, { service, have }) => ({ update: await publications.ruleSetAfter(service, have, kioskId) })),
    signed(DOWNSTREAM_PATHS.addressDelta, AddressDeltaPullRequest, async (_kioskId, { have }) => ({ update: await publications.addressDeltaAfter(have) })),
    signed(DOWNSTREAM_PATHS.restrictedList, RestrictedListPullRequest, async (_kioskId, { have }) => ({ update: await publications.restrictedListAfter(have) })),
  ];
}
