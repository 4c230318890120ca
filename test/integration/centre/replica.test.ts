// Beyond one database server: a hot standby built with pg_basebackup from the centre's
// PostgreSQL on this machine (real clusters in temporary folders), streaming with
// synchronous replication, read from while it follows; then the primary is lost, the
// standby promoted and the centre pointed at it through the address it connects to
// (the proxy standing in for a virtual IP). Every licence a kiosk was told about is on
// the new primary and the kiosks go on. The figures are printed for docs/centre.md.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedCluster } from '../../../centre/postgres/embedded-cluster';
import { migrate } from '../../../centre/postgres/migrations';
import { CentreUnavailableError, type CentreClient } from '../../../core/centre/centre-client';
import { centreApplication } from '../../support/centre-applications';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { startCentre, type CentreProcess } from '../../support/centre-process';
import { CuttingProxy } from '../../support/cutting-proxy';
import { startTestPostgres, untilTrue, type TestPostgres } from '../../support/postgres';

const DATABASE = 'registry';

let primary: TestPostgres;
let standby: EmbeddedCluster | undefined;
let databaseProxy: CuttingProxy;
let centre: CentreProcess;
let work: string;
const pools: pg.Pool[] = [];

/** A pool on one database of a cluster, through its socket. */
function poolOn(cluster: EmbeddedCluster, database = DATABASE): pg.Pool {
  const pool = new pg.Pool({ ...cluster.connection, database, max: 2 });
  pool.on('error', () => undefined);
  pools.push(pool);
  return pool;
}

const socketOf = (cluster: EmbeddedCluster) => ({ path: join(cluster.socketDir, `.s.PGSQL.${cluster.port}`) });
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'centre-replica-'));
  chmodSync(work, 0o711);
  primary = await startTestPostgres({ durable: true });
  const admin = poolOn(primary.cluster, 'postgres');
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await migrate(poolOn(primary.cluster));
  // The centre reaches PostgreSQL at one address; on failover that address moves to the standby.
  databaseProxy = await CuttingProxy.start(socketOf(primary.cluster));
  centre = await startCentre({
    CENTRE_DATABASE_URL: `postgresql://centre@127.0.0.1:${databaseProxy.port}/${DATABASE}`,
    CENTRE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
    CENTRE_DATA_DIR: join(work, 'centre'),
    CENTRE_LOG_LEVEL: 'warn',
  });
}, 90_000);
afterAll(async () => {
  await centre?.stop();
  await databaseProxy?.close();
  await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
  await standby?.stop();
  await primary?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

/** Facts then issue, as a kiosk does; returns the credit code the centre confirmed. */
async function register(kiosk: CentreClient, n: number): Promise<string> {
  const application = centreApplication('H', n);
  await kiosk.facts(application.facts);
  return (await kiosk.issue(application.issue)).creditCode;
}

describe('a streaming replica as hot standby', () => {
  it('is built with pg_basebackup, serves the registry read-only, and takes over with every confirmed licence', async () => {
    const { client: kiosk } = await enrolTestKiosk(centre.url, poolOn(primary.cluster), 'LG-HA-01', work);
    const confirmed: string[] = [];
    for (let n = 1; n <= 10; n += 1) confirmed.push(await register(kiosk, n));

    let t = performance.now();
    standby = await primary.cluster.createStandby({ dir: join(work, 'standby'), port: 5433 });
    const backupMs = performance.now() - t;
    const primaryAdmin = poolOn(primary.cluster, 'postgres');
    await untilTrue(primaryAdmin, 'the standby to stream', `SELECT count(*) = 1 AS ok FROM pg_stat_replication WHERE state = 'streaming'`);
    // Synchronous replication: a commit (so a kiosk's confirmation) waits until the standby has applied it.
    await primaryAdmin.query(`ALTER SYSTEM SET synchronous_standby_names = '*'`);
    await primaryAdmin.query(`ALTER SYSTEM SET synchronous_commit = 'remote_apply'`);
    await primaryAdmin.query('SELECT pg_reload_conf()');
    await untilTrue(primaryAdmin, 'the standby to be synchronous', `SELECT count(*) = 1 AS ok FROM pg_stat_replication WHERE sync_state = 'sync'`);
    for (let n = 11; n <= 20; n += 1) confirmed.push(await register(kiosk, n));

    const replica = poolOn(standby);
    expect((await replica.query('SELECT pg_is_in_recovery() AS standby')).rows[0].standby).toBe(true);
    const read = await replica.query<{ credit_code: string }>('SELECT credit_code FROM licences ORDER BY credit_code');
    expect(read.rows.map((r) => r.credit_code)).toEqual([...confirmed].sort());
    await expect(replica.query(`UPDATE licences SET status = 'deregistered'`)).rejects.toThrow(/read-only transaction/);

    // The primary is lost (stopped without a checkpoint, as a crash), the standby promoted, the address moved.
    t = performance.now();
    await primary.cluster.stop('immediate');
    await expect(register(kiosk, 21)).rejects.toBeInstanceOf(CentreUnavailableError);
    const promoteStarted = performance.now();
    await standby.promote();
    const promoteMs = performance.now() - promoteStarted;
    databaseProxy.target = socketOf(standby);
    databaseProxy.dropAll();
    confirmed.push(await register(kiosk, 21));
    const outageMs = performance.now() - t;

    const after = await replica.query<{ credit_code: string; standby: boolean }>('SELECT credit_code, pg_is_in_recovery() AS standby FROM licences ORDER BY credit_code');
    expect(after.rows.map((r) => r.credit_code)).toEqual([...confirmed].sort());
    expect(after.rows[0]!.standby).toBe(false);
    console.log(
      `replica figures: pg_basebackup and start ${seconds(backupMs)}; promote ${seconds(promoteMs)}; ` +
        `primary lost → first licence issued on the promoted standby ${seconds(outageMs)}; ` +
        `licences confirmed before the loss ${confirmed.length - 1}, on the new primary ${after.rows.length - 1} (lost ${confirmed.length - after.rows.length})`,
    );
  }, 120_000);
});
