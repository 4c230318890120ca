// A shorter soak than `npm run reliability` (which runs 2,000 sessions): 160 sessions
// through a real core over the in-memory transport, every fourth a whole registration
// (card, face, form, house code, decision, licence printed, rating). Each ends clean,
// every licence is issued once and printed once, and neither heap nor steady handles
// grow between the 100th session and the last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core';
import { FACE_JOURNEY_ENV, prepareFaceJourney, type FaceJourneyKit } from './registration-journey';
import { soakSessions } from './soak';

let kit: FaceJourneyKit;
let core: TestCore;
beforeAll(async () => {
  kit = await prepareFaceJourney();
  core = await startTestCore({ ...FACE_JOURNEY_ENV, KIOSK__LOG__LEVEL: 'silent' }, { appRoot: kit.appRoot });
}, 180_000);
afterAll(async () => {
  await core?.dispose();
  kit?.dispose();
});

describe('a soak of simulated sessions', () => {
  it('ends every session clean, issues and prints each licence once, and holds heap and handles steady', async () => {
    const report = await soakSessions(core, 160, { journey: kit, journeyEvery: 4 });
    expect(report.problems).toEqual([]);
    expect(report.events).toBeGreaterThan(160); // the renderer saw the sessions move
    expect(report.journeys).toBe(40);
    expect(report.licences).toMatchObject({ issued: 40, lost: 0, duplicated: 0, unprinted: 0, printedTwice: 0, pdfs: 40 });
    expect(report.last.handles).toEqual(report.first.handles);
    expect(Math.abs(report.heapGrowthPercent)).toBeLessThan(5);
  }, 300_000);
});
