/**
 * The name race: kiosks, as processes of their own (test/support/race-kiosk.ts, ten to a
 * process), all asking the centre for one trade name in one district at once, each from
 * a different room so that only the name is contested. Used by the name-race test and
 * the centre's reliability trials.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type pg from 'pg';
import { composeCreditCode } from '../../rules/credit-code';
import { enrolTestKiosk } from './centre-kiosks';
import type { RaceKiosk, RaceOutcome } from './race-kiosk';

export const RACE_KIOSK_BUNDLE = join(process.cwd(), 'dist', 'test-support', 'race-kiosk.cjs');
/** The name every kiosk asks for, as the name rule's reason prints it. */
export const RACE_FULL_NAME = '深圳市龙岗区精锐图文设计店';

/** The kiosk program, bundled so fifty processes start in milliseconds, not seconds. */
export async function buildRaceKiosk(): Promise<void> {
  await build({ entryPoints: ['test/support/race-kiosk.ts'], outfile: RACE_KIOSK_BUNDLE, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning' });
}

export interface NameRace {
  /** The centres the kiosks are spread over, round robin. */
  centreUrls: string[];
  /** A pool on the centre's database (kiosks are added there, then enrol through the protocol). */
  pool: pg.Pool;
  /** Where the kiosks' keys go. */
  work: string;
  kiosks: number;
  processes: number;
}

/** Runs the race to its end: one outcome per kiosk. */
export async function runNameRace(race: NameRace): Promise<RaceOutcome[]> {
  const example = JSON.parse(readFileSync('assets/examples/application.json', 'utf8'));
  const enrolled = await Promise.all(
    Array.from({ length: race.kiosks }, (_, i) => enrolTestKiosk(race.centreUrls[0]!, race.pool, `RACE-${String(i).padStart(2, '0')}`, race.work)),
  );
  const entries: RaceKiosk[] = enrolled.map(({ kioskId, keysDir }, i) => ({
    centreUrl: race.centreUrls[i % race.centreUrls.length]!,
    kioskId,
    keysDir,
    application: { ...example, address: { ...example.address, houseCode: `44030700300304000420${String(100 + i).padStart(5, '0')}` }, lists: { ...example.lists, existingNames: [], activeBusinessesAtAddress: 0 } },
    applicationId: `race-application-${i}`,
    creditCode: composeCreditCode({ authority: '9', entityType: '2', regionCode: '440307', organisationBody: `R${String(i).padStart(7, '0')}` }),
  }));
  const perProcess = Math.ceil(race.kiosks / race.processes);
  const runs = await Promise.all(Array.from({ length: race.processes }, (_, p) => runKiosks(entries.slice(p * perProcess, (p + 1) * perProcess))));
  const problems = runs.filter((run) => run.code !== 0 || run.stderr !== '').map((run) => `a race-kiosk process exited ${run.code}: ${run.stderr.trim()}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return runs.flatMap((run) => run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as RaceOutcome));
}

function runKiosks(kiosks: RaceKiosk[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [RACE_KIOSK_BUNDLE], { env: { ...process.env, RACE: JSON.stringify(kiosks) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}
