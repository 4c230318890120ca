/**
 * A centre server inside the test process, on a database of the test's cluster: for
 * tests about what one request does. Tests about concurrency run centre processes
 * (test/support/centre-process.ts) instead.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import { CreditCodeLeases, type CreditCodeLeaseSettings } from '../../centre/downstream/credit-code-leases';
import { Publications } from '../../centre/downstream/publications';
import { Rollouts, type RolloutSettings } from '../../centre/downstream/rollouts';
import type { FleetSettings } from '../../centre/fleet/fleet-settings';
import { createCentreServer } from '../../centre/http/server';
import { IdNumberVault } from '../../centre/id-number-vault';
import { migrate } from '../../centre/postgres/migrations';
import { CentreRegistry } from '../../centre/registry/registry';
import { centreSealingKey } from '../../centre/sealing-key';

export interface InProcessCentre {
  url: string;
  pool: pg.Pool;
  vault: IdNumberVault;
  /** The JSON log lines written so far. */
  logLines(): Record<string, unknown>[];
  close(): Promise<void>;
}

export const TEST_SECRET = Buffer.alloc(32, 1);

export async function startCentreInProcess(databaseUrl: string, options: { leaseMs?: number; clockWindowMs?: number; creditCodes?: CreditCodeLeaseSettings; rollout?: RolloutSettings; fleetSettings?: FleetSettings } = {}): Promise<InProcessCentre> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  await migrate(pool);
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
  const vault = new IdNumberVault(TEST_SECRET);
  const registry = new CentreRegistry(pool, vault, options.leaseMs ?? 5 * 60_000);
  const downstream = { leases: new CreditCodeLeases(pool, options.creditCodes), publications: new Publications(pool, vault, new Rollouts(pool, options.rollout)) };
  const server = createCentreServer({ pool, registry, log, clockWindowMs: options.clockWindowMs ?? 300_000, vault, sealingKey: centreSealingKey(TEST_SECRET), webDir: join(process.cwd(), 'dist', 'centre-web'), downstream, fleetSettings: options.fleetSettings });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pool,
    vault,
    logLines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await pool.end();
    },
  };
}
