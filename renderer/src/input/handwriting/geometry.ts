/**
 * Plane geometry of written strokes, shared by the recogniser, the template builder and
 * the pad: a stroke is the list of points a finger (or a template median) passed through.
 */
export type Point = readonly [x: number, y: number];
export type Stroke = readonly Point[];
export type Strokes = readonly Stroke[];

export function strokeLength(stroke: Stroke): number {
  let length = 0;
  for (let i = 1; i < stroke.length; i++) length += distance(stroke[i - 1] as Point, stroke[i] as Point);
  return length;
}

export function distance(a: Point, b: Point): number {
  const dx = a[0] - b[0];
  const dy = a[1] - b[1];
  return Math.sqrt(dx * dx + dy * dy); // Math.hypot is several times slower in V8
}

/**
 * `count` points evenly spaced along the stroke by arc length, as a flat [x0, y0, x1, y1, …]
 * array. A dot (no length) gives `count` copies of its point.
 */
export function resample(stroke: Stroke, count: number): Float64Array {
  const out = new Float64Array(count * 2);
  const first = stroke[0];
  if (!first) return out;
  const total = strokeLength(stroke);
  if (total === 0 || count === 1) {
    for (let k = 0; k < count; k++) out.set(first, k * 2);
    return out;
  }
  const step = total / (count - 1);
  let segment = 1;
  let before = 0; // arc length at the start of the current segment
  for (let k = 0; k < count; k++) {
    const target = Math.min(k * step, total);
    while (segment < stroke.length - 1 && before + distance(stroke[segment - 1] as Point, stroke[segment] as Point) < target) {
      before += distance(stroke[segment - 1] as Point, stroke[segment] as Point);
      segment += 1;
    }
    const a = stroke[segment - 1] as Point;
    const b = stroke[segment] ?? a;
    const span = distance(a, b);
    const t = span === 0 ? 0 : Math.min(1, (target - before) / span);
    out[k * 2] = a[0] + (b[0] - a[0]) * t;
    out[k * 2 + 1] = a[1] + (b[1] - a[1]) * t;
  }
  return out;
}

/** Applies `map` to every point of every stroke. */
export function mapPoints(strokes: Strokes, map: (p: Point) => Point): Point[][] {
  return strokes.map((stroke) => stroke.map(map));
}
