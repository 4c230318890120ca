// The kiosk journey asks the centre before it decides and confirms each approval to it in
// the same step. Real parts: a PostgreSQL cluster, the centre as a process (the built
// dist/centre/centre.cjs), kiosk cores on simulated hardware enrolled through the real
// protocol, each behind a link the test can cut, hold or make lose a reply. The
// applications go through the core's own journey services (the ones its session uses,
// after the card and face steps, which other tests walk).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addKiosk } from '../../../centre/kiosks';
import { migrate } from '../../../centre/postgres/migrations';
import { SAMPLE_COMMERCIAL_LONGGANG } from '../../../core/address/sample-fixtures';
import { CentreClient } from '../../../core/centre/centre-client';
import { licencesAtCentre } from '../../../core/centre/centre-confirmations';
import { printedLicence } from '../../../core/printing/print-documents';
import type { LicenceCheckAnswer } from '../../../protocol/centre-licence-check';
import type { DecidedOutcome, JourneyApplication, JourneyOutcome, JourneyServices } from '../../../core/session/journey-ports';
import { initSigningKey, kioskKeysDir } from '../../../core/signing/kiosk-keys';
import { FIXTURE_CARDS } from '../../../hardware/idcard/fixtures';
import { composeCreditCode } from '../../../rules/credit-code';
import { kioskctlAsync } from '../../support/cli';
import { eventually, startTestCore, type TestCore } from '../../support/core';
import { LIVE_FACE_ENV, prepareLiveFace, showFace } from '../../support/live-journey';
import { startCentreLink, type CentreLink } from '../../support/centre-link';
import { startCentre, type CentreProcess } from '../../support/centre-process';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { slipQrText } from '../../support/licence-at-centre';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

interface Kiosk {
  id: string;
  core: TestCore;
  services: JourneyServices;
  link: CentreLink;
}

let postgres: TestPostgres;
let pool: pg.Pool;
let centre: CentreProcess;
let centreEnv: NodeJS.ProcessEnv;
let work: string;
const kiosks: Kiosk[] = [];
/** Longgang shops of the sample address base: one business each (the rule set's limit). */
let shops: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'centre-journey-'));
  postgres = await startTestPostgres();
  const url = await postgres.freshDatabase();
  pool = postgres.pool(url, 2);
  await migrate(pool);
  centreEnv = { CENTRE_DATABASE_URL: url, CENTRE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'), CENTRE_DATA_DIR: join(work, 'centre') };
  centre = await startCentre(centreEnv);
}, 90_000);

afterAll(async () => {
  for (const kiosk of kiosks) {
    await kiosk.core.dispose();
    await kiosk.link.close();
  }
  await centre?.stop();
  await postgres?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A kiosk core enrolled at the centre, with its own credit-code block, talking to it through its own link. */
async function startKiosk(id: string, prefix: string, offline: 'refer' | 'provisional', extra: { env?: NodeJS.ProcessEnv; appRoot?: string } = {}): Promise<Kiosk> {
  const dataDir = mkdtempSync(join(tmpdir(), `kiosk-${id}-`));
  const { key } = initSigningKey(kioskKeysDir(dataDir));
  const { code } = await addKiosk(pool, id);
  await CentreClient.enrol({ url: centre.url, kioskId: id, privateKey: key.privateKey, publicKey: key.publicKey, code });
  const link = await startCentreLink(centre.url);
  let services: JourneyServices | undefined;
  const core = await startTestCore(
    {
      KIOSK__KIOSK_ID: id,
      KIOSK__CENTRE: JSON.stringify({ url: link.url, offline, timeoutMs: 3000, retrySeconds: 1 }),
      KIOSK__REGISTRATION__CREDIT_CODE_BLOCK__PREFIX: prefix,
      ...extra.env,
    },
    { dataDir, appRoot: extra.appRoot, journeyServices: (real) => (services = real) },
  );
  const kiosk = { id, core, services: services as JourneyServices, link };
  kiosks.push(kiosk);
  // Its credit-code leases and the restricted list come from the centre: in hand before a test decides.
  await core.downstream!.pull();
  shops ??= longgangShops(kiosk.services);
  return kiosk;
}

/** Rooms of the sample Longgang building the address base knows (the sample fixture's neighbours). */
function longgangShops(services: JourneyServices): string[] {
  const stem = SAMPLE_COMMERCIAL_LONGGANG.slice(0, -3);
  const rooms = Array.from({ length: 40 }, (_, i) => `${stem}${String(i).padStart(3, '0')}`).filter((code) => {
    const found = services.lookupAddress(code);
    return found.ok && found.view.usage === '商业';
  });
  expect(rooms.length).toBeGreaterThanOrEqual(8);
  return rooms;
}

const FACE = { matched: true, distance: 0.3, threshold: 0.57, livenessPassed: true };

function registration(card: keyof typeof FIXTURE_CARDS, tradeName: string, houseCode: string): JourneyApplication {
  return {
    service: 'registration',
    card: FIXTURE_CARDS[card].text,
    face: FACE,
    form: { name: { region: '深圳市龙岗区', tradeName, industry: '图文设计', organisationForm: '店' }, scope: ['M0305'], compositionForm: '个人经营', phone: '13800138000' },
    houseCode,
  };
}

function deregistration(card: keyof typeof FIXTURE_CARDS, creditCode: string): JourneyApplication {
  return { service: 'deregistration', card: FIXTURE_CARDS[card].text, face: FACE, creditCode };
}

function decided(outcome: JourneyOutcome): DecidedOutcome {
  if (outcome.alreadyIssued) throw new Error('expected a decision, got an already-issued licence');
  return outcome;
}

function failed(outcome: DecidedOutcome): { rule: string; zh: string; en: string }[] {
  return outcome.decision.reasons.filter((r) => !r.passed).map((r) => ({ rule: r.rule, zh: r.message['zh-CN'], en: r.message.en }));
}

async function centreLicence(creditCode: string): Promise<{ status: string; kiosk_id: string; provisional: boolean } | undefined> {
  const { rows } = await pool.query('SELECT status, kiosk_id, provisional FROM licences WHERE credit_code = $1', [creditCode]);
  return rows[0];
}

/**
 * What the public check /v/<payload> behind the QR code of the licence's slip (rendered
 * by the kiosk's own print path) shows, and the licence document the kiosk prints.
 */
async function publicCheck(kiosk: Kiosk, creditCode: string) {
  const { core } = kiosk;
  const font = () => {
    throw new Error('only the slip is rendered here');
  };
  const qr = await slipQrText({ licence: (code) => core.registry.licence(code), font, signingKey: core.signingKey, centreUrl: core.config.config.centre?.url }, creditCode);
  const page = await fetch(qr);
  expect(page.status).toBe(200);
  const answer = (await (await fetch(`${centre.url}/api${new URL(qr).pathname}`)).json()) as LicenceCheckAnswer;
  return { answer, paper: printedLicence(core.registry.licence(creditCode)!) };
}

/** The public fields of the printed licence, as the check must show them. */
function asPrinted(paper: ReturnType<typeof printedLicence>) {
  const { creditCode, name, type, operatorName, compositionForm, premisesAddress, businessScope, permitScope, authorityName } = paper;
  return { creditCode, name, type, operatorName, compositionForm, premisesAddress, businessScope, permitScope, authorityName };
}

async function printedFieldsStored(creditCode: string): Promise<string> {
  const { rows } = await pool.query('SELECT row_to_json(p)::text AS json FROM licence_printed_fields p WHERE credit_code = $1', [creditCode]);
  return rows[0]?.json ?? '';
}

function printJobs(kiosk: Kiosk, creditCode: string) {
  return kiosk.core.db.prepare<[string], { document: string }>('SELECT document FROM print_jobs WHERE credit_code = ?').all(creditCode);
}

let a: Kiosk;
let b: Kiosk;
let issuedAtA: string;

describe('a kiosk with a centre', () => {
  beforeAll(async () => {
    [a, b] = await Promise.all([startKiosk('LG-A-01', 'K1', 'refer'), startKiosk('LG-B-01', 'K2', 'refer')]);
  }, 120_000);

  it('issues a name at kiosk A, confirmed to the centre before it is printed; kiosk B is refused that name with the rule\'s reason', async () => {
    const atA = decided(await a.services.submit(registration('zhangWei', '精锐', shops[0]!)));
    expect(atA.decision.outcome).toBe('approve');
    issuedAtA = atA.licence?.creditCode as string;
    expect(await centreLicence(issuedAtA)).toMatchObject({ status: 'active', kiosk_id: 'LG-A-01', provisional: false });
    expect(printJobs(a, issuedAtA).length).toBeGreaterThan(0);
    expect(a.core.centre?.confirmations.get(atA.applicationId)).toMatchObject({ state: 'confirmed', provisional: false });

    // Another applicant, another shop in the same district: only the name is the same.
    const atB = decided(await b.services.submit(registration('liXiuying', '精锐', shops[1]!)));
    expect(atB.decision.outcome).toBe('reject');
    expect(atB.licence).toBeNull();
    expect(failed(atB)).toEqual([{ rule: 'name-unique', zh: expect.stringContaining('精锐'), en: expect.any(String) }]);
    expect(b.core.registry.activeLicencesOf(FIXTURE_CARDS.liXiuying.text.idNumber)).toEqual([]);
  }, 60_000);

  it('the QR code of the licence kiosk A printed opens the public check with its type, scope and issuing authority as on the paper', async () => {
    const { answer, paper } = await publicCheck(a, issuedAtA);
    expect(answer).toMatchObject({ signature: 'valid', registry: 'active', reviewFlag: null, licence: asPrinted(paper) });
    expect(paper.businessScope.length).toBeGreaterThan(0);
    // The centre keeps what the paper shows, nothing more: no ID number, not even masked.
    const stored = await printedFieldsStored(issuedAtA);
    expect(stored).toContain(paper.authorityName);
    expect(stored).not.toContain(FIXTURE_CARDS.zhangWei.text.idNumber);
    expect(stored).not.toMatch(/\d{6}\*+/);
  }, 60_000);

  it('tells the applicant why and keeps nothing when the centre refuses the issue: the lease lapsed and another kiosk took the name', async () => {
    const held = a.link.hold('/v1/issue');
    const submitting = a.services.submit(registration('wangFang', '星河', shops[2]!));
    await held.arrived;
    // A's decision waits on its way to the centre; meanwhile its lease lapses and kiosk C is issued the name.
    await pool.query(`UPDATE name_occupancy SET lease_expires_at = now() - interval '1 second' WHERE trade_name = '星河'`);
    const c = await enrolTestKiosk(centre.url, pool, 'LG-C-01', work);
    const facts = { service: 'registration' as const, applicationId: 'c-application-0001', districtCode: '440307', houseCode: shops[3]!, name: { tradeName: '星河', industry: '图文设计' }, maxBusinessesAtAddress: 1 };
    expect(await c.client.facts(facts)).toMatchObject({ nameTaken: false });
    const { service: _service, ...issue } = facts;
    const creditCode = composeCreditCode({ authority: '9', entityType: '2', regionCode: '440307', organisationBody: 'K9000001' });
    expect(await c.client.issue({ ...issue, creditCode, fullName: null, operatorName: '陈明', operatorIdNumber: '440307199001010010', issuedAt: new Date().toISOString() })).toMatchObject({ status: 'active' });
    held.release();

    const refused = decided(await submitting);
    expect(refused.decision.outcome).toBe('reject');
    expect(refused.licence).toBeNull();
    expect(failed(refused)).toEqual([{ rule: 'centre-refused', zh: expect.stringContaining('登记中心未确认'), en: expect.stringContaining('did not confirm') }]);
    // Nothing printed, nothing kept as issued.
    expect(a.core.registry.activeLicencesOf(FIXTURE_CARDS.wangFang.text.idNumber)).toEqual([]);
    expect(a.core.registry.decision(refused.applicationId)?.outcome).toBe('reject');
    expect(a.core.centre?.confirmations.get(refused.applicationId)).toMatchObject({ state: 'refused', reason: 'lease-lost' });
  }, 60_000);

  it('issues once when the centre\'s reply is lost: the applicant\'s retry finds the licence, not a duplicate of it', async () => {
    const lost = a.link.loseReplyOf('/v1/issue');
    const first = decided(await a.services.submit(registration('liXiuying', '云帆', shops[4]!)));
    await lost;
    // No answer: sent to the counter with the reason; the confirmation stays owed, nothing printed yet.
    expect(first.decision.outcome).toBe('refer');
    expect(failed(first).map((r) => r.rule)).toEqual(['centre-unavailable']);
    expect(a.core.centre?.confirmations.get(first.applicationId)).toMatchObject({ state: 'pending', provisional: false });

    const retry = await a.services.submit(registration('liXiuying', '云帆', shops[4]!));
    expect(retry).toMatchObject({ alreadyIssued: true, applicationId: first.applicationId });
    const { rows } = await pool.query(`SELECT credit_code, application_id FROM licences WHERE trade_name = '云帆'`);
    expect(rows).toEqual([{ credit_code: retry.licence?.creditCode, application_id: first.applicationId }]);
    expect(a.core.centre?.confirmations.get(first.applicationId)).toMatchObject({ state: 'confirmed' });
    // Recorded only now, the licence is still the one the centre was told of, printed fields and all.
    const { answer, paper } = await publicCheck(a, retry.licence?.creditCode as string);
    expect(answer).toMatchObject({ signature: 'valid', registry: 'active', licence: asPrinted(paper) });
  }, 60_000);

  it('deregisters at kiosk B a licence issued at kiosk A, confirmed to the centre, and prints the notice', async () => {
    const listed = await b.services.activeLicences(FIXTURE_CARDS.zhangWei.text.idNumber);
    expect(listed).toEqual({ licences: [{ creditCode: issuedAtA, name: '深圳市龙岗区精锐图文设计店', registrationDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), address: expect.stringContaining('龙岗区') }] });
    const outcome = decided(await b.services.submit(deregistration('zhangWei', issuedAtA)));
    expect(outcome.decision.outcome).toBe('approve');
    expect(await centreLicence(issuedAtA)).toMatchObject({ status: 'deregistered' });
    expect(b.core.registry.licence(issuedAtA)).toMatchObject({ status: 'deregistered', kioskId: 'LG-A-01' });
    expect(printJobs(b, issuedAtA)).toEqual([{ document: 'deregistration-notice' }]);
    // The name is free again in the registry, and nobody lists the licence as active.
    expect(await b.services.activeLicences(FIXTURE_CARDS.zhangWei.text.idNumber)).toEqual({ licences: [] });
    const reused = decided(await b.services.submit(registration('liXiuying', '精锐', shops[1]!)));
    expect(reused.decision.outcome).toBe('approve');
  }, 60_000);

  it('sends registration and deregistration to the counter, saying why, while the centre cannot be reached', async () => {
    b.link.target = null;
    try {
      const outcome = decided(await b.services.submit(registration('wangFang', '远航', shops[5]!)));
      expect(outcome).toMatchObject({ licence: null, decision: { outcome: 'refer' } });
      expect(failed(outcome)).toEqual([{ rule: 'centre-unavailable', zh: expect.stringContaining('无法连接登记中心'), en: expect.stringContaining('cannot be reached') }]);
      expect(b.core.registry.decision(outcome.applicationId)?.outcome).toBe('refer');
      const listing = await b.services.activeLicences(FIXTURE_CARDS.liXiuying.text.idNumber);
      expect(listing).toEqual({ referral: { code: 'centre-unavailable', message: { 'zh-CN': expect.stringContaining('人工窗口'), en: expect.stringContaining('service counter') } } });
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM licences WHERE trade_name = '远航'`);
      expect(rows[0].n).toBe(0);
    } finally {
      b.link.target = centre.url;
    }
  }, 60_000);
});

describe('a kiosk whose offline policy is provisional', () => {
  let p: Kiosk;
  beforeAll(async () => {
    p = await startKiosk('LG-P-01', 'K3', 'provisional');
  }, 120_000);

  it('issues on its own facts while the centre is down, shows the licence as provisional, and has it confirmed once the centre is back', async () => {
    await centre.stop();
    const outcome = decided(await p.services.submit(registration('zhangWei', '晨光', shops[6]!)));
    expect(outcome.decision.outcome).toBe('approve');
    const creditCode = outcome.licence?.creditCode as string;
    expect(printJobs(p, creditCode).length).toBeGreaterThan(0);
    expect(licencesAtCentre(p.core.db).find((l) => l.creditCode === creditCode)).toMatchObject({ centre: 'provisional', status: 'active' });
    // The owed request holds the ID number: only sealed, and only until the centre answers.
    const sealed = () => p.core.db.prepare<[string], Buffer | null>('SELECT request_sealed FROM centre_confirmations WHERE application_id = ?').pluck().get(outcome.applicationId);
    expect(sealed()?.includes(Buffer.from(FIXTURE_CARDS.zhangWei.text.idNumber))).toBe(false);
    const listing = await kioskctlAsync(['registry', 'licences', '--db', p.core.config.databasePath]);
    expect(listing).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`${creditCode}\\s+active.*centre: provisional`)) });

    centre = await startCentre(centreEnv);
    for (const kiosk of kiosks) kiosk.link.target = centre.url;
    // The background retry (every second here) confirms it.
    await eventually(() => p.core.centre?.confirmations.get(outcome.applicationId)?.state, (state) => state === 'confirmed', 20_000);
    expect(await centreLicence(creditCode)).toMatchObject({ status: 'active', kiosk_id: 'LG-P-01', provisional: true });
    expect(licencesAtCentre(p.core.db).find((l) => l.creditCode === creditCode)).toMatchObject({ centre: 'confirmed' });
    expect(sealed()).toBeNull();
    // Confirmed later, the provisional licence shows at the public check as printed too.
    const { answer, paper } = await publicCheck(p, creditCode);
    expect(answer).toMatchObject({ signature: 'valid', registry: 'active', licence: asPrinted(paper) });
  }, 90_000);

  it('records a case for staff at the centre when a provisional licence\'s name was issued elsewhere meanwhile', async () => {
    p.link.target = null;
    const offline = decided(await p.services.submit(registration('wangFang', '海潮', shops[7]!)));
    expect(offline.decision.outcome).toBe('approve');
    const creditCode = offline.licence?.creditCode as string;
    // Meanwhile kiosk A, online, is issued the same name.
    const online = decided(await a.services.submit(registration('zhangWei', '海潮', shops[8] ?? shops[2]!)));
    expect(online.decision.outcome).toBe('approve');

    p.link.target = centre.url;
    await eventually(() => p.core.centre?.confirmations.get(offline.applicationId)?.state, (state) => state === 'conflict', 20_000);
    const { rows } = await pool.query(`SELECT id::text, kiosk_id, credit_code, conflict, status FROM cases`);
    expect(rows).toEqual([{ id: expect.any(String), kiosk_id: 'LG-P-01', credit_code: creditCode, conflict: 'name', status: 'open' }]);
    // Never merged: the registry keeps A's licence only; the kiosk records the conflict and its case.
    expect(await centreLicence(creditCode)).toBeUndefined();
    expect(licencesAtCentre(p.core.db).find((l) => l.creditCode === creditCode)).toMatchObject({ centre: 'conflict', caseId: rows[0].id, reason: 'lease-lost' });
  }, 90_000);
});

describe('the applicant at a kiosk whose centre cannot be reached', () => {
  it('is shown why and sent to the counter, over the contract the screens use', async () => {
    const live = await prepareLiveFace();
    const d = await startKiosk('LG-D-01', 'K4', 'refer', { env: { ...LIVE_FACE_ENV }, appRoot: live.appRoot });
    d.link.target = null;
    const { session } = d.core;
    session.send({ type: 'START' });
    session.send({ type: 'CHOOSE_SERVICE', service: 'deregistration' });
    session.send({ type: 'CONSENT', general: true, face: true });
    d.core.devices.simulation?.idcard.insert('zhangWei');
    const face = await eventually(() => session.snapshot(), (s) => s.state === 'face', 60_000);
    await showFace(live, face, (command) => session.send(command), () => session.snapshot());
    const referral = await eventually(() => session.snapshot(), (s) => s.state !== 'face', 20_000);
    expect(referral).toMatchObject({
      state: 'referral',
      counter: '1',
      problem: { code: 'centre-unavailable', message: { 'zh-CN': expect.stringContaining('无法连接登记中心'), en: expect.stringContaining('cannot be reached') } },
    });
    rmSync(live.appRoot, { recursive: true, force: true });
  }, 180_000);
});
