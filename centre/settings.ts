/** The centre's settings, all from the environment (a service behind a load balancer has no config file to share). */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CENTRE_DEFAULT_PORT } from '../protocol/centre';
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
