// Fifty kiosks, in five processes of ten, race for one trade name in one district
// through two centre processes on one PostgreSQL. Exactly one is approved and issued; the
// other 49 are rejected by the name rule, with its reason.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../centre/postgres/migrations';
import { startCentre, type CentreProcess } from '../../support/centre-process';
import { buildRaceKiosk, RACE_FULL_NAME, runNameRace } from '../../support/name-race';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const KIOSKS = 50;

let postgres: TestPostgres;
let centres: CentreProcess[] = [];
let work: string;
let databaseUrl: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'centre-race-'));
  chmodSync(work, 0o711);
  postgres = await startTestPostgres();
  databaseUrl = await postgres.freshDatabase();
  await migrate(postgres.pool(databaseUrl, 2));
  await buildRaceKiosk();
  const env = { CENTRE_DATABASE_URL: databaseUrl, CENTRE_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'), CENTRE_DATA_DIR: join(work, 'centre') };
  centres = await Promise.all([startCentre(env), startCentre(env)]);
}, 90_000);
afterAll(async () => {
  await Promise.all(centres.map((c) => c.stop()));
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the name race', () => {
  it("50 kiosks in 5 processes through two centre processes: exactly one wins, 49 get the name rule's reason", async () => {
    const pool = postgres.pool(databaseUrl, 1);
    const results = await runNameRace({ centreUrls: centres.map((c) => c.url), pool, work, kiosks: KIOSKS, processes: 5 });
    expect(results).toHaveLength(KIOSKS);

    const winners = results.filter((r) => r.outcome === 'approve');
    expect(winners).toHaveLength(1);
    expect(winners[0]!.issued).toBe(true);
    const losers = results.filter((r) => r.outcome !== 'approve');
    expect(losers).toHaveLength(KIOSKS - 1);
    for (const loser of losers) {
      expect(loser.outcome).toBe('reject');
      expect(loser.failed.map((f) => f.id)).toEqual(['name-unique']);
      expect(loser.failed[0]!.reason).toContain(RACE_FULL_NAME);
    }
    const { rows } = await pool.query(`SELECT count(*)::int AS licences FROM licences WHERE trade_name = '精锐' AND industry = '图文设计'`);
    expect(rows[0].licences).toBe(1);
    // The two centres really shared the work.
    expect(centres.every((c) => c.child.exitCode === null)).toBe(true);
  }, 120_000);
});
