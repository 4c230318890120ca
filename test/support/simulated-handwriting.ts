/**
 * A simulated writer for the handwriting recogniser's tests and benchmark: it writes a
 * character from its template medians the way a finger on a kiosk screen would, with a
 * seeded random source so every figure is reproducible.
 *
 * What it varies (per character, then per stroke):
 * - size and aspect (×0.6–1.4, width/height ×0.8–1.25), slant (shear ±0.2, about ±11°),
 *   rotation (±6°) and position on the pad;
 * - each stroke's placement (±3 % of the character), its ends (each cut or extended by up
 *   to 15 % of its length), a smooth wobble and per-point jitter (σ 1 % of the character),
 *   and the touch screen's sampling (a point every 1.5–3 % of the character);
 * - writing order: a pair of neighbouring strokes swapped (15 % of characters);
 * - a fast writer's joined strokes: one stroke runs on into the next (15 % of characters).
 * What it cannot show: real people's habits (cursive forms, simplified radicals, wrong
 * stroke counts of their own), which only a set of real writing would.
 */
import { mulberry32 } from '../../core/address/sample-generator';
import { distance, resample, strokeLength, type Point, type Stroke, type Strokes } from '../../renderer/src/input/handwriting/geometry';

export interface Writing {
  readonly strokes: Point[][];
  readonly swapped: boolean;
  readonly joined: boolean;
}

/** A seeded source of numbers in [0, 1), so every figure is reproducible. */
export const seededRandom = mulberry32;

export function simulateWriting(template: Strokes, random: () => number): Writing {
  const between = (low: number, high: number) => low + (high - low) * random();
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const all = template.flat();
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const size = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1);

  const scale = between(0.6, 1.4);
  const aspect = between(0.8, 1.25);
  const shear = between(-0.2, 0.2);
  const angle = (between(-6, 6) * Math.PI) / 180;
  const [offsetX, offsetY] = [between(-20, 20), between(-20, 20)];
  const place = ([x, y]: Point): Point => {
    const sx = (x - cx + shear * (y - cy)) * scale * aspect;
    const sy = (y - cy) * (scale / aspect);
    return [150 + offsetX + sx * Math.cos(angle) - sy * Math.sin(angle), 150 + offsetY + sx * Math.sin(angle) + sy * Math.cos(angle)];
  };

  let strokes: Point[][] = template.map((stroke) => {
    const shift: Point = [gaussian() * 0.03 * size, gaussian() * 0.03 * size];
    const reshaped = changeEnds(stroke, between(-0.15, 0.15), between(-0.15, 0.15));
    const wobble = [between(0, 2 * Math.PI), between(0, 2 * Math.PI), between(0.005, 0.015) * size];
    const sampled = sampleLikeATouchScreen(reshaped, between(0.015, 0.03) * size);
    return sampled.map(([x, y], k) => {
      const phase = (k / Math.max(1, sampled.length - 1)) * Math.PI;
      const [px, py, amplitude] = wobble as [number, number, number];
      return place([
        x + shift[0] + amplitude * Math.sin(phase + px) + gaussian() * 0.01 * size,
        y + shift[1] + amplitude * Math.sin(phase + py) + gaussian() * 0.01 * size,
      ]);
    });
  });

  let swapped = false;
  if (strokes.length >= 2 && random() < 0.15) {
    const k = Math.floor(random() * (strokes.length - 1));
    strokes = [...strokes.slice(0, k), strokes[k + 1] as Point[], strokes[k] as Point[], ...strokes.slice(k + 2)];
    swapped = true;
  }
  let joined = false;
  if (strokes.length >= 2 && random() < 0.15) {
    const k = Math.floor(random() * (strokes.length - 1));
    strokes = [...strokes.slice(0, k), [...(strokes[k] as Point[]), ...(strokes[k + 1] as Point[])], ...strokes.slice(k + 2)];
    joined = true;
  }
  return { strokes, swapped, joined };
}

/** Moves each end along the stroke's own direction: negative cuts it short, positive runs on. */
function changeEnds(stroke: Stroke, start: number, end: number): Point[] {
  const dense = resample(stroke, 32);
  const points: Point[] = Array.from({ length: 32 }, (_, k) => [dense[k * 2] as number, dense[k * 2 + 1] as number] as const);
  const cut = (list: Point[], fraction: number) => list.slice(0, Math.max(2, Math.round(list.length * (1 - fraction))));
  const extend = (list: Point[], fraction: number): Point[] => {
    const last = list[list.length - 1] as Point;
    const before = list[list.length - 2] ?? last;
    const step = distance(before, last);
    if (step === 0) return list;
    const reach = fraction * 31; // in steps of the dense resampling
    return [...list, [last[0] + ((last[0] - before[0]) * reach), last[1] + ((last[1] - before[1]) * reach)] as const];
  };
  const adjust = (list: Point[], fraction: number) => (fraction < 0 ? cut(list, -fraction) : extend(list, fraction));
  return adjust(adjust(points, end).reverse(), start).reverse();
}

/** Points spaced as a touch screen reports a finger moving at a steady pace. */
function sampleLikeATouchScreen(stroke: Stroke, spacing: number): Point[] {
  const count = Math.max(2, Math.round(strokeLength(stroke) / spacing) + 1);
  const flat = resample(stroke, count);
  return Array.from({ length: count }, (_, k) => [flat[k * 2] as number, flat[k * 2 + 1] as number] as const);
}
