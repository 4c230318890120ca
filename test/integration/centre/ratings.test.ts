// The figures of /ratings on a real PostgreSQL, from rows in the contract tables (as /v1/sync
// writes them) and licences issued through /v1/issue: counts by China Standard Time day,
// hall and kiosk, where sessions end, referral reasons, and the median time to a licence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RatingsStore } from '../../../centre/ratings/ratings-store';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { issueTestLicence } from '../../support/centre-licences';
import { startCentreInProcess, type InProcessCentre } from '../../support/centre-in-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

let postgres: TestPostgres;
let work: string;
let centre: InProcessCentre;

beforeAll(async () => {
  postgres = await startTestPostgres();
  work = mkdtempSync(join(tmpdir(), 'centre-ratings-'));
  centre = await startCentreInProcess(await postgres.freshDatabase());
}, 60_000);
afterAll(async () => {
  await centre?.close();
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

let sequence = 0;
async function rating(kioskId: string, score: number, at: string): Promise<void> {
  await centre.pool.query('INSERT INTO centre_ratings (kiosk_id, sequence, score, rated_at) VALUES ($1, $2, $3, $4)', [kioskId, ++sequence, score, at]);
}
async function sessionEnd(kioskId: string, step: string, reason: string, cardToLicenceMs: number | null, at: string): Promise<void> {
  await centre.pool.query(
    `INSERT INTO centre_session_ends (kiosk_id, sequence, service, last_step, end_reason, card_to_licence_ms, ended_at) VALUES ($1, $2, 'registration', $3, $4, $5, $6)`,
    [kioskId, ++sequence, step, reason, cardToLicenceMs, at],
  );
}
async function decision(kioskId: string, outcome: 'approved' | 'referred', reasons: string[], at: string): Promise<void> {
  await centre.pool.query(
    `INSERT INTO centre_decisions (kiosk_id, sequence, application_id, service, outcome, reasons, rule_set_version, decided_at) VALUES ($1, $2, $3, 'registration', $4, $5, 'r1', $6)`,
    [kioskId, ++sequence, `app-${sequence}`, outcome, reasons, at],
  );
}

it('counts ratings per day, hall and kiosk, where sessions end, referral reasons, licences per day and the median time to licence', async () => {
  // 2026-12-01 23:30 China time is still the 1st; 2026-12-02 00:30 is the 2nd.
  await rating('LG-PH-01', 5, '2026-12-01T15:30:00Z');
  await rating('LG-PH-01', 4, '2026-12-01T16:30:00Z');
  await rating('LG-PH-02', 5, '2026-12-02T03:00:00Z');
  await rating('FT-HQ-01', 1, '2026-12-02T04:00:00Z');
  await rating('FT-HQ-01', 3, '2026-12-05T04:00:00Z'); // outside the period
  for (const ms of [40_000, 50_000, 70_000, 200_000]) await sessionEnd('LG-PH-01', 'print', 'done', ms, '2026-12-02T02:00:00Z');
  await sessionEnd('LG-PH-02', 'decision', 'name-unique', null, '2026-12-02T02:00:00Z');
  await sessionEnd('FT-HQ-01', 'face', 'abandoned', null, '2026-12-02T02:00:00Z');
  await sessionEnd('FT-HQ-01', 'face', 'abandoned', null, '2026-12-02T02:10:00Z');
  await decision('LG-PH-02', 'referred', ['name-unique', 'scope-permit'], '2026-12-02T02:00:00Z');
  await decision('FT-HQ-01', 'referred', ['name-unique'], '2026-12-02T03:00:00Z');
  await decision('LG-PH-01', 'approved', [], '2026-12-02T03:00:00Z');
  const kiosk = (await enrolTestKiosk(centre.url, centre.pool, 'LG-PH-01', work)).client;
  for (const at of ['2026-12-01T15:00:00Z', '2026-12-01T17:00:00Z', '2026-12-02T05:00:00Z']) {
    await issueTestLicence(kiosk, { houseCode: '4403070030030400042000003', issuedAt: new Date(at) });
  }

  const store = new RatingsStore(centre.pool);
  const report = await store.report({ from: '2026-12-01', to: '2026-12-03' });
  expect(report.ratings).toEqual({ counts: [1, 0, 0, 1, 2], total: 4, mean: 3.75 });
  expect(report.byDay).toEqual([
    { day: '2026-12-01', counts: [0, 0, 0, 0, 1], total: 1, mean: 5 },
    { day: '2026-12-02', counts: [1, 0, 0, 1, 1], total: 3, mean: 3.33 },
  ]);
  expect(report.byHall.map((h) => [h.hall, h.total, h.mean])).toEqual([
    ['FT-HQ', 1, 1],
    ['LG-PH', 3, 4.67],
  ]);
  expect(report.byKiosk.map((k) => [k.hall, k.kioskId, k.counts])).toEqual([
    ['FT-HQ', 'FT-HQ-01', [1, 0, 0, 0, 0]],
    ['LG-PH', 'LG-PH-01', [0, 0, 0, 1, 1]],
    ['LG-PH', 'LG-PH-02', [0, 0, 0, 0, 1]],
  ]);
  expect(report.sessionEnds).toEqual([
    { step: 'print', reason: 'done', count: 4 },
    { step: 'face', reason: 'abandoned', count: 2 },
    { step: 'decision', reason: 'name-unique', count: 1 },
  ]);
  expect(report.referralReasons).toEqual([
    { reason: 'name-unique', count: 2 },
    { reason: 'scope-permit', count: 1 },
  ]);
  expect(report.licencesPerDay).toEqual([
    { day: '2026-12-01', count: 1 },
    { day: '2026-12-02', count: 2 },
  ]);
  expect(report.timeToLicence.count).toBe(4);
  expect(report.timeToLicence.medianMs).toBe(60_000);
  expect(report.timeToLicence.histogram.filter((b) => b.count > 0)).toEqual([
    { fromSeconds: 30, toSeconds: 45, count: 1 },
    { fromSeconds: 45, toSeconds: 60, count: 1 },
    { fromSeconds: 60, toSeconds: 90, count: 1 },
    { fromSeconds: 180, toSeconds: 300, count: 1 },
  ]);
  expect(report.timeToLicence.medianByDay).toEqual([{ day: '2026-12-02', medianMs: 60_000 }]);

  // Narrowed to one hall, and to one kiosk.
  const hall = await store.report({ from: '2026-12-01', to: '2026-12-03', hall: 'FT-HQ' });
  expect([hall.ratings.total, hall.sessionEnds, hall.referralReasons, hall.licencesPerDay]).toEqual([1, [{ step: 'face', reason: 'abandoned', count: 2 }], [{ reason: 'name-unique', count: 1 }], []]);
  const one = await store.report({ from: '2026-12-02', to: '2026-12-02', kiosk: 'LG-PH-02' });
  expect([one.ratings.counts, one.timeToLicence.medianMs]).toEqual([[0, 0, 0, 0, 1], null]);
});
