/**
 * Runs fuzz targets for a number of seeded trials each and counts what happened.
 * A crash is kept with its seed and trial number, so it can be replayed exactly.
 */
import { SeededRandom } from './seeded-random';
import type { FuzzTarget } from './parser-targets';

export interface FuzzTally {
  target: string;
  trials: number;
  accepted: number;
  rejected: number;
  crashes: Array<{ trial: number; message: string }>;
}

/** The generator of trial `index` of a run seeded with `seed`: the same pair replays the same input. */
export function trialRandom(seed: number, index: number): SeededRandom {
  return new SeededRandom((seed * 1_000_003 + index) >>> 0);
}

export async function fuzz(targets: readonly FuzzTarget[], seed: number, trialsPerTarget: number): Promise<FuzzTally[]> {
  const tallies: FuzzTally[] = [];
  for (const target of targets) {
    const tally: FuzzTally = { target: target.name, trials: 0, accepted: 0, rejected: 0, crashes: [] };
    for (let trial = 0; trial < trialsPerTarget; trial++) {
      tally.trials += 1;
      try {
        const verdict = await target.trial(trialRandom(seed, trial));
        tally[verdict] += 1;
      } catch (error) {
        tally.crashes.push({ trial, message: (error as Error)?.message ?? String(error) });
      }
    }
    tallies.push(tally);
  }
  return tallies;
}
