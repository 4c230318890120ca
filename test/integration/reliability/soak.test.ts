// A shorter soak than `npm run reliability` (which runs 2,000 sessions): 300 sessions
// through a real core over the in-memory transport; each ends clean, and neither heap
// nor steady handles grow between the 100th session and the last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core';
import { soakSessions } from './soak';

let core: TestCore;
beforeAll(async () => {
  core = await startTestCore({ KIOSK__LOG__LEVEL: 'silent' });
});
afterAll(async () => {
  await core.dispose();
});

describe('a soak of simulated sessions', () => {
  it('ends every session clean and holds heap and handles steady', async () => {
    const report = await soakSessions(core.server, 300);
    expect(report.problems).toEqual([]);
    expect(report.events).toBeGreaterThan(300); // the renderer saw the sessions move
    expect(report.last.handles).toEqual(report.first.handles);
    expect(Math.abs(report.heapGrowthPercent)).toBeLessThan(5);
  }, 120_000);
});
