/**
 * Offline handwriting recognition of Chinese characters by stroke matching against the
 * Make Me a Hanzi medians (template-file.ts). Pure computation: runs in the renderer and
 * under Node (tests, `npm run bench -- handwriting`).
 *
 * 1. Both the writing and every template are normalised (centred, scaled by their extent)
 *    and each stroke is resampled to POINTS points, so a stroke's position, shape and
 *    direction are compared point by point.
 * 2. A coarse prefilter (stroke count, and a grid of stroke directions) keeps the few
 *    hundred templates worth a closer look.
 * 3. Dynamic programming aligns the written strokes with a template's in writing order,
 *    allowing a stroke written as two, two strokes written as one (fast writers join them),
 *    two neighbouring strokes written in swapped order, and extra or missing strokes, each
 *    at a price. The cheapest alignment per stroke ranks the candidate.
 */
import { resample, type Point, type Strokes } from './geometry';
import type { CharacterTemplate } from './template-file';

/** Points per resampled stroke. */
const POINTS = 12;
const GRID = 4;
const DIRECTIONS = 8;
/** Templates kept by the prefilter for the full alignment. */
const SHORTLIST = 100;

/**
 * Prices of the alignment steps, in the normalised box (side 1), tuned on the simulated
 * writing of bench/handwriting.bench.ts (a different seed from the figure it prints).
 */
const PRICE = {
  /** A stroke of the template nobody wrote, or one written that the template lacks. */
  skip: 0.3,
  /** Two strokes of one side matched by one of the other (priced so that joining two
   *  strokes is a real cost, not a free way to fit a character with more strokes). */
  join: 0.2,
  /** Two neighbouring strokes written in the other order. */
  swap: 0.05,
  /** Per stroke of difference in count, in the prefilter. */
  countInPrefilter: 0.04,
};

export interface Candidate {
  readonly char: string;
  /** The mean cost per stroke of the best alignment: lower is closer. */
  readonly cost: number;
}

interface Prepared {
  readonly char: string;
  /** Resampled strokes, flat [x0, y0, …]. */
  readonly strokes: Float64Array[];
  /** strokes[j] and strokes[j + 1] joined, as a fast writer draws them in one. */
  readonly joined: Float64Array[];
  readonly coarse: Float64Array;
}

export class HandwritingRecogniser {
  private readonly templates: Prepared[];

  constructor(templates: readonly CharacterTemplate[]) {
    this.templates = templates.map((t) => prepare(t.char, t.strokes));
  }

  get size(): number {
    return this.templates.length;
  }

  /** The `limit` characters closest to the strokes, best first (none for no ink). */
  recognise(strokes: Strokes, limit = 10): Candidate[] {
    const ink = strokes.filter((s) => s.length > 0);
    if (ink.length === 0) return [];
    const written = prepare('', ink);
    const n = written.strokes.length;
    const shortlist = this.templates
      .map((t) => ({ t, cost: coarseDistance(written.coarse, t.coarse) + PRICE.countInPrefilter * Math.abs(t.strokes.length - n) }))
      .sort((a, b) => a.cost - b.cost)
      .slice(0, SHORTLIST);
    return shortlist
      .map(({ t }) => ({ char: t.char, cost: align(written, t) }))
      .sort((a, b) => a.cost - b.cost)
      .slice(0, limit);
  }
}

function prepare(char: string, raw: Strokes): Prepared {
  const normalised = normalise(raw);
  const strokes = normalised.map((s) => resample(s, POINTS));
  const joined: Float64Array[] = [];
  for (let j = 0; j + 1 < normalised.length; j++) joined.push(resample([...(normalised[j] ?? []), ...(normalised[j + 1] ?? [])], POINTS));
  return { char, strokes, joined, coarse: directionGrid(strokes) };
}

/**
 * Centred on the bounding box and scaled by its longer side, so the character fills a box
 * of side 1 around (0, 0) whatever size it was written at. The shorter side is stretched
 * towards the longer (but never more than twice), which takes out most of a writer's
 * squeezing or widening without blowing a flat character like 一 up into a square.
 */
export function normalise(strokes: Strokes): Point[][] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const stroke of strokes)
    for (const [x, y] of stroke) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  const side = Math.max(maxX - minX, maxY - minY, 1e-9);
  const scaleX = Math.max(maxX - minX, side / 2);
  const scaleY = Math.max(maxY - minY, side / 2);
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  return strokes.map((stroke) => stroke.map(([x, y]) => [(x - cx) / scaleX, (y - cy) / scaleY] as const));
}

/** Ink direction per cell of a coarse grid: what the strokes do where, in any order. */
function directionGrid(strokes: readonly Float64Array[]): Float64Array {
  const grid = new Float64Array(GRID * GRID * DIRECTIONS);
  let total = 0;
  for (const s of strokes)
    for (let k = 1; k < POINTS; k++) {
      const dx = (s[k * 2] as number) - (s[k * 2 - 2] as number);
      const dy = (s[k * 2 + 1] as number) - (s[k * 2 - 1] as number);
      const length = Math.sqrt(dx * dx + dy * dy);
      if (length === 0) continue;
      const mx = ((s[k * 2] as number) + (s[k * 2 - 2] as number)) / 2;
      const my = ((s[k * 2 + 1] as number) + (s[k * 2 - 1] as number)) / 2;
      const cx = Math.min(GRID - 1, Math.max(0, Math.floor((mx + 0.5) * GRID)));
      const cy = Math.min(GRID - 1, Math.max(0, Math.floor((my + 0.5) * GRID)));
      const direction = Math.round(((Math.atan2(dy, dx) + Math.PI) / (2 * Math.PI)) * DIRECTIONS) % DIRECTIONS;
      const cell = (cy * GRID + cx) * DIRECTIONS + direction;
      grid[cell] = (grid[cell] as number) + length;
      total += length;
    }
  if (total > 0) for (let i = 0; i < grid.length; i++) grid[i] = (grid[i] as number) / total;
  return grid;
}

function coarseDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum;
}

/** Mean distance between corresponding points of two resampled strokes. */
function strokeDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < POINTS * 2; k += 2) {
    const dx = (a[k] as number) - (b[k] as number);
    const dy = (a[k + 1] as number) - (b[k + 1] as number);
    sum += Math.sqrt(dx * dx + dy * dy);
  }
  return sum / POINTS;
}

/**
 * The cheapest alignment of the written strokes with a template's, per written stroke: the
 * same divisor for every template, so a template with more strokes pays for each one the
 * writing lacks instead of diluting it.
 */
function align(written: Prepared, template: Prepared): number {
  const w = written.strokes;
  const t = template.strokes;
  const n = w.length;
  const m = t.length;
  const width = m + 1;
  const cost = new Float64Array((n + 1) * width).fill(Infinity);
  cost[0] = 0;
  const relax = (i: number, j: number, value: number) => {
    const at = i * width + j;
    if (value < (cost[at] as number)) cost[at] = value;
  };
  for (let i = 0; i <= n; i++)
    for (let j = 0; j <= m; j++) {
      const here = cost[i * width + j] as number;
      if (here === Infinity) continue;
      const wi = w[i];
      const tj = t[j];
      if (wi && tj) relax(i + 1, j + 1, here + strokeDistance(wi, tj));
      if (wi) relax(i + 1, j, here + PRICE.skip);
      if (tj) relax(i, j + 1, here + PRICE.skip);
      const tJoined = template.joined[j];
      if (wi && tJoined) relax(i + 1, j + 2, here + PRICE.join + strokeDistance(wi, tJoined));
      const wJoined = written.joined[i];
      if (wJoined && tj) relax(i + 2, j + 1, here + PRICE.join + strokeDistance(wJoined, tj));
      const wNext = w[i + 1];
      const tNext = t[j + 1];
      if (wi && tj && wNext && tNext) relax(i + 2, j + 2, here + PRICE.swap + strokeDistance(wi, tNext) + strokeDistance(wNext, tj));
    }
  return (cost[n * width + m] as number) / n;
}
