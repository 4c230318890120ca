import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_COMMERCIAL_LONGGANG, SAMPLE_FIXTURES, SAMPLE_UNKNOWN_ROOM } from '../../../core/address/sample-fixtures';
import { kioskctl } from '../../support/cli';
import { buildSmallSample, tempDir, writeAddressCsv } from './address-test-kit';

const GOOD = [
  `${SAMPLE_COMMERCIAL_LONGGANG},新平湖社区,,平湖大街,200,华南城9号楼,0103,商业,`,
  `4403070030030400042000004,新平湖社区,,平湖大街,200,华南城9号楼,0104,商业,`,
  `4403070030030400042000005,新平湖社区,,平湖大街,200,华南城9号楼,0105,商业,`,
];
const BAD_LINE = '4403070030030400042000006,新平湖社区,,平湖大街,200,华南城9号楼,0106,居住,';

let sample: string;
/** A user-data folder without a kiosk.json, so no technician's configuration leaks in. */
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  sample = buildSmallSample(5_000);
  env = { XDG_DATA_HOME: tempDir(), KIOSK_CONFIG: '' };
});

describe('kioskctl address', () => {
  it('lookup prints the written address and exits 0', () => {
    const run = kioskctl(['address', 'lookup', '--database', sample, SAMPLE_COMMERCIAL_LONGGANG], env);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('广东省深圳市龙岗区平湖街道平湖社区平湖大街128号华南城1号楼103室');
    expect(run.stdout).toContain('usage 商业, status normal');
  });

  it('lookup --json gives the record', () => {
    const fixture = SAMPLE_FIXTURES.find((f) => f.status === 'demolished');
    const run = kioskctl(['address', 'lookup', '--json', '--database', sample, fixture?.houseCode ?? ''], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ found: true, address: { status: 'demolished', formatted: fixture?.formatted } });
  });

  it('lookup of a malformed or unknown code exits 1 with the reason in the applicant’s words', () => {
    const short = kioskctl(['address', 'lookup', '--database', sample, '44030700300304'], env);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('房屋编码应为25位数字，您输入了14位');
    const unknown = kioskctl(['address', 'lookup', '--database', sample, SAMPLE_UNKNOWN_ROOM], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('没有编号为000999的房间');
    const english = kioskctl(['address', 'lookup', '--lang', 'en', '--json', '--database', sample, '4403070030030400042'], env);
    expect(english.code).toBe(1);
    expect(english.stderr).toMatch(/19-digit building code/);
    expect(JSON.parse(english.stdout)).toMatchObject({ found: false, reason: { code: 'building-code-only' } });
  });

  it('takes the database from the configuration (here an environment override)', () => {
    const run = kioskctl(['address', 'lookup', SAMPLE_COMMERCIAL_LONGGANG], { ...env, KIOSK__ADDRESSES__DATABASE: sample });
    expect(run.code).toBe(0);
  });

  it('a missing database is an I/O error (exit 2)', () => {
    const dir = tempDir();
    const lookup = kioskctl(['address', 'lookup', '--database', join(dir, 'none.sqlite'), SAMPLE_COMMERCIAL_LONGGANG], env);
    expect(lookup.code).toBe(2);
    expect(lookup.stderr).toMatch(/cannot open the address database .*none\.sqlite/);
    expect(kioskctl(['address', 'info', '--database', join(dir, 'none.sqlite')], env).code).toBe(2);
  });

  it('a missing street list or an unknown language is a usage or I/O error (exit 2)', () => {
    const dir = tempDir();
    const noStreets = kioskctl(['address', 'lookup', '--database', sample, '--streets', join(dir, 'none.csv'), SAMPLE_COMMERCIAL_LONGGANG], env);
    expect(noStreets.code).toBe(2);
    expect(noStreets.stderr).toMatch(/cannot read the street list/);
    expect(kioskctl(['address', 'lookup', '--lang', 'fr', '--database', sample, SAMPLE_COMMERCIAL_LONGGANG], env).code).toBe(2);
  });

  it('info says which database, how many rooms, built when', () => {
    const run = kioskctl(['address', 'info', '--database', sample], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`database: ${sample}`);
    expect(run.stdout).toMatch(/rooms: \d+ in \d+ buildings, \d+ communities, 79 streets/);
    expect(run.stdout).toContain('built: 2026-05-01T08:00:00.000Z from sample generator');
    const json = JSON.parse(kioskctl(['address', 'info', '--json', '--database', sample], env).stdout) as { rooms: number; sample: boolean };
    expect(json.rooms).toBeGreaterThan(4_000);
    expect(json.sample).toBe(false);
  });

  it('import replaces the database, reports bad rows and progress, and exits 0', () => {
    const target = buildSmallSample(2_000);
    const csv = writeAddressCsv(tempDir(), 'new.csv', [...GOOD, BAD_LINE]);
    const run = kioskctl(['address', 'import', '--database', target, '--progress-every', '2', csv], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/imported 3 rooms into .*; 1 bad rows skipped; verified \(room count, integrity check, 3 lookups\)/);
    expect(run.stderr).toContain('line 5: usage: expected one of');
    expect(run.stderr).toContain('address import: 2 lines read, 1 rooms, 0 bad rows');
    expect(run.stderr).toContain('address import: 4 lines read, 3 rooms, 0 bad rows');
    const after = kioskctl(['address', 'lookup', '--database', target, SAMPLE_COMMERCIAL_LONGGANG], env);
    expect(after.stdout).toContain('新平湖社区平湖大街200号华南城9号楼0103室');
  });

  it('import --json gives the outcome as data', () => {
    const target = join(tempDir(), 'fresh.sqlite');
    const run = kioskctl(['address', 'import', '--json', '--database', target, writeAddressCsv(tempDir(), 'new.csv', [...GOOD, BAD_LINE])], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, rooms: 3, badRowCount: 1, badRows: [{ line: 5 }] });
  });

  it('import of a file without valid rows exits 1 and keeps the database in use', () => {
    const target = buildSmallSample(2_000);
    const before = statSync(target).ino;
    const run = kioskctl(['address', 'import', '--database', target, writeAddressCsv(tempDir(), 'bad.csv', [BAD_LINE])], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 2: usage');
    expect(run.stderr).toContain('address import failed, the database in use is unchanged: the file has no valid rows');
    expect(statSync(target).ino).toBe(before);
  });

  it('import of a missing file, or with no database configured, is a usage or I/O error (exit 2)', () => {
    const target = buildSmallSample(2_000);
    const missing = kioskctl(['address', 'import', '--database', target, join(tempDir(), 'none.csv')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*none\.csv/);
    const unconfigured = kioskctl(['address', 'import', writeAddressCsv(tempDir(), 'new.csv', GOOD)], env);
    expect(unconfigured.code).toBe(2);
    expect(unconfigured.stderr).toMatch(/set addresses\.database/);
  });

  it('import shows a progress bar on a terminal', () => {
    const target = buildSmallSample(2_000);
    const csv = writeAddressCsv(tempDir(), 'new.csv', GOOD);
    const command = [process.execPath, join(process.cwd(), 'bin', 'kioskctl.cjs'), 'address', 'import', '--database', target, csv].map(shellQuote).join(' ');
    // script(1) runs the command on a pseudo-terminal.
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
    if (run.error) throw new Error(`script(1) is missing: run scripts/setup-system (${run.error.message})`);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/address import \[=+\] 100% \| 3 rooms \| 0 bad rows/);
    expect(run.stdout).not.toContain('lines read');
  });
});

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
