/** The fleet's thresholds, from the environment like the rest of the centre's settings (docs/centre.md). */
import { OFFLINE_AFTER_MS } from '../../protocol/centre-fleet';

export interface FleetSettings {
  /** No heartbeat for this long: the kiosk is offline and a missed-heartbeat alert is raised. */
  offlineAfterMs: number;
  /** A print job still pending after this long raises a stuck-job alert. */
  stuckJobMs: number;
  /** A referral rate under the new rule set this many times the previous one's raises a referral-spike alert… */
  spikeFactor: number;
  /** …once both rule sets have decided at least this many applications at the kiosk. */
  spikeMinDecisions: number;
  /** How long a remote command waits for its kiosk before it expires. */
  commandTtlMs: number;
  /** How often each centre process looks for missed heartbeats and expired commands. */
  sweepMs: number;
}

export const DEFAULT_FLEET_SETTINGS: FleetSettings = {
  offlineAfterMs: OFFLINE_AFTER_MS,
  stuckJobMs: 10 * 60_000,
  spikeFactor: 2,
  spikeMinDecisions: 10,
  commandTtlMs: 15 * 60_000,
  sweepMs: 5_000,
};

export function readFleetSettings(env: NodeJS.ProcessEnv, number: (name: string, fallback: number, min: number, max: number) => number): FleetSettings {
  return {
    offlineAfterMs: number('CENTRE_FLEET_OFFLINE_SECONDS', DEFAULT_FLEET_SETTINGS.offlineAfterMs / 1000, 1, 86_400) * 1000,
    stuckJobMs: number('CENTRE_FLEET_STUCK_JOB_MINUTES', DEFAULT_FLEET_SETTINGS.stuckJobMs / 60_000, 1, 1440) * 60_000,
    spikeFactor: number('CENTRE_FLEET_SPIKE_FACTOR', DEFAULT_FLEET_SETTINGS.spikeFactor, 1, 100),
    spikeMinDecisions: number('CENTRE_FLEET_SPIKE_MIN_DECISIONS', DEFAULT_FLEET_SETTINGS.spikeMinDecisions, 1, 100_000),
    commandTtlMs: number('CENTRE_FLEET_COMMAND_TTL_MINUTES', DEFAULT_FLEET_SETTINGS.commandTtlMs / 60_000, 1, 10_080) * 60_000,
    sweepMs: DEFAULT_FLEET_SETTINGS.sweepMs,
  };
}
