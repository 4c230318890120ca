// Every parser of outside input, fed a few thousand hostile inputs (fixed seed): each
// is accepted or rejected with a reason the applicant can read; none crashes.
// `npm run reliability` runs the same targets with many more trials.
import { describe, expect, it } from 'vitest';
import { fuzz } from './fuzz-runner';
import { parserTargets } from './parser-targets';

const SEED = 20260601;
const TRIALS = 400;

describe('fuzzing the parsers', () => {
  const targets = parserTargets();

  it.each(targets.map((t) => [t.name, t] as const))('%s never crashes', async (_name, target) => {
    const [tally] = await fuzz([target], SEED, TRIALS);
    expect(tally!.crashes).toEqual([]);
    // A fuzz that only ever reaches the first check proves little: both outcomes must occur.
    expect(tally!.rejected).toBeGreaterThan(0);
    expect(tally!.accepted + tally!.rejected).toBe(TRIALS);
  });
});

describe('the fuzz runner', () => {
  it('reports a parser that throws something other than its own rejection, with the trial to replay', async () => {
    const brittle = { name: 'brittle', trial: (random: { int(a: number, b: number): number }) => (random.int(0, 9) === 0 ? (null as unknown as { x: 'accepted' }).x : 'rejected' as const) };
    const [tally] = await fuzz([brittle], SEED, 100);
    expect(tally!.crashes.length).toBeGreaterThan(0);
    expect(tally!.crashes[0]).toMatchObject({ trial: expect.any(Number), message: expect.stringMatching(/null/) });
  });
});
