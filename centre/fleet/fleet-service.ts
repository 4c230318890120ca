/**
 * The fleet in one centre process: the live hub for open pages (fleet-live.ts) and the
 * sweep that raises missed-heartbeat alerts and expires commands. Every process runs
 * both; PostgreSQL makes them agree (see fleet-alerts.ts and fleet-commands.ts).
 */
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { sweepMissedHeartbeats } from './fleet-alerts';
import { expireCommands } from './fleet-commands';
import { FleetLive } from './fleet-live';
import type { FleetSettings } from './fleet-settings';
import { readFleet, type FleetSnapshot } from './fleet-view';

export class FleetService {
  readonly live: FleetLive;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly pool: Pool,
    readonly settings: FleetSettings,
    private readonly log: Logger,
  ) {
    this.live = new FleetLive({ pool, log, read: (ids) => readFleet(pool, ids), snapshot: () => this.snapshot() });
  }

  async snapshot(): Promise<FleetSnapshot> {
    return { serverTime: new Date().toISOString(), offlineAfterMs: this.settings.offlineAfterMs, kiosks: await readFleet(this.pool) };
  }

  /** Once the server listens; a listener that cannot connect yet keeps trying. */
  start(): void {
    this.live.start().catch((error: Error) => {
      this.log.warn({ err: error.message }, 'fleet listener could not start');
      this.live.reconnectLater();
    });
    this.sweepTimer = setInterval(() => void this.sweep(), this.settings.sweepMs);
    this.sweepTimer.unref();
  }

  async sweep(): Promise<void> {
    try {
      await sweepMissedHeartbeats(this.pool, this.settings.offlineAfterMs);
      await expireCommands(this.pool);
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'fleet sweep failed; trying again at the next one');
    }
  }

  /** Synchronous, so the pool can end right after the server has closed. */
  stop(): void {
    clearInterval(this.sweepTimer);
    this.live.stop();
  }
}
