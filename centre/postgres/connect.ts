/**
 * The centre's connection pool: to CENTRE_DATABASE_URL when set, else to the embedded
 * cluster in the data folder (created and started here, stopped on close). Migrations
 * run before the pool is handed out.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedCluster } from './embedded-cluster';
import { migrate } from './migrations';

export interface CentreDatabase {
  pool: pg.Pool;
  /** "embedded" or "url": which mode the centre runs in. */
  mode: 'embedded' | 'url';
  close(): Promise<void>;
}

export async function openCentreDatabase(options: { dataDir: string; databaseUrl: string | null; poolSize?: number }): Promise<CentreDatabase> {
  let cluster: EmbeddedCluster | null = null;
  let config: pg.PoolConfig;
  if (options.databaseUrl) {
    config = { connectionString: options.databaseUrl };
  } else {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o711 });
    cluster = new EmbeddedCluster({ dir: join(options.dataDir, 'postgres') });
    await cluster.start();
    config = cluster.connection;
  }
  const pool = new pg.Pool({ ...config, max: options.poolSize ?? 10, application_name: 'miaopi-centre' });
  // An idle client losing its server (a restart) must not crash the centre; the next query reconnects.
  pool.on('error', () => undefined);
  // Nor a client in use: without a listener its 'error' would kill the process; its query fails (503) and the pool drops it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    await cluster?.stop();
    throw error;
  }
  return {
    pool,
    mode: cluster ? 'embedded' : 'url',
    async close() {
      await pool.end();
      await cluster?.stop();
    },
  };
}
