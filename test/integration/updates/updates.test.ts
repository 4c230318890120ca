// Installing a new rule set or address database from a file, as maintenance does it:
// real files in a temporary data folder, the real loaders, a real SQLite audit log. An
// update is refused (and nothing changes) unless its hash, signature and content hold;
// an installed one serves the next session, and rollback brings the previous back.
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync, copyFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addressCsvLine } from '../../../core/address/address-csv';
import { SAMPLE_COMMERCIAL_LONGGANG } from '../../../core/address/sample-fixtures';
import { generateSampleRows } from '../../../core/address/sample-generator';
import { AuditLog } from '../../../core/audit/audit-log';
import { loadConfig } from '../../../core/config/load';
import type { KioskConfig } from '../../../core/config/schema';
import { createJourneyServices } from '../../../core/session/journey-services';
import { openDatabase, type KioskDatabase } from '../../../core/storage/database';
import { CurrentData } from '../../../core/updates/current-data';
import { UpdateService } from '../../../core/updates/update-service';
import pino from 'pino';
import { streets, tempDir, writeAddressCsv } from '../address/address-test-kit';
import { addressDatabaseFile, publishHash, publishUpdate, ruleSetFile, sha256, signFile, TEST_AUTHORITY, updateKeyPair, withoutPhoneRule } from './update-files';

let dataDir: string;
let stick: string;
let db: KioskDatabase;
let data: CurrentData;

beforeEach(() => {
  dataDir = tempDir('kiosk-updates-');
  stick = join(dataDir, 'updates');
  mkdirSync(stick);
  db = openDatabase(join(dataDir, 'kiosk.sqlite'));
  data = new CurrentData(loadConfig({ userDataDir: dataDir, env: {} }));
});

afterEach(() => {
  data.close();
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function updates(settings: Partial<KioskConfig['updates']> = {}): UpdateService {
  return new UpdateService({ dataDir, settings: { folder: 'updates', requireSignature: true, publicKey: TEST_AUTHORITY.publicKeyPem, ...settings }, streets: () => streets, audit: new AuditLog(db) });
}

function auditEvents(): { event: string; data: Record<string, unknown> }[] {
  return db
    .prepare<[], { event: string; data: string }>("SELECT event, data FROM audit_log WHERE event LIKE 'update.%' ORDER BY seq")
    .all()
    .map((row) => ({ event: row.event, data: JSON.parse(row.data) as Record<string, unknown> }));
}

const inForce = () => data.ruleSet('registration').value.version;
const shippedVersion = () => new CurrentData(loadConfig({ userDataDir: tempDir(), env: {} })).ruleSet('registration').value.version;
/** A form with no scope and a phone number that is not one. */
const FORM = { name: null, scope: [], compositionForm: '个人经营' as const, phone: '12' };

describe('rule-set updates', () => {
  it('lists the update files in the updates folder, with their hash and signature files', () => {
    publishUpdate(ruleSetFile(stick, 'registration-2026.2.json', withoutPhoneRule('2026.2')));
    writeFileSync(join(stick, 'notes.txt'), 'not an update');
    const listing = updates().list();
    expect(listing.files.map((f) => [f.name, f.kind, f.hasHashFile, f.hasSignature])).toEqual([['registration-2026.2.json', 'rule-set', true, true]]);
    expect(listing.installed.map((t) => [t.target, t.current])).toEqual([['registration', null], ['deregistration', null], ['addresses', null]]);
    expect(updates().list(join(dataDir, 'no-stick')).folderProblem).toMatch(/ENOENT/);
  });

  it('refuses a file whose SHA-256 differs from the one typed, and changes nothing', async () => {
    const file = ruleSetFile(stick, 'registration.json', withoutPhoneRule('2026.2'));
    const typed = '0'.repeat(64);
    const outcome = await updates().apply({ file, sha256: typed });
    expect(outcome).toMatchObject({ ok: false, problem: 'hash-mismatch', message: { 'zh-CN': expect.stringContaining('校验值不符') } });
    expect(outcome.ok || outcome.details).toEqual([`expected ${typed}`, `the file has ${sha256(file)}`]);
    expect(inForce()).toBe(shippedVersion());
    expect(existsSync(join(dataDir, 'installed', 'current.json'))).toBe(false);
    expect(auditEvents()).toEqual([{ event: 'update.refused', data: expect.objectContaining({ stage: 'apply', problem: 'hash-mismatch' }) }]);
  });

  it('asks for the hash when none is typed and no FILE.sha256 lies beside the file', async () => {
    const file = ruleSetFile(stick, 'registration.json', withoutPhoneRule('2026.2'));
    expect(await updates().verify({ file })).toMatchObject({ ok: false, problem: 'no-hash' });
    publishUpdate(file);
    expect(await updates().verify({ file })).toEqual({ ok: true, target: 'registration', version: '2026.2', sha256: sha256(file), signed: true });
    // Verifying installs nothing.
    expect(inForce()).toBe(shippedVersion());
  });

  it('checks a FILE.sig against the configured update key and refuses a signature by any other key', async () => {
    const authority = updateKeyPair();
    const file = ruleSetFile(stick, 'registration.json', withoutPhoneRule('2026.2'));
    const hash = publishUpdate(file, authority);
    expect(await updates({ publicKey: authority.publicKeyPem }).verify({ file })).toMatchObject({ ok: true, signed: true });
    expect(await updates({ publicKey: undefined }).verify({ file })).toMatchObject({ ok: false, problem: 'signature-unverifiable' });

    signFile(file, updateKeyPair().privateKey);
    const forged = await updates({ publicKey: authority.publicKeyPem }).apply({ file, sha256: hash });
    expect(forged).toMatchObject({ ok: false, problem: 'bad-signature', message: { en: expect.stringContaining('not issued by the authority') } });
    expect(inForce()).toBe(shippedVersion());

    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(await updates({ publicKey: rsa }).verify({ file })).toMatchObject({ ok: false, problem: 'signature-unverifiable', details: ['updates.publicKey is a rsa key, not Ed25519'] });

    rmSync(`${file}.sig`);
    expect(await updates({ publicKey: authority.publicKeyPem }).verify({ file })).toMatchObject({ ok: false, problem: 'signature-missing' });
    expect(await updates({ publicKey: authority.publicKeyPem, requireSignature: false }).verify({ file })).toMatchObject({ ok: true, signed: false });
  });

  it('requires a signature by default: an unsigned update is refused on a kiosk with the shipped settings', async () => {
    const settings = loadConfig({ userDataDir: dataDir, env: {} }).config.updates;
    expect(settings.requireSignature).toBe(true);
    const file = ruleSetFile(stick, 'registration.json', withoutPhoneRule('2026.2'));
    const outcome = await updates({ publicKey: undefined, ...settings }).apply({ file, sha256: publishHash(file) });
    expect(outcome).toMatchObject({ ok: false, problem: 'signature-missing', details: ['updates.publicKey is not set'] });
    expect(inForce()).toBe(shippedVersion());
  });

  it('refuses a rule set with schema errors, naming the field, and keeps the version in force', async () => {
    const good = ruleSetFile(stick, 'good.json', withoutPhoneRule('2026.2'));
    expect(await updates().apply({ file: good, sha256: publishUpdate(good) })).toMatchObject({ ok: true, version: '2026.2' });
    const bad = ruleSetFile(stick, 'bad.json', (rules) => ({ ...rules, version: '2026.3', rules: [{ ...rules.rules[0], onFail: 'approve-anyway' }, ...rules.rules.slice(1)] }));
    const outcome = await updates().apply({ file: bad, sha256: publishUpdate(bad) });
    expect(outcome).toMatchObject({ ok: false, problem: 'invalid-content' });
    expect(outcome.ok || outcome.details.join('\n')).toMatch(/^rules\.0\.onFail: /m);
    expect(inForce()).toBe('2026.2');
    expect(updates().installed()[0]?.current?.version).toBe('2026.2');
  });

  it('serves the next session with an applied rule set, never the one under way, and rolls back', async () => {
    const services = createJourneyServices({
      ...unusedJourneyPorts(),
      addresses: data.addresses(),
      sessionData: () => data.forSession(),
      authorityRegion: '440307',
    });
    const fields = () => services.formProblems(FORM).map((problem) => problem.field);
    expect(fields()).toEqual(['scope', 'phone']);

    const file = ruleSetFile(stick, 'registration-2026.2.json', withoutPhoneRule('2026.2'));
    const applied = await updates().apply({ file, sha256: publishUpdate(file) });
    expect(applied).toEqual({ ok: true, target: 'registration', version: '2026.2', sha256: sha256(file), signed: true });
    // The applicant already on the form keeps the rules they started with...
    expect(fields()).toEqual(['scope', 'phone']);
    // ...the next one gets the new set.
    services.beginSession();
    expect(fields()).toEqual(['scope']);
    // The stick can go: the kiosk has its own copy.
    rmSync(file);
    expect(updates().installed()[0]).toMatchObject({ current: { version: '2026.2' }, previous: null });

    expect(updates().rollback('registration')).toEqual({ ok: true, target: 'registration', from: '2026.2', to: null });
    services.beginSession();
    expect(fields()).toEqual(['scope', 'phone']);
    expect(inForce()).toBe(shippedVersion());
    expect(updates().rollback('registration')).toMatchObject({ ok: false, problem: 'nothing-to-roll-back' });
    expect(auditEvents().map((e) => e.event)).toEqual(['update.applied', 'update.rolled-back', 'update.refused']);
  });

  it('rolls back to the previously installed version, not past it', async () => {
    for (const version of ['2026.2', '2026.3']) {
      const file = ruleSetFile(stick, `registration-${version}.json`, withoutPhoneRule(version));
      await updates().apply({ file, sha256: publishUpdate(file) });
    }
    expect(inForce()).toBe('2026.3');
    expect(updates().rollback('registration')).toMatchObject({ ok: true, from: '2026.3', to: '2026.2' });
    expect(inForce()).toBe('2026.2');
  });
});

describe('address database updates', () => {
  it('installs a prebuilt database, switches lookups to it, and rolls back', async () => {
    const service = data.addresses();
    const before = service.info();
    const file = addressDatabaseFile(stick, 'addresses-2026-06.sqlite', '2026-06-01T03:00:00.000Z');
    const outcome = await updates().apply({ file, sha256: publishUpdate(file) });
    expect(outcome).toMatchObject({ ok: true, target: 'addresses', version: '2026-06-01T03:00:00.000Z' });
    expect(data.addresses().info().builtAt).toBe('2026-06-01T03:00:00.000Z');
    expect(data.addresses().lookup(SAMPLE_COMMERCIAL_LONGGANG).ok).toBe(true);
    updates().rollback('addresses');
    expect(data.addresses().info()).toMatchObject({ builtAt: before.builtAt, rooms: before.rooms });
  });

  it('refuses a database cut short in transfer and keeps answering from the one in force', async () => {
    const good = addressDatabaseFile(stick, 'good.sqlite', '2026-06-01T03:00:00.000Z');
    await updates().apply({ file: good, sha256: publishUpdate(good) });
    const torn = join(stick, 'torn.sqlite');
    copyFileSync(addressDatabaseFile(tempDir(), 'next.sqlite', '2026-07-01T03:00:00.000Z', 4_000), torn);
    truncateSync(torn, Math.floor(statSync(torn).size * 0.6));
    const outcome = await updates().apply({ file: torn, sha256: publishUpdate(torn) });
    expect(outcome).toMatchObject({ ok: false, problem: 'invalid-content', message: { 'zh-CN': expect.stringContaining('仍使用原版本') } });
    expect(data.addresses().info().builtAt).toBe('2026-06-01T03:00:00.000Z');
    expect(data.addresses().lookup(SAMPLE_COMMERCIAL_LONGGANG).ok).toBe(true);
  });

  it('imports a CSV into a new database and installs it; a CSV without its header is refused', async () => {
    const rows = [...generateSampleRows(streets, { rooms: 500, seed: 9 })].map(addressCsvLine);
    const csv = writeAddressCsv(stick, 'addresses.csv', rows);
    const outcome = await updates().apply({ file: csv, sha256: publishUpdate(csv) });
    expect(outcome).toMatchObject({ ok: true, target: 'addresses' });
    expect(data.addresses().info()).toMatchObject({ source: 'addresses.csv', rooms: rows.length });

    const headless = join(stick, 'headless.csv');
    writeFileSync(headless, readFileSync(csv, 'utf8').split('\n').slice(1).join('\n'));
    expect(await updates().verify({ file: headless, sha256: publishUpdate(headless) })).toMatchObject({ ok: false, problem: 'invalid-content' });
    expect(data.addresses().info().rooms).toBe(rows.length);
  });
});

/** The journey's device and registry ports, which form validation never touches. */
function unusedJourneyPorts() {
  const unused = () => {
    throw new Error('not used by form validation');
  };
  return {
    idCardReader: { readCard: unused },
    photoDecoder: { decode: unused },
    faceAnalyser: unused,
    registry: {} as never,
    audit: {} as never,
    printQueue: {} as never,
    logger: pino({ level: 'silent' }),
  };
}
