/** The centre's settings, all from the environment (a service behind a load balancer has no config file to share). */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CENTRE_DEFAULT_PORT } from '../protocol/centre';
import { CREDIT_CODE_ALPHABET } from '../rules/credit-code';
import { DEFAULT_LEASE_SETTINGS, type CreditCodeLeaseSettings } from './downstream/credit-code-leases';
import { DEFAULT_ROLLOUT_SETTINGS, type RolloutSettings } from './downstream/rollouts';
import { readFleetSettings, type FleetSettings } from './fleet/fleet-settings';

export interface CentreSettings {
  host: string;
  /** 0 picks a free port (tests); the ready line prints the one taken. */
  port: number;
  dataDir: string;
  /** Unset: the embedded cluster under dataDir/postgres. */
  databaseUrl: string | null;
  /** How far a kiosk's clock may be from the centre's before its requests are refused. */
  clockWindowMs: number;
  /** How long a name and an address stay reserved for an application being decided. */
  leaseMs: number;
  logLevel: string;
  /** Credit-code blocks leased to kiosks (centre/downstream/credit-code-leases.ts). */
  creditCodes: CreditCodeLeaseSettings;
  /** Rule sets to the canary kiosks first (centre/downstream/rollouts.ts). */
  rollout: RolloutSettings;
  fleet: FleetSettings;
}

export class SettingsError extends Error {}

export function readSettings(env: NodeJS.ProcessEnv = process.env): CentreSettings {
  return {
    host: env.CENTRE_HOST || '127.0.0.1',
    port: integer(env, 'CENTRE_PORT', CENTRE_DEFAULT_PORT, 0, 65535),
    dataDir: resolve(env.CENTRE_DATA_DIR || defaultCentreDataDir(env)),
    databaseUrl: env.CENTRE_DATABASE_URL || null,
    clockWindowMs: integer(env, 'CENTRE_CLOCK_WINDOW_SECONDS', 300, 1, 86_400) * 1000,
    leaseMs: integer(env, 'CENTRE_LEASE_MINUTES', 5, 1, 60) * 60_000,
    logLevel: env.CENTRE_LOG_LEVEL || 'info',
    creditCodes: creditCodeSettings(env),
    rollout: {
      factor: decimal(env, 'CENTRE_ROLLOUT_FACTOR', DEFAULT_ROLLOUT_SETTINGS.factor),
      minDecisions: integer(env, 'CENTRE_ROLLOUT_MIN_DECISIONS', DEFAULT_ROLLOUT_SETTINGS.minDecisions, 1, 1_000_000),
    },
    fleet: readFleetSettings(env, (name, fallback, min, max) => integer(env, name, fallback, min, max)),
  };
}

/**
 * The user-data folder: $XDG_DATA_HOME/miaopi-centre or ~/.local/share/miaopi-centre;
 * for root (a system service) /var/lib/miaopi-centre, which the cluster's unprivileged
 * user can reach, unlike /root.
 */
export function defaultCentreDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.getuid?.() === 0) return '/var/lib/miaopi-centre';
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'miaopi-centre');
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new SettingsError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

function creditCodeSettings(env: NodeJS.ProcessEnv): CreditCodeLeaseSettings {
  const prefixLeads = env.CENTRE_CREDIT_CODE_PREFIXES || DEFAULT_LEASE_SETTINGS.prefixLeads;
  if (![...prefixLeads].every((c) => CREDIT_CODE_ALPHABET.includes(c)) || new Set(prefixLeads).size !== prefixLeads.length) {
    throw new SettingsError(`CENTRE_CREDIT_CODE_PREFIXES must be distinct characters of ${CREDIT_CODE_ALPHABET} (the first character of the centre's prefixes), got "${prefixLeads}"`);
  }
  const blockSize = integer(env, 'CENTRE_CREDIT_CODE_BLOCK_SIZE', DEFAULT_LEASE_SETTINGS.blockSize, 1, 1_000_000);
  if (1_000_000 % blockSize !== 0) throw new SettingsError(`CENTRE_CREDIT_CODE_BLOCK_SIZE must divide 1000000 (e.g. 1000, 5000), got ${blockSize}`);
  return {
    prefixLeads,
    blockSize,
    blocksPerKiosk: DEFAULT_LEASE_SETTINGS.blocksPerKiosk,
    leaseDays: integer(env, 'CENTRE_CREDIT_CODE_LEASE_DAYS', DEFAULT_LEASE_SETTINGS.leaseDays, 1, 3650),
  };
}

function decimal(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 1) throw new SettingsError(`${name} must be a number of at least 1, got "${text}"`);
  return value;
}
