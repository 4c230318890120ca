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

export interface RuleOptions {
  /** The margin covers the impostor that 1 in this many impostor pairs would reach. */
  tailOdds?: number;
  /** Never at or above this distance, whatever a small set shows (the domain facts). */
  ceiling?: number;
  /** Grid of the threshold: 0.01, the precision the approval messages show. */
  step?: number;
}

export interface RuleOutcome {
  lowestImpostor: number;
  /** The most lenient grid threshold with no false accept on the set. */
  zeroFalseAccept: number;
  impostorMean: number;
  impostorSd: number;
  tailOdds: number;
  /** mean − z·sd of the impostor distances, z the normal quantile of 1 / tailOdds. */
  tailDistance: number;
  /** How far below the lowest impostor the chosen threshold lies. */
  margin: number;
  ceiling: number;
  chosen: ErrorRates;
}

/** Upper-tail quantiles of the standard normal for the odds the rule accepts. */
const NORMAL_QUANTILE: Record<number, number> = { 1000: 3.09, 10_000: 3.719, 100_000: 4.265 };

/**
 * The written rule. A false accept hands someone else a licence in the applicant's name;
 * a false reject sends the applicant to a counter where an officer looks at the card.
 * So security comes first and leniency second:
 * 1. no impostor pair of the set may be accepted;
 * 2. a small set does not hold the closest impostors of a whole population: the
 *    threshold also stays below the distance that 1 impostor pair in `tailOdds` would
 *    reach, estimated from a normal fit of the impostor distances (their lower tail);
 * 3. and below the domain's ceiling;
 * within those, the most lenient grid value: the fewest referrals security allows.
 */
export function chooseThresholdByRule(genuine: readonly number[], impostor: readonly number[], options: RuleOptions = {}): RuleOutcome {
  const { tailOdds = 10_000, ceiling = 0.6, step = 0.01 } = options;
  const z = NORMAL_QUANTILE[tailOdds];
  if (z === undefined) throw new RangeError(`tailOdds must be one of ${Object.keys(NORMAL_QUANTILE).join(', ')}`);
  if (impostor.length < 2) throw new RangeError('the rule needs at least two impostor pairs');
  const lowestImpostor = Math.min(...impostor);
  const impostorMean = impostor.reduce((sum, d) => sum + d, 0) / impostor.length;
  const impostorSd = Math.sqrt(impostor.reduce((sum, d) => sum + (d - impostorMean) ** 2, 0) / (impostor.length - 1));
  const tailDistance = impostorMean - z * impostorSd;
  const belowGrid = (limit: number) => Number((Math.ceil(limit / step - 1 - 1e-9) * step).toFixed(6));
  const zeroFalseAccept = belowGrid(lowestImpostor);
  const threshold = Math.min(zeroFalseAccept, belowGrid(tailDistance), belowGrid(ceiling));
  return {
    lowestImpostor,
    zeroFalseAccept,
    impostorMean,
    impostorSd,
    tailOdds,
    tailDistance,
    margin: lowestImpostor - threshold,
    ceiling,
    chosen: errorRates(genuine, impostor, threshold),
  };
}
