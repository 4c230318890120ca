import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { kioskctl } from '../../support/cli';
import { APPROVED, openRegistryIn, openTestRegistry, registration } from '../../support/registry';

const OTHER_GRID = '4403070030030500017000201';

/** A closed kiosk database with three licences in two grids, issued on 2026-03-10..12. */
function kioskDatabase(dir?: string): { file: string; codes: string[] } {
  let now = new Date('2026-03-10T02:00:00Z');
  const r = dir ? openRegistryIn(dir, {}, () => now) : openTestRegistry({}, () => now);
  const codes = ['2026-03-10', '2026-03-11', '2026-03-12'].map((day, n) => {
    now = new Date(`${day}T02:00:00Z`);
    const premises = { houseCode: n === 1 ? OTHER_GRID : '4403070030030400042000003', address: `深圳市龙岗区平湖街道新木路${n + 1}号, 101室` };
    return r.registry.decide(r.registry.submit(registration(n, { premises })).id, APPROVED).licence?.creditCode ?? '';
  });
  r.db.close();
  return { file: r.file, codes };
}

function sqlite3(file: string, sql: string): void {
  const run = spawnSync('sqlite3', [file, sql], { encoding: 'utf8' });
  if (run.error) throw new Error('sqlite3 not found: run scripts/setup-system');
  if (run.status !== 0) throw new Error(run.stderr);
}

describe('kioskctl uscc validate', () => {
  it('exits 0 for a valid code and says what it encodes', () => {
    const run = kioskctl(['uscc', 'validate', '914403001922038216']);
    expect(run).toMatchObject({ code: 0, stdout: '914403001922038216: valid (authority 9, entity type 1, region 440300)\n' });
    expect(kioskctl(['uscc', 'validate', '92440300l4937628x5']).code).toBe(0);
  });

  it('exits 1 with the reason for an invalid code', () => {
    const run = kioskctl(['uscc', 'validate', '914403001922038217']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/914403001922038217: invalid: .*does not add up/);
    expect(kioskctl(['uscc', 'validate', '--lang', 'zh-CN', '91440300192203821']).stderr).toContain('应为18位，您输入了17位');
    const json = kioskctl(['uscc', 'validate', '--json', '9144030019220382IO']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, problem: { code: 'bad-characters', position: 17 } });
  });

  it('exits 2 without a code', () => {
    expect(kioskctl(['uscc', 'validate']).code).toBe(2);
  });
});

describe('kioskctl audit verify', () => {
  let db: { file: string; codes: string[] };
  beforeAll(() => {
    db = kioskDatabase();
  });

  it('exits 0 when the chain is intact', () => {
    const run = kioskctl(['audit', 'verify', '--db', db.file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^audit log intact: 9 entries, head [0-9a-f]{64}\n$/);
    expect(JSON.parse(kioskctl(['audit', 'verify', '--json', '--db', db.file]).stdout)).toMatchObject({ intact: true, entries: 9 });
  });

  it('exits 1 naming the first broken entry after a row was changed with the sqlite3 CLI', () => {
    const tampered = kioskDatabase();
    sqlite3(tampered.file, "DROP TRIGGER audit_log_refuses_update; UPDATE audit_log SET data = replace(data, 'K0', 'K9') WHERE seq = 6;");
    const run = kioskctl(['audit', 'verify', '--db', tampered.file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/audit log broken at entry 6 \(content-changed\).*the 5 entries before it are intact/);
    expect(JSON.parse(kioskctl(['audit', 'verify', '--json', '--db', tampered.file]).stdout)).toMatchObject({ intact: false, firstBroken: { seq: 6 } });
  });

  it('uses the configured database by default', () => {
    const xdg = mkdtempSync(join(tmpdir(), 'kiosk-xdg-'));
    kioskDatabase(join(xdg, 'miaopi-kiosk'));
    const run = kioskctl(['audit', 'verify'], { XDG_DATA_HOME: xdg });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('9 entries');
  });

  it('exits 2 for a missing database or one that is not a kiosk\'s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-cli-'));
    expect(kioskctl(['audit', 'verify', '--db', join(dir, 'none.sqlite')])).toMatchObject({ code: 2, stderr: expect.stringContaining('no kiosk database') });
    const other = join(dir, 'other.sqlite');
    new Database(other).exec('CREATE TABLE t (x)').close();
    expect(kioskctl(['audit', 'verify', '--db', other])).toMatchObject({ code: 2, stderr: expect.stringContaining('not a kiosk database') });
    writeFileSync(join(dir, 'junk.sqlite'), 'not a database at all, just text');
    expect(kioskctl(['audit', 'verify', '--db', join(dir, 'junk.sqlite')]).code).toBe(2);
  });
});

describe('kioskctl registry export', () => {
  let db: { file: string; codes: string[] };
  beforeAll(() => {
    db = kioskDatabase();
  });
  const out = () => join(mkdtempSync(join(tmpdir(), 'kiosk-export-')), 'grid.csv');
  const rows = (file: string) => readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');

  it('writes the licences registered since a date in one grid as CSV', () => {
    const file = out();
    const run = kioskctl(['registry', 'export', '--db', db.file, '--since', '2026-03-11', '--grid', '44030700300304', '--out', file]);
    expect(run).toMatchObject({ code: 0, stdout: `${file}: 1 licence registered since 2026-03-11 in grid 44030700300304\n` });
    expect(rows(file)).toEqual([
      '统一社会信用代码,名称,经营者,经营场所,房屋编码,网格,注册日期,状态',
      `${db.codes[2]},深圳市龙岗区精锐2图文设计店,张三,"深圳市龙岗区平湖街道新木路3号, 101室",4403070030030400042000003,44030700300304,2026-03-12,存续`,
    ]);
  });

  it('without --grid lists every grid; a street prefix lists its grids', () => {
    const all = out();
    expect(JSON.parse(kioskctl(['registry', 'export', '--json', '--db', db.file, '--since', '2026-03-10', '--out', all]).stdout)).toEqual({ file: all, licences: 3, since: '2026-03-10', grid: null });
    expect(rows(all).slice(1).map((row) => row.split(',')[0])).toEqual([db.codes[0], db.codes[2], db.codes[1]]);
    const street = out();
    expect(kioskctl(['registry', 'export', '--db', db.file, '--since', '2026-03-13', '--grid', '440307003', '--out', street]).code).toBe(0);
    expect(rows(street)).toHaveLength(1);
  });

  it('exits 2 for a bad date, grid or output file, or a missing option', () => {
    const file = out();
    expect(kioskctl(['registry', 'export', '--db', db.file, '--since', '2026-02-30', '--out', file])).toMatchObject({ code: 2, stderr: expect.stringContaining('--since') });
    expect(kioskctl(['registry', 'export', '--db', db.file, '--since', '2026-03-01', '--grid', '4403', '--out', file])).toMatchObject({ code: 2, stderr: expect.stringContaining('--grid') });
    expect(kioskctl(['registry', 'export', '--db', db.file, '--since', '2026-03-01', '--out', join(file, 'no', 'such', 'dir.csv')]).code).toBe(2);
    expect(kioskctl(['registry', 'export', '--db', db.file, '--out', file]).code).toBe(2);
  });
});
