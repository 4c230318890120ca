// The renderer is untrusted: a real core is sent a few thousand hostile calls and
// frames over the in-memory transport (fixed seed). Each gets one answer, refusals are
// clear validation errors, and the core still serves an applicant afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionSnapshot } from '../../../core/contract/journey';
import { startTestCore, type TestCore } from '../../support/core';
import { contractFuzz, type ContractFuzz } from './contract-targets';
import { fuzz } from './fuzz-runner';

const SEED = 20260601;
const TRIALS = 700;

let core: TestCore;
let fuzzer: ContractFuzz;

beforeAll(async () => {
  core = await startTestCore({ KIOSK__LOG__LEVEL: 'silent' });
  fuzzer = contractFuzz(core.server);
});

afterAll(async () => {
  fuzzer.close();
  await core.dispose();
});

describe('fuzzing the contract', () => {
  it('answers every hostile call with a result or a validation error, never a crash', async () => {
    const tallies = await fuzz(fuzzer.targets, SEED, TRIALS);
    for (const tally of tallies) {
      expect(tally.crashes, tally.target).toEqual([]);
      expect(tally.rejected, tally.target).toBeGreaterThan(0);
    }
    // The session commands must reach the handlers, not only the schema check.
    expect(tallies[1]!.accepted).toBeGreaterThan(TRIALS / 4);
    expect(fuzzer.badEvents()).toEqual([]);
  }, 120_000);

  it('still serves the next applicant afterwards', async () => {
    expect(await core.server.call('app.info', {}, { peer: 'test' })).toMatchObject({ ok: true });
    await core.server.call('session.send', { type: 'CANCEL' }, { peer: 'test' });
    const started = await core.server.call('session.send', { type: 'START' }, { peer: 'test' });
    expect(started.ok && SessionSnapshot.parse(started.value).state).toBe('welcome');
  });
});
