/**
 * Error rates of a distance threshold over labelled pairs: genuine pairs (same person)
 * rejected are false rejects, impostor pairs (different people) accepted are false
 * accepts. A pair is accepted when its distance is at most the threshold, as in
 * verification.ts.
 */

export interface ErrorRates {
  threshold: number;
  falseAccepts: number;
  impostorPairs: number;
  /** falseAccepts / impostorPairs */
  far: number;
  falseRejects: number;
  genuinePairs: number;
  /** falseRejects / genuinePairs */
  frr: number;
}

export function errorRates(genuine: readonly number[], impostor: readonly number[], threshold: number): ErrorRates {
  const falseAccepts = impostor.filter((d) => d <= threshold).length;
  const falseRejects = genuine.filter((d) => d > threshold).length;
  return {
    threshold,
    falseAccepts,
    impostorPairs: impostor.length,
    far: impostor.length ? falseAccepts / impostor.length : 0,
    falseRejects,
    genuinePairs: genuine.length,
    frr: genuine.length ? falseRejects / genuine.length : 0,
  };
}

/**
 * The most lenient threshold on a grid of `step` whose false-accept rate stays within
 * `maxFar`: the fewest false rejects that security allows.
 */
export function chooseThreshold(genuine: readonly number[], impostor: readonly number[], maxFar: number, step = 0.005): ErrorRates {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  let best = errorRates(genuine, impostor, 0);
  for (let i = 1; i * step <= 2; i += 1) {
    const threshold = Number((i * step).toFixed(decimals));
    const rates = errorRates(genuine, impostor, threshold);
    if (rates.far > maxFar) break;
    best = rates;
  }
  return best;
}

export interface Distribution {
  count: number;
  min: number;
  p5: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  max: number;
}

export function describeDistribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank percentile.
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
  return { count: sorted.length, min: at(0), p5: at(0.05), p25: at(0.25), median: at(0.5), p75: at(0.75), p95: at(0.95), max: at(1) };
}

/** Counts per bin of `width`, from the bin holding the smallest value to the one holding the largest. */
export function histogram(values: readonly number[], width: number): { from: number; count: number }[] {
  if (values.length === 0) return [];
  const first = Math.floor(Math.min(...values) / width);
  const last = Math.floor(Math.max(...values) / width);
  const bins = Array.from({ length: last - first + 1 }, (_, i) => ({ from: Number(((first + i) * width).toFixed(6)), count: 0 }));
  for (const value of values) {
    const bin = bins[Math.floor(value / width) - first];
    if (bin) bin.count += 1;
  }
  return bins;
}
