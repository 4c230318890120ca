// Rule sets, address deltas and the restricted list, published with the centre's own
// command and pulled by version with `kioskctl centre pull`, both real processes, on a
// real PostgreSQL. What the publisher did not sign is refused by the kiosk; an address
// delta killed (-9) half-way leaves the version in force whole.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKiosk } from '../../../centre/kiosks';
import { addressCsvHeader, addressCsvLine } from '../../../core/address/address-csv';
import { AddressDatabase } from '../../../core/address/address-database';
import { generateSampleRows } from '../../../core/address/sample-generator';
import { CentreClient } from '../../../core/centre/centre-client';
import { pulledRestrictedListFile } from '../../../core/centre/downstream-sync';
import { initSigningKey } from '../../../core/signing/kiosk-keys';
import { currentInstalledFile, readPointer } from '../../../core/updates/installed-data';
import { tempDir, streets } from '../address/address-test-kit';
import { addressDatabaseFile, ruleSetFile, signFile, TEST_AUTHORITY, updateKeyPair, withoutPhoneRule } from '../updates/update-files';
import { kioskctlAsync } from '../../support/cli';
import { startCentreInProcess, TEST_SECRET, type InProcessCentre } from '../../support/centre-in-process';
import { centreCommand } from '../../support/centre-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const KIOSK = 'LG-PH-21';
let postgres: TestPostgres;
let centre: InProcessCentre;
let work: string;
let home: string;
let dataDir: string;
let centreEnv: NodeJS.ProcessEnv;
let kioskEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = tempDir('centre-downstream-');
  chmodSync(work, 0o711);
  postgres = await startTestPostgres();
  const databaseUrl = await postgres.freshDatabase();
  centre = await startCentreInProcess(databaseUrl);
  centreEnv = { CENTRE_DATABASE_URL: databaseUrl, CENTRE_SECRET_KEY: TEST_SECRET.toString('base64'), CENTRE_DATA_DIR: join(work, 'centre') };
  // A kiosk of the centre: its configuration, its own address base, its key enrolled.
  home = join(work, 'home');
  dataDir = join(home, 'miaopi-kiosk');
  mkdirSync(dataDir, { recursive: true });
  addressDatabaseFile(dataDir, 'addresses.sqlite', '2026-05-01T08:00:00.000Z', 2_000);
  const config = join(work, 'kiosk.json');
  writeFileSync(config, JSON.stringify({ kioskId: KIOSK, centre: { url: centre.url }, updates: { publicKey: TEST_AUTHORITY.publicKeyPem }, addresses: { database: 'addresses.sqlite' } }));
  kioskEnv = { XDG_DATA_HOME: home, KIOSK_CONFIG: config };
  const { key } = initSigningKey(join(dataDir, 'keys'));
  const { code } = await addKiosk(centre.pool, KIOSK);
  await CentreClient.enrol({ url: centre.url, kioskId: KIOSK, privateKey: key.privateKey, publicKey: key.publicKey, code });
}, 60_000);
afterAll(async () => {
  await centre?.close();
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Pulled {
  results: { target: string; outcome: string; version?: string; detail?: string }[];
}

async function pull(): Promise<{ code: number | null; results: Pulled['results']; stderr: string }> {
  const run = await kioskctlAsync(['centre', 'pull', '--json'], kioskEnv);
  return { code: run.code, stderr: run.stderr, results: (JSON.parse(run.stdout) as Pulled).results };
}

const outcomeOf = (results: Pulled['results'], target: string) => results.filter((r) => r.target === target).map((r) => r.outcome);

describe('rule sets pulled by version', () => {
  it('a signed rule set is installed once; asked again, the centre has nothing newer', async () => {
    const file = ruleSetFile(work, 'registration-2099.1.json', withoutPhoneRule('2099.1'));
    signFile(file, TEST_AUTHORITY.privateKey);
    const published = await centreCommand(['ruleset', 'publish', file], centreEnv);
    expect(published.stderr).toBe('');
    expect(published.stdout).toMatch(/^published rule set 2099\.1 as sequence \d+/);
    expect(published.code).toBe(0);

    const first = await pull();
    expect(first.results).toContainEqual(expect.objectContaining({ target: 'registration', outcome: 'updated', version: '2099.1' }));
    expect(first.code).toBe(0);
    expect(readPointer(dataDir).targets.registration?.at(-1)?.version).toBe('2099.1');
    const again = await pull();
    expect(outcomeOf(again.results, 'registration')).toEqual(['current']);
  }, 60_000);

  it('the centre refuses a rule set without a signature; one signed by another key is refused by the kiosk, the one in force stays', async () => {
    const unsigned = ruleSetFile(work, 'registration-2099.2.json', withoutPhoneRule('2099.2'));
    const refused = await centreCommand(['ruleset', 'publish', unsigned], centreEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('.sig is missing');

    signFile(unsigned, updateKeyPair().privateKey);
    expect((await centreCommand(['ruleset', 'publish', unsigned], centreEnv)).code).toBe(0);
    const pulled = await pull();
    expect(pulled.results).toContainEqual(expect.objectContaining({ target: 'registration', outcome: 'refused', version: '2099.2' }));
    expect(pulled.results.find((r) => r.target === 'registration')?.detail).toContain('bad-signature');
    expect(pulled.code).toBe(1);
    expect(readPointer(dataDir).targets.registration?.at(-1)?.version).toBe('2099.1');
  }, 60_000);
});

describe('the restricted list', () => {
  it('is published whole and pulled into a file only the kiosk can read; a mistyped number refuses the list', async () => {
    const bad = join(work, 'restricted-bad.txt');
    writeFileSync(bad, '11010519491231002X\n110105194912310021\n');
    const refused = await centreCommand(['restricted', 'publish', bad], centreEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"110105194912310021" is not a valid ID number');

    const list = join(work, 'restricted.txt');
    writeFileSync(list, '# court orders\n11010519491231002X\n34052419800101001X\n');
    expect((await centreCommand(['restricted', 'publish', list], centreEnv)).code).toBe(0);
    const pulled = await pull();
    expect(outcomeOf(pulled.results, 'restricted-list')).toEqual(['updated']);
    const file = pulledRestrictedListFile(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').split('\n').filter((line) => /^\d/.test(line))).toEqual(['11010519491231002X', '34052419800101001X']);
    expect(outcomeOf((await pull()).results, 'restricted-list')).toEqual(['current']);
  }, 60_000);
});

describe('address deltas', () => {
  it('killed with -9 half-way through a delta, the kiosk keeps its address base whole; the next pull applies it', async () => {
    const base = join(dataDir, 'addresses.sqlite');
    // A delta large enough to be caught half-way: rooms of the whole city, new and changed.
    const rows = [...generateSampleRows(streets, { rooms: 30_000, seed: 7 })];
    const probe = rows[rows.length - 1]!;
    const delta = join(work, '2026-06.csv');
    writeFileSync(delta, [addressCsvHeader(), ...rows.map((row) => addressCsvLine({ ...row, room: `${row.room}（更正）` }))].join('\n') + '\n');
    signFile(delta, TEST_AUTHORITY.privateKey);
    const published = await centreCommand(['address', 'publish', delta], centreEnv);
    expect(published.stdout).toContain('published address delta 2026-06');

    const roomsBefore = withDatabase(base, (db) => db.info().rooms);
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'kioskctl.cjs'), 'centre', 'pull'], { env: { ...process.env, ...kioskEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, signal) => done(signal)));
    // The first progress line: rows are going into the new file.
    await new Promise<void>((done) => {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/addresses: \d+ lines applied/.test(stderr)) done();
      });
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Nothing switched: the configured base is in force, untouched.
    expect(readPointer(dataDir).targets.addresses ?? []).toEqual([]);
    expect(currentInstalledFile(dataDir, 'addresses')).toBeUndefined();
    expect(withDatabase(base, (db) => [db.info().rooms, db.integrityProblems()])).toEqual([roomsBefore, []]);

    const pulled = await pull();
    expect(pulled.results).toContainEqual(expect.objectContaining({ target: 'addresses', outcome: 'updated', version: '2026-06' }));
    const installed = currentInstalledFile(dataDir, 'addresses')!;
    withDatabase(installed, (db) => {
      expect(db.findRoom(probe.houseCode)?.roomLabel).toBe(`${probe.room}（更正）`);
      expect(db.info().rooms).toBeGreaterThanOrEqual(rows.length);
    });
    expect(outcomeOf((await pull()).results, 'addresses')).toEqual(['current']);
  }, 300_000);
});

function withDatabase<T>(file: string, read: (db: AddressDatabase) => T): T {
  const db = AddressDatabase.open(file);
  try {
    return read(db);
  } finally {
    db.close();
  }
}
