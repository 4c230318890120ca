// The outbox and /v1/sync against a real PostgreSQL: what happens at a kiosk reaches the
// centre's tables once, however often a batch is delivered; personal data waits sealed
// in the kiosk's files and is gone from them once the centre has it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { CentreRefusedError, type CentreClient } from '../../../core/centre/centre-client';
import { personalDataContext } from '../../../protocol/centre-sync';
import { seal } from '../../../protocol/sealed-data';
import { CENTRE_SEALING_KEY_FILE } from '../../../core/centre/sealing-key-file';
import { SESSION_ENDED_EVENT } from '../../../core/session/session-end';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { kioskctlAsync } from '../../support/cli';
import { startTestCore } from '../../support/core';
import { openTestRegistry, APPROVED, registration, idNumber } from '../../support/registry';
import { startCentreInProcess, type InProcessCentre } from '../../support/centre-in-process';
import { drain, enrolOutboxKiosk, openOutboxKiosk, outboxSender, recordLicence, type OutboxKiosk } from '../../support/outbox-kiosk';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

let postgres: TestPostgres;
let centre: InProcessCentre;
let dir: string;
let kiosk: OutboxKiosk;
let client: CentreClient;
let keysDir: string;
let kiosks = 0;
let kioskId: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  centre = await startCentreInProcess(await postgres.freshDatabase());
}, 60_000);
afterAll(async () => {
  await centre?.close();
  await postgres?.stop();
});
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  kioskId = `LG-SYNC-${++kiosks}`;
  ({ client, keysDir } = await enrolOutboxKiosk(centre.url, centre.pool, kioskId, dir));
  kiosk = openOutboxKiosk(dir, centre.url, kioskId);
});
afterEach(() => {
  kiosk.db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return (await centre.pool.query(sql, [kioskId])).rows as T[];
}
async function count(table: string): Promise<number> {
  return (await rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE kiosk_id = $1`))[0]!.n;
}

describe('events at the kiosk reach the centre', () => {
  it('licences, deregistrations, decisions, ratings, print outcomes, session ends and the audit head, each once', async () => {
    const issued = recordLicence(kiosk, 1);
    const refused = kiosk.registry.submit(registration(2));
    kiosk.registry.decide(refused.id, { ...APPROVED, outcome: 'reject', reasons: [{ id: 'name-unique', passed: false, effect: 'reject' }, { id: 'age', passed: true }] });
    const leaving = kiosk.registry.submit({ kind: 'deregistration', idNumber: issued.idNumber, operatorName: '张三', creditCode: issued.creditCode });
    kiosk.registry.decide(leaving.id, APPROVED);
    kiosk.audit.append('print.printed', { job: 1, creditCode: issued.creditCode, document: 'licence-a4', printer: 'laser', state: 'printed', attempts: 1 });
    kiosk.audit.append('print.waiting', { job: 2, creditCode: issued.creditCode, document: 'slip', printer: 'thermal', state: 'waiting', attempts: 1 });
    kiosk.audit.append('journey.ended', { service: 'registration', lastStep: 'rating', endReason: 'done', cardToLicenceMs: 41_250 });
    const head = kiosk.audit.append('maintenance.opened', {});

    await drain(outboxSender(kiosk, client, keysDir));

    expect(await rows(`SELECT application_id, service, outcome, reasons, rule_set_version FROM centre_decisions WHERE kiosk_id = $1 ORDER BY sequence`)).toEqual([
      { application_id: issued.applicationId, service: 'registration', outcome: 'approved', reasons: [], rule_set_version: 'test-rules-1' },
      { application_id: refused.id, service: 'registration', outcome: 'rejected', reasons: ['name-unique'], rule_set_version: 'test-rules-1' },
      { application_id: leaving.id, service: 'deregistration', outcome: 'approved', reasons: [], rule_set_version: 'test-rules-1' },
    ]);
    const [licence] = await rows<{ credit_code: string; full_name: string; operator_name: string; id_number_hmac: Buffer; id_number_sealed: Buffer }>(
      'SELECT credit_code, full_name, operator_name, id_number_hmac, id_number_sealed FROM centre_licence_records WHERE kiosk_id = $1',
    );
    expect(licence).toMatchObject({ credit_code: issued.creditCode, full_name: '深圳市龙岗区精锐1图文设计店', operator_name: '张三' });
    // Opened from the kiosk's seal, kept under the centre's own vault, found by its keyed hash.
    expect(centre.vault.open(licence!.id_number_sealed)).toBe(issued.idNumber);
    expect(licence!.id_number_hmac.equals(centre.vault.lookup(issued.idNumber))).toBe(true);
    const [deregistration] = await rows<{ credit_code: string; id_number_sealed: Buffer }>('SELECT credit_code, id_number_sealed FROM centre_deregistration_records WHERE kiosk_id = $1');
    expect(deregistration!.credit_code).toBe(issued.creditCode);
    expect(centre.vault.open(deregistration!.id_number_sealed)).toBe(issued.idNumber);
    expect(await rows('SELECT score FROM centre_ratings WHERE kiosk_id = $1')).toEqual([{ score: 2 }]);
    expect(await rows('SELECT credit_code, document, outcome FROM centre_print_outcomes WHERE kiosk_id = $1')).toEqual([{ credit_code: issued.creditCode, document: 'licence-a4', outcome: 'printed' }]);
    expect(await rows('SELECT service, last_step, end_reason, card_to_licence_ms FROM centre_session_ends WHERE kiosk_id = $1')).toEqual([
      { service: 'registration', last_step: 'rating', end_reason: 'done', card_to_licence_ms: 41_250 },
    ]);
    expect(await rows('SELECT audit_seq, head_hash FROM centre_audit_heads WHERE kiosk_id = $1')).toEqual([{ audit_seq: String(head.seq), head_hash: head.hash }]);
    // Records only: the registry's own state changes through /v1/issue and /v1/deregister alone.
    expect((await centre.pool.query('SELECT count(*)::int AS n FROM licences')).rows[0].n).toBe(0);
    expect(kiosk.outbox.size()).toBe(0);
  });

  it('sent a day late, every record keeps the time it happened at the kiosk: yesterday\'s rating counts for yesterday', async () => {
    const yesterday = new Date(Date.now() - 86_400_000);
    // The same kiosk, its clock at yesterday: what it records now happened then.
    const offline = openOutboxKiosk(dir, centre.url, kioskId, () => yesterday);
    try {
      recordLicence(offline, 5);
      offline.audit.append(SESSION_ENDED_EVENT, { service: 'registration', lastStep: 'rating', endReason: 'done', cardToLicenceMs: 52_000 });
      await drain(outboxSender(offline, client, keysDir));
      const times = await rows<Record<string, Date>>(
        `SELECT (SELECT decided_at FROM centre_decisions WHERE kiosk_id = $1) AS decided, (SELECT rated_at FROM centre_ratings WHERE kiosk_id = $1) AS rated,
           (SELECT ended_at FROM centre_session_ends WHERE kiosk_id = $1) AS ended, (SELECT issued_at FROM centre_licence_records WHERE kiosk_id = $1) AS issued`,
      );
      expect(times).toEqual([{ decided: yesterday, rated: yesterday, ended: yesterday, issued: yesterday }]);
    } finally {
      offline.db.close();
    }
  });

  it('a rejected application keeps no personal data waiting at the kiosk', () => {
    const refused = kiosk.registry.submit(registration(3));
    expect(kiosk.db.prepare('SELECT count(*) AS n FROM outbox_personal_data').get()).toEqual({ n: 1 });
    kiosk.registry.decide(refused.id, { ...APPROVED, outcome: 'reject' });
    expect(kiosk.db.prepare('SELECT count(*) AS n FROM outbox_personal_data').get()).toEqual({ n: 0 });
    expect(kiosk.db.prepare("SELECT count(*) AS n FROM outbox WHERE sealed IS NOT NULL").get()).toEqual({ n: 0 });
  });

  it('a standalone kiosk (no centre configured) writes nothing to the outbox', () => {
    const standalone = openTestRegistry();
    try {
      const application = standalone.registry.submit(registration(4));
      standalone.registry.decide(application.id, APPROVED);
      standalone.audit.append('journey.rated', { stars: 5 });
      expect(standalone.outbox).toBeNull();
      expect(standalone.db.prepare('SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM outbox_personal_data) AS n').get()).toEqual({ n: 0 });
    } finally {
      standalone.db.close();
      rmSync(standalone.dir, { recursive: true, force: true });
    }
  });
});

describe('a batch delivered twice', () => {
  it('applies once, and the second delivery answers the same watermark', async () => {
    for (let n = 0; n < 3; n++) recordLicence(kiosk, 10 + n);
    const batch = { records: kiosk.outbox.pending(100) };
    const first = await client.sync(batch);
    const again = await client.sync(batch);
    expect(first.applied).toBe(batch.records.length);
    expect(again).toEqual({ watermark: first.watermark, applied: 0 });
    expect(first.watermark).toBe(batch.records.at(-1)!.sequence);
    expect(await count('centre_decisions')).toBe(3);
    expect(await count('centre_licence_records')).toBe(3);
    expect(await count('centre_ratings')).toBe(3);
    expect(await count('centre_sync_inbox')).toBe(batch.records.length);
  });
});

describe('personal data in the kiosk files', () => {
  const files = () => Buffer.concat([kiosk.file, `${kiosk.file}-wal`].map((file) => { try { return readFileSync(file); } catch { return Buffer.alloc(0); } }));

  it('waits sealed (no ID number in the database or its WAL) and is gone from both once acknowledged', async () => {
    const issued = [0, 1, 2].map((n) => recordLicence(kiosk, 20 + n));
    const sealed = kiosk.db.prepare<[], string>('SELECT sealed FROM outbox WHERE sealed IS NOT NULL').pluck().all();
    expect(sealed).toHaveLength(3);
    const before = files();
    for (const { idNumber: number } of issued) expect(before.includes(number)).toBe(false);
    // The sealed values are there (this search finds what it looks for) …
    for (const value of sealed) expect(before.includes(value)).toBe(true);

    await drain(outboxSender(kiosk, client, keysDir));

    // … and after the centre's acknowledgement they are in neither file.
    const after = files();
    for (const value of sealed) expect(after.includes(value)).toBe(false);
    expect(idNumber(20)).toBe(issued[0]!.idNumber);
    expect(await count('centre_licence_records')).toBe(3);
  });
});

describe('the kiosk core with a centre configured', () => {
  it('fetches the centre\'s sealing key and sends its outbox by itself, each new event nudging the sender', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'outbox-core-'));
    const id = `LG-CORE-${kiosks}`;
    await enrolTestKiosk(centre.url, centre.pool, id, dataDir, join(dataDir, 'keys'));
    const core = await startTestCore({ KIOSK__KIOSK_ID: id, KIOSK__CENTRE__URL: centre.url }, { dataDir });
    try {
      await vi.waitFor(() => expect(existsSync(join(dataDir, 'keys', CENTRE_SEALING_KEY_FILE))).toBe(true), { timeout: 30_000, interval: 20 });
      await core.downstream!.pull(); // the credit-code leases it issues from
      const application = core.registry.submit(registration(30));
      const { licence } = core.registry.decide(application.id, APPROVED);
      core.audit.append('journey.rated', { stars: 5 });
      const stored = async () => (await centre.pool.query<{ sealed: Buffer }>('SELECT id_number_sealed AS sealed FROM centre_licence_records WHERE kiosk_id = $1 AND credit_code = $2', [id, licence!.creditCode])).rows;
      await vi.waitFor(async () => expect(await stored()).toHaveLength(1), { timeout: 30_000, interval: 20 });
      expect(centre.vault.open((await stored())[0]!.sealed)).toBe(idNumber(30));
      await vi.waitFor(async () => expect((await centre.pool.query('SELECT 1 FROM centre_ratings WHERE kiosk_id = $1 AND score = 5', [id])).rowCount).toBe(1), { timeout: 30_000, interval: 20 });
    } finally {
      await core.dispose();
    }
  }, 120_000);
});

describe('what the centre cannot open', () => {
  it('a batch with personal data sealed to another key is refused whole (422), and the kiosk keeps it', async () => {
    recordLicence(kiosk, 40);
    const records = kiosk.outbox.pending(100);
    const stranger = generateKeyPairSync('x25519').publicKey;
    const forged = records.map((record) =>
      record.kind === 'licence' ? { ...record, personal: seal(stranger, JSON.stringify({ idNumber: idNumber(40), operatorName: '张三' }), personalDataContext(kioskId, record.applicationId)) } : record,
    );
    const refused = await client.sync({ records: forged }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CentreRefusedError);
    expect((refused as CentreRefusedError).refusal.error).toBe('sealed-unreadable');
    expect(await count('centre_sync_inbox')).toBe(0);
    expect(kiosk.outbox.size()).toBe(records.length);
  });

  it('personal data held for an application never decided is dropped after a day', async () => {
    let now = new Date('2026-12-05T08:00:00Z');
    kiosk.db.close();
    kiosk = openOutboxKiosk(dir, centre.url, kioskId, () => now);
    kiosk.registry.submit(registration(41));
    expect(kiosk.db.prepare('SELECT count(*) AS n FROM outbox_personal_data').get()).toEqual({ n: 1 });
    now = new Date('2026-12-06T08:00:01Z');
    await drain(outboxSender(kiosk, client, keysDir));
    expect(kiosk.db.prepare('SELECT count(*) AS n FROM outbox_personal_data').get()).toEqual({ n: 0 });
  });
});

describe('kioskctl centre outbox', () => {
  it('tells a technician what waits for the centre, and that nothing does once it is sent', async () => {
    recordLicence(kiosk, 50);
    const waiting = await kioskctlAsync(['centre', 'outbox', '--db', kiosk.file, '--json']);
    expect(waiting.code).toBe(1);
    expect(JSON.parse(waiting.stdout)).toMatchObject({ pending: { decision: 1, licence: 1, rating: 1, 'audit-head': 1 }, total: 4, personalDataHeld: 0 });
    await drain(outboxSender(kiosk, client, keysDir));
    const empty = await kioskctlAsync(['centre', 'outbox', '--db', kiosk.file]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('outbox empty: the centre has everything');
  });
});
