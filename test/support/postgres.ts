/**
 * A real PostgreSQL for a test file: a throw-away cluster (initdb + pg_ctl) in a
 * temporary folder, reachable only through its unix socket, run as `nobody` when the
 * tests run as root. One per test file (start it in beforeAll); each test takes a fresh
 * database from it. Without PostgreSQL installed this fails, naming the fix
 * (run scripts/setup-system); it never skips.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedCluster } from '../../centre/postgres/embedded-cluster';

export interface TestPostgres {
  cluster: EmbeddedCluster;
  /** A new empty database on the cluster, as a connection URL. */
  freshDatabase(): Promise<string>;
  /** A pool on a URL, ended by stop(). */
  pool(url: string, max?: number): pg.Pool;
  stop(): Promise<void>;
}

let databases = 0;

/**
 * `durable`: the settings the centre runs with (fsync and synchronous commit on), for
 * tests that crash the server and count what survived; else a faster throw-away cluster.
 */
export async function startTestPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'centre-pg-'));
  chmodSync(root, 0o711); // the cluster's user (nobody, under root) must be able to enter it
  const cluster = new EmbeddedCluster({ dir: join(root, 'pg'), throwAway: !options.durable });
  await cluster.start();
  const pools: pg.Pool[] = [];
  const urlOf = (database: string) => {
    const { host, port, user } = cluster.connection;
    return `postgresql://${user}@/${database}?host=${encodeURIComponent(host)}&port=${port}`;
  };
  const admin = new pg.Pool({ ...cluster.connection, max: 1 });
  admin.on('error', () => undefined); // a test may crash the server under it
  pools.push(admin);
  return {
    cluster,
    async freshDatabase() {
      const name = `test_${process.pid}_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return urlOf(name);
    },
    pool(url, max = 10) {
      const pool = new pg.Pool({ connectionString: url, max });
      pool.on('error', () => undefined);
      pools.push(pool);
      return pool;
    },
    async stop() {
      await Promise.all(pools.map((p) => p.end().catch(() => undefined)));
      await cluster.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
