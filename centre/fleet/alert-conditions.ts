/**
 * Which alerts a heartbeat raises, decided from the heartbeat alone (pure, no clock of
 * its own): paper end on either printer, a print job pending longer than the limit, and
 * a spike in referrals under the rule set now in force compared with the one before it.
 * The missed heartbeat is the absence of one; the sweep raises it (fleet-alerts.ts).
 */
import type { AlertKind, HeartbeatRequest } from '../../protocol/centre-fleet';
import type { FleetSettings } from './fleet-settings';

export type { AlertKind };
export const HEARTBEAT_ALERT_KINDS = ['paper-end', 'stuck-job', 'referral-spike'] as const satisfies readonly AlertKind[];
export type HeartbeatAlertKind = (typeof HEARTBEAT_ALERT_KINDS)[number];

/** The alerts whose condition holds, with what the technician needs to see; a kind absent here is cleared. */
export type AlertConditions = Partial<Record<HeartbeatAlertKind, Record<string, unknown>>>;

/** Paper reasons: the receipt printer's paper end, the laser printer's empty tray. */
const PAPER_END_REASONS = new Set(['paper-end', 'media-empty']);

export function alertConditions(heartbeat: HeartbeatRequest, now: Date, settings: Pick<FleetSettings, 'stuckJobMs' | 'spikeFactor' | 'spikeMinDecisions'>): AlertConditions {
  const conditions: AlertConditions = {};
  const outOfPaper = heartbeat.devices.filter((device) => device.reasons.some((reason) => PAPER_END_REASONS.has(reason))).map((device) => device.kind);
  if (outOfPaper.length > 0) conditions['paper-end'] = { printers: outOfPaper };

  const stuck = heartbeat.pendingJobs.filter((job) => now.getTime() - Date.parse(job.createdAt) > settings.stuckJobMs);
  if (stuck.length > 0) {
    const oldest = stuck.reduce((a, b) => (Date.parse(a.createdAt) <= Date.parse(b.createdAt) ? a : b));
    conditions['stuck-job'] = { jobs: stuck.length, oldestJob: oldest.id, since: oldest.createdAt, printer: oldest.printer, reason: oldest.reason, minutes: Math.floor(settings.stuckJobMs / 60_000) };
  }

  const spike = referralSpike(heartbeat, settings);
  if (spike) conditions['referral-spike'] = spike;
  return conditions;
}

/**
 * The registration rule set in force against the one that decided before it (by first
 * decision): a spike when both have decided enough applications here and the new rate is
 * above `spikeFactor` times the old one (an old rate under 5 % counts as 5 %, so a single
 * referral after a change is not a spike).
 */
function referralSpike(heartbeat: HeartbeatRequest, settings: Pick<FleetSettings, 'spikeFactor' | 'spikeMinDecisions'>): Record<string, unknown> | undefined {
  const inForce = heartbeat.versions.ruleSets.find((set) => set.service === 'registration')?.version;
  const current = heartbeat.ruleSetRates.find((rate) => rate.ruleSetVersion === inForce);
  if (!current || current.decisions < settings.spikeMinDecisions) return undefined;
  const previous = heartbeat.ruleSetRates
    .filter((rate) => rate.ruleSetVersion !== inForce && Date.parse(rate.firstDecidedAt) < Date.parse(current.firstDecidedAt))
    .sort((a, b) => Date.parse(b.firstDecidedAt) - Date.parse(a.firstDecidedAt))[0];
  if (!previous || previous.decisions < settings.spikeMinDecisions) return undefined;
  const rate = current.referrals / current.decisions;
  const before = previous.referrals / previous.decisions;
  if (rate <= settings.spikeFactor * Math.max(before, 0.05)) return undefined;
  return { ruleSetVersion: current.ruleSetVersion, rate: round(rate), previousRuleSetVersion: previous.ruleSetVersion, previousRate: round(before), factor: settings.spikeFactor };
}

function round(rate: number): number {
  return Math.round(rate * 1000) / 1000;
}
