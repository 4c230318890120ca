// Fifty kiosks, in five processes of ten, race for one trade name in one district
// through two centre processes on one PostgreSQL. Exactly one is approved and issued; the
// other 49 are rejected by the name rule, with its reason.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../centre/postgres/migrations';
import { composeCreditCode } from '../../../rules/credit-code';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { startCentre, type CentreProcess } from '../../support/centre-process';
import type { RaceKiosk } from '../../support/race-kiosk';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const KIOSKS = 50;
const PROCESSES = 5;
const RACE_KIOSK_BUNDLE = join(process.cwd(), 'dist', 'test-support', 'race-kiosk.cjs');

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
  // The kiosk program, bundled once so fifty processes start in milliseconds, not seconds.
  await build({ entryPoints: ['test/support/race-kiosk.ts'], outfile: RACE_KIOSK_BUNDLE, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning' });
  const env = { CENTRE_DATABASE_URL: databaseUrl, CENTRE_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'), CENTRE_DATA_DIR: join(work, 'centre') };
  centres = await Promise.all([startCentre(env), startCentre(env)]);
}, 90_000);
afterAll(async () => {
  await Promise.all(centres.map((c) => c.stop()));
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** A kiosk with its own key, enrolled through the first centre. */
function enrolledKiosk(index: number): Promise<{ kioskId: string; keysDir: string }> {
  return enrolTestKiosk(centres[0]!.url, postgres.pool(databaseUrl, 1), `RACE-${String(index).padStart(2, '0')}`, work);
}

function runKiosks(kiosks: RaceKiosk[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [RACE_KIOSK_BUNDLE], { env: { ...process.env, RACE: JSON.stringify(kiosks) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

describe('the name race', () => {
  it('50 kiosks in 5 processes through two centre processes: exactly one wins, 49 get the name rule\'s reason', async () => {
    const example = JSON.parse(readFileSync('assets/examples/application.json', 'utf8'));
    const kiosks = await Promise.all(Array.from({ length: KIOSKS }, (_, i) => enrolledKiosk(i)));
    const entries: RaceKiosk[] = kiosks.map(({ kioskId, keysDir }, i) => ({
      centreUrl: centres[i % 2]!.url,
      kioskId,
      keysDir,
      // Fifty different rooms (so only the name is contested), one name.
      application: { ...example, address: { ...example.address, houseCode: `44030700300304000420${String(100 + i).padStart(5, '0')}` }, lists: { ...example.lists, existingNames: [], activeBusinessesAtAddress: 0 } },
      applicationId: `race-application-${i}`,
      creditCode: composeCreditCode({ authority: '9', entityType: '2', regionCode: '440307', organisationBody: `R${String(i).padStart(7, '0')}` }),
    }));
    const perProcess = KIOSKS / PROCESSES;
    const runs = await Promise.all(Array.from({ length: PROCESSES }, (_, p) => runKiosks(entries.slice(p * perProcess, (p + 1) * perProcess))));
    for (const run of runs) expect(run.stderr, run.stderr).toBe('');
    const results = runs.flatMap((run) => run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { outcome: string; failed: { id: string; reason: string }[]; issued: boolean }));
    expect(results).toHaveLength(KIOSKS);

    const winners = results.filter((r) => r.outcome === 'approve');
    expect(winners).toHaveLength(1);
    expect(winners[0]!.issued).toBe(true);
    const losers = results.filter((r) => r.outcome !== 'approve');
    expect(losers).toHaveLength(KIOSKS - 1);
    for (const loser of losers) {
      expect(loser.outcome).toBe('reject');
      expect(loser.failed.map((f) => f.id)).toEqual(['name-unique']);
      expect(loser.failed[0]!.reason).toContain('深圳市龙岗区精锐图文设计店');
    }
    const pool = postgres.pool(databaseUrl, 1);
    const { rows } = await pool.query(`SELECT count(*)::int AS licences FROM licences WHERE trade_name = '精锐' AND industry = '图文设计'`);
    expect(rows[0].licences).toBe(1);
    // The two centres really shared the work.
    expect(centres.every((c) => c.child.exitCode === null)).toBe(true);
  }, 120_000);
});
