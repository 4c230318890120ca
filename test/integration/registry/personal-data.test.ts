// What the kiosk keeps of an applicant, searched byte by byte: every fixture card goes
// through the journey's own services (the facts they build from the card, the face check
// and the form, decided by the shipped rules and recorded by the real registry), with a
// restricted list naming two of the cards. Then the database file, its WAL, and the
// core's log at its most verbose level are searched for each card's full ID number and
// birth date: the masked number hides exactly the birth date, so neither may be there.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_COMMERCIAL_FUTIAN, SAMPLE_COMMERCIAL_LONGGANG, SAMPLE_COMMERCIAL_NANSHAN } from '../../../core/address/sample-fixtures';
import { restrictedListReader } from '../../../core/approval/restricted-list';
import { createLogger } from '../../../core/log';
import type { Decision } from '../../../core/registry/registry';
import { createJourneyServices } from '../../../core/session/journey-services';
import { CurrentData } from '../../../core/updates/current-data';
import { FIXTURE_CARDS } from '../../../hardware/idcard/fixtures';
import { startTestCore, type TestCore } from '../../support/core';

const CARDS = Object.values(FIXTURE_CARDS).map((fixture) => fixture.text);
const HOUSE_CODES = [SAMPLE_COMMERCIAL_LONGGANG, SAMPLE_COMMERCIAL_FUTIAN, SAMPLE_COMMERCIAL_NANSHAN];
const FACE = { matched: true, distance: 0.31, threshold: 0.45, livenessPassed: true };

let core: TestCore;
let data: CurrentData;
let dir: string;
let logFile: string;
let listFile: string;
const decisions: Decision[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'personal-data-'));
  logFile = join(dir, 'kiosk.log');
  listFile = join(dir, 'restricted.txt');
  writeFileSync(listFile, `# version: 2026-17\n${FIXTURE_CARDS.liXiuying.text.idNumber}\n${FIXTURE_CARDS.liuYang.text.idNumber}\n`);
  const logger = createLogger('trace', pino.destination({ dest: logFile, sync: true }));
  core = await startTestCore({}, { logger });
  data = new CurrentData(core.config);
  const services = createJourneyServices({
    idCardReader: core.devices.idCardReader(),
    photoDecoder: core.devices.photoDecoder(),
    faceAnalyser: () => Promise.reject(new Error('no face is described in this test')),
    addresses: data.addresses(),
    sessionData: () => data.forSession(),
    restrictedList: restrictedListReader(listFile, dir),
    registry: core.registry,
    audit: core.audit,
    printQueue: core.printQueue,
    authorityRegion: core.config.config.registration.authorityRegion,
    logger,
  });
  for (const [n, card] of CARDS.entries()) {
    const form = { name: { region: services.nameRegion(), tradeName: `精锐${'一二三四五'[n]}`, industry: '图文设计', organisationForm: '店' }, scope: ['M0305'], compositionForm: '个人经营' as const, phone: '13800138000' };
    const registered = await services.submit({ service: 'registration', card, face: FACE, form, houseCode: HOUSE_CODES[n % HOUSE_CODES.length] as string });
    decisions.push(core.registry.decision(registered.applicationId) as Decision);
    // A card refused a licence asks to deregister one that does not exist: that is decided and recorded too.
    const creditCode = registered.licence?.creditCode ?? '92440300MA5EQ7GQ4X';
    const deregistered = await services.submit({ service: 'deregistration', card, face: FACE, creditCode });
    decisions.push(core.registry.decision(deregistered.applicationId) as Decision);
  }
}, 120_000);

afterAll(async () => {
  data?.close();
  await core?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every file of the kiosk database as it is on disk now: the main file, its WAL and shared memory. */
function databaseFiles(): Map<string, Buffer> {
  const names = readdirSync(core.dataDir).filter((name) => name.startsWith('kiosk.sqlite'));
  return new Map(names.map((name) => [name, readFileSync(join(core.dataDir, name))]));
}

/** How a birth date could be written: as on the card, as in ISO, as the ID number's digits. */
function birthDateForms(card: (typeof CARDS)[number]): string[] {
  const { birthDate } = card;
  return [birthDate, `${birthDate.slice(0, 4)}-${birthDate.slice(4, 6)}-${birthDate.slice(6, 8)}`];
}

describe('personal data the kiosk keeps', () => {
  it('every card was decided and recorded, registration and deregistration', () => {
    expect(decisions).toHaveLength(CARDS.length * 2);
    expect(new Set(decisions.map((d) => d.outcome))).toContain('approve');
  });

  it('no full ID number and no birth date in the database file or its WAL, while the kiosk runs', () => {
    const files = databaseFiles();
    expect([...files.keys()]).toContain('kiosk.sqlite-wal');
    expect(files.get('kiosk.sqlite-wal')?.length).toBeGreaterThan(0);
    for (const card of CARDS) {
      for (const [name, bytes] of files) {
        expect(bytes.includes(card.idNumber), `${card.idNumber} in ${name}`).toBe(false);
        for (const form of birthDateForms(card)) expect(bytes.includes(form), `${form} (${card.name}) in ${name}`).toBe(false);
      }
    }
  });

  it('no full ID number and no birth date in the log', () => {
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('kiosk core ready');
    for (const card of CARDS) {
      expect(log).not.toContain(card.idNumber);
      for (const form of birthDateForms(card)) expect(log).not.toContain(form);
    }
  });

  it('a decision keeps the age band the rules needed, and the restricted list only by its version and SHA-256', () => {
    type Recorded = { service: string; applicant: Record<string, unknown>; lists: Record<string, unknown> };
    // 李秀英, born 1958 and on the restricted list.
    const restricted = decisions.find((d) => (d.facts as Recorded).service === 'registration' && (d.facts as Recorded).applicant.name === '李秀英') as Decision;
    const facts = restricted.facts as Recorded;
    expect(facts.applicant).toEqual({ name: '李秀英', idNumberMasked: '440304********0241', ageBand: '60+', validFrom: '20120611', validTo: '长期' });
    expect(facts.lists).toEqual({ existingNames: expect.any(Array), activeBusinessesAtAddress: expect.any(Number) });
    expect(restricted.data.restrictedList).toEqual({ version: '2026-17', hash: createHash('sha256').update(readFileSync(listFile)).digest('hex') });
    expect((restricted.reasons as { id: string; passed: boolean }[]).find((r) => r.id === 'not-restricted')?.passed).toBe(false);
  });
});
