// `npm run centre` as a process: the embedded private cluster (created once, socket
// only, run by an unprivileged user under root, stopped with the centre) and a
// server named by CENTRE_DATABASE_URL.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthAnswer } from '../../../protocol/centre';
import { CLUSTER_USER_WHEN_ROOT } from '../../../centre/postgres/embedded-cluster';
import { centreCommand, startCentre } from '../../support/centre-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

let postgres: TestPostgres;
const folders: string[] = [];
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'centre-data-'));
  chmodSync(dir, 0o711);
  folders.push(dir);
  return join(dir, 'centre');
}

/** Gone, or a zombie nobody has reaped yet (the postmaster's parent is init). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function health(url: string): Promise<HealthAnswer> {
  const response = await fetch(`${url}/healthz`);
  expect(response.status).toBe(200);
  return HealthAnswer.parse(await response.json());
}

describe('the centre process', () => {
  it('without CENTRE_DATABASE_URL creates its own cluster on first start, reuses it after, and stops it on exit', async () => {
    const dataDir = dataFolder();
    const first = await startCentre({ CENTRE_DATA_DIR: dataDir });
    const answer = await health(first.url);
    expect(answer).toMatchObject({ status: 'ok', postgres: 'ok' });
    expect(answer.postgresVersion).toMatch(/^\d+\.\d+/);
    const clusterDir = join(dataDir, 'postgres');
    const pid = Number(readFileSync(join(clusterDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    // Socket only: nothing listens on TCP.
    const db = new pg.Client({ host: join(clusterDir, 'run'), user: 'centre', database: 'postgres' });
    await db.connect();
    expect((await db.query('SHOW listen_addresses')).rows[0].listen_addresses).toBe('');
    await db.end();
    if (process.getuid?.() === 0) {
      const nobody = Number(readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${CLUSTER_USER_WHEN_ROOT}:`))!.split(':')[2]);
      expect(statSync(join(clusterDir, 'data')).uid).toBe(nobody);
      expect(statSync(`/proc/${pid}`).uid).toBe(nobody);
    }
    expect(statSync(join(clusterDir, 'data')).mode & 0o777).toBe(0o700);

    expect(await first.stop()).toBe(0);
    expect(running(pid)).toBe(false);
    expect(existsSync(join(clusterDir, 'data', 'postmaster.pid'))).toBe(false);

    const second = await startCentre({ CENTRE_DATA_DIR: dataDir });
    expect((await health(second.url)).postgres).toBe('ok');
    expect(readFileSync(join(clusterDir, 'server.log'), 'utf8').match(/database system is ready/g)).toHaveLength(2);
    expect(await second.stop()).toBe(0);
  });

  it('with CENTRE_DATABASE_URL uses that server and creates no cluster', async () => {
    const dataDir = dataFolder();
    const url = await postgres.freshDatabase();
    const centre = await startCentre({ CENTRE_DATA_DIR: dataDir, CENTRE_DATABASE_URL: url });
    try {
      expect((await health(centre.url)).schemaVersion).toBeGreaterThan(0);
      expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
      const pool = postgres.pool(url, 1);
      expect((await pool.query('SELECT count(*)::int AS n FROM schema_migrations')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await centre.stop();
    }
  });

  it('`kiosk add ID` prints a one-time code; a bad id is a usage error', async () => {
    const env = { CENTRE_DATA_DIR: dataFolder(), CENTRE_DATABASE_URL: await postgres.freshDatabase() };
    const added = await centreCommand(['kiosk', 'add', 'LG-PH-01'], env);
    expect(added.code).toBe(0);
    expect(added.stdout.trim()).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
    const bad = await centreCommand(['kiosk', 'add', 'no spaces'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a kiosk id/);
    const unknown = await centreCommand(['kiosk', 'revoke', 'LG-XX-99'], env);
    expect(unknown.code).toBe(1);
  });
});
