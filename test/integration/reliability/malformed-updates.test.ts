// Malformed updates are refused with a message naming the problem, and the address
// database and rule set in force keep answering exactly as before.
import { describe, expect, it } from 'vitest';
import { addressUpdateTrials, ruleSetUpdateTrials } from './malformed-updates';

describe('malformed updates', () => {
  it('a truncated address database or a CSV cut short is refused and the live database kept', async () => {
    const trials = await addressUpdateTrials();
    expect(trials).toHaveLength(4);
    for (const trial of trials) {
      expect(trial, trial.update).toMatchObject({ refused: true, oldKept: true, message: expect.stringMatching(/\S/) });
    }
    expect(trials[0]!.message).toMatch(/^verification-failed: .*malformed/);
    expect(trials[1]!.message).toMatch(/is not an address database/);
  });

  it('a rule set with schema errors is refused, naming the field, and the shipped set stays in force', () => {
    const trials = ruleSetUpdateTrials();
    for (const trial of trials) expect(trial, trial.update).toMatchObject({ refused: true, oldKept: true });
    expect(trials.map((t) => t.message)).toEqual([
      expect.stringMatching(/rules\.0\.efect: unknown field efect/),
      expect.stringMatching(/rules\.0\.onFail/),
      expect.stringMatching(/version:/),
      expect.stringMatching(/rules: .*expected array/),
      expect.stringMatching(/not valid JSON/),
    ]);
  });
});
