import { describe, expect, it } from 'vitest';
import { chooseThreshold, chooseThresholdByRule, describeDistribution, errorRates, histogram } from '../../../face/calibration';

const genuine = [0.2, 0.3, 0.35, 0.4, 0.5];
const impostor = [0.45, 0.6, 0.7, 0.8, 0.9, 1.0, 0.65, 0.75, 0.85, 0.95];

describe('threshold calibration', () => {
  it('counts impostor pairs at or below the threshold as false accepts and genuine pairs above it as false rejects', () => {
    expect(errorRates(genuine, impostor, 0.45)).toEqual({
      threshold: 0.45,
      falseAccepts: 1,
      impostorPairs: 10,
      far: 0.1,
      falseRejects: 1,
      genuinePairs: 5,
      frr: 0.2,
    });
  });

  it('chooses the most lenient threshold whose false-accept rate stays within the limit', () => {
    expect(chooseThreshold(genuine, impostor, 0).threshold).toBe(0.445);
    expect(chooseThreshold(genuine, impostor, 0.1).threshold).toBe(0.595);
    expect(chooseThreshold(genuine, impostor, 0.1, 0.05).threshold).toBe(0.55);
  });

  it('describes a distribution by nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
    expect(describeDistribution(values)).toEqual({ count: 100, min: 0.01, p5: 0.05, p25: 0.25, median: 0.5, p75: 0.75, p95: 0.95, max: 1 });
  });

  it('bins values from the lowest to the highest bin, empty bins included', () => {
    expect(histogram([0.21, 0.24, 0.41], 0.1)).toEqual([
      { from: 0.2, count: 2 },
      { from: 0.3, count: 0 },
      { from: 0.4, count: 1 },
    ]);
    expect(histogram([], 0.1)).toEqual([]);
  });
});

describe('the written threshold rule', () => {
  // Impostors with mean 0.85 and sd 0.1 (a normal's 1-in-10,000 lower tail at 0.478), lowest 0.70.
  const spread = [0.7, 0.75, 0.8, 0.85, 0.85, 0.85, 0.9, 0.95, 1.0];
  const genuine = [0.3, 0.4, 0.45, 0.5];

  it('stays below the lowest impostor and below the impostor tail estimate, whichever is stricter', () => {
    const outcome = chooseThresholdByRule(genuine, spread);
    expect(outcome.lowestImpostor).toBe(0.7);
    expect(outcome.zeroFalseAccept).toBe(0.69);
    expect(outcome.impostorMean).toBeCloseTo(0.85, 6);
    expect(outcome.tailDistance).toBeCloseTo(0.85 - 3.719 * outcome.impostorSd, 6);
    expect(outcome.chosen.threshold).toBeLessThan(outcome.tailDistance);
    expect(outcome.chosen.threshold).toBeGreaterThan(outcome.tailDistance - 0.01);
    expect(outcome.chosen.falseAccepts).toBe(0);
  });

  it('never goes up to the domain ceiling, however far the impostors are', () => {
    const far = [1.2, 1.21, 1.22, 1.23];
    expect(chooseThresholdByRule(genuine, far).chosen.threshold).toBe(0.59);
    expect(chooseThresholdByRule(genuine, far, { ceiling: 0.5 }).chosen.threshold).toBe(0.49);
  });

  it('refuses odds it has no quantile for, and a set without impostors', () => {
    expect(() => chooseThresholdByRule(genuine, spread, { tailOdds: 50 })).toThrow(/tailOdds/);
    expect(() => chooseThresholdByRule(genuine, [0.8])).toThrow(/two impostor pairs/);
  });
});
