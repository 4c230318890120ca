/**
 * The rollout page (/rollouts): what the authority published and how far each has gone.
 * A rule set goes by rings (canary kiosks first, then every kiosk; stopped by itself
 * when the canaries refer too often, or by a supervisor); an address delta and the
 * restricted list go to every kiosk at once. Supervisors (and admins) promote, halt or
 * resume a rule set's rollout; technicians see the page.
 */
import { z } from 'zod';
import type { StaffRole } from './centre-staff';

export const ROLLOUT_PATHS = {
  page: '/rollouts',
  state: '/api/rollouts',
  /** POST with a RolloutActionRequest. */
  promote: '/api/rollouts/promote',
  halt: '/api/rollouts/halt',
  resume: '/api/rollouts/resume',
} as const;

/** Who may open the page (admin always may). */
export const ROLLOUT_VIEW_ROLES: readonly StaffRole[] = ['technician', 'supervisor'];
/** Who may promote, halt or resume (admin always may): the centre checks it, the page only hides the buttons. */
export const ROLLOUT_ACTION_ROLES: readonly StaffRole[] = ['supervisor'];

export const ROLLOUT_ACTIONS = ['promote', 'halt', 'resume'] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

export const RolloutActionRequest = z
  .object({ service: z.enum(['registration', 'deregistration']), version: z.string().min(1).max(64) })
  .strict();
export type RolloutActionRequest = z.infer<typeof RolloutActionRequest>;

export type RolloutStage = 'canary' | 'all' | 'halted';

/** Decisions and referrals behind a rate. */
export interface RateView {
  decisions: number;
  referrals: number;
  /** referrals / decisions; null without decisions. */
  rate: number | null;
}

export interface RuleSetRolloutView {
  service: 'registration' | 'deregistration';
  version: string;
  sequence: number;
  publishedAt: string;
  /** null: published before rollouts by rings (it went to every kiosk). */
  stage: RolloutStage | null;
  /** When the stage last changed, and by whom (null: by itself). */
  stageChangedAt: string | null;
  stageChangedBy: string | null;
  /** The canaries' decisions on this version since the trial (re)started, and the rule sets in general use. */
  canary: RateView;
  baseline: RateView;
  /** The evidence a decision took when it stopped by itself or went everywhere by itself. */
  decidedCanaryRate: number | null;
  decidedBaselineRate: number | null;
  /** It stops by itself when the canaries' rate exceeds factor × the baseline, once they decided minDecisions. */
  factor: number;
  minDecisions: number;
  /** What the signed-in staff member may do to it now. */
  actions: RolloutAction[];
}

export interface PublishedVersionView {
  version: string;
  sequence: number;
  publishedAt: string;
  /** Address delta: rooms changed or added; restricted list: its entries. */
  size: number;
}

export interface RolloutKioskView {
  kioskId: string;
  hall: string | null;
  ring: 'canary' | 'all';
  lastHeartbeatAt: string | null;
  /** As the kiosk's latest heartbeat reported them; null before its first. */
  ruleSets: { service: 'registration' | 'deregistration'; version: string }[] | null;
  addressBase: string | null;
}

export interface RolloutState {
  serverTime: string;
  ruleSets: RuleSetRolloutView[];
  addressDeltas: PublishedVersionView[];
  restrictedLists: PublishedVersionView[];
  kiosks: RolloutKioskView[];
}
