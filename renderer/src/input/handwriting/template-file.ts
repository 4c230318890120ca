/**
 * The handwriting templates shipped with the app (`dist/renderer/handwriting/templates.bin`,
 * built by scripts/build-handwriting-templates.ts): for every character its stroke medians
 * in writing order, quantised to bytes. The raw medians are stored, not the recogniser's
 * features, so tuning the recogniser never needs a new file.
 *
 * Layout: "HWT1", uint16 character count (little-endian), then per character:
 * uint16 UTF-16 code unit, uint8 stroke count, per stroke uint8 point count and the
 * points as (x, y) byte pairs, y pointing down, in a 256 box.
 */
import type { Strokes } from './geometry';

export interface CharacterTemplate {
  readonly char: string;
  /** Stroke medians in writing order, each a list of [x, y] in the 256 box, y down. */
  readonly strokes: Strokes;
}

const MAGIC = 'HWT1';
/** The quantisation box: Make Me a Hanzi's 1024 box divided by 4. */
export const TEMPLATE_BOX = 256;

export function encodeTemplates(templates: readonly CharacterTemplate[]): Uint8Array {
  const bytes: number[] = [...MAGIC].map((c) => c.charCodeAt(0));
  bytes.push(templates.length & 0xff, templates.length >> 8);
  for (const { char, strokes } of templates) {
    const code = char.charCodeAt(0);
    if (char.length !== 1) throw new Error(`handwriting templates: "${char}" is outside the Basic Multilingual Plane`);
    if (strokes.length === 0 || strokes.length > 255) throw new Error(`handwriting templates: "${char}" has ${strokes.length} strokes`);
    bytes.push(code & 0xff, code >> 8, strokes.length);
    for (const stroke of strokes) {
      if (stroke.length === 0 || stroke.length > 255) throw new Error(`handwriting templates: a stroke of "${char}" has ${stroke.length} points`);
      bytes.push(stroke.length);
      for (const [x, y] of stroke) bytes.push(toByte(x), toByte(y));
    }
  }
  return Uint8Array.from(bytes);
}

export function decodeTemplates(bytes: Uint8Array): CharacterTemplate[] {
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new Error(`handwriting templates: not a template file (starts "${magic}")`);
  let at = 4;
  const next = () => {
    const value = bytes[at++];
    if (value === undefined) throw new Error('handwriting templates: the file is truncated');
    return value;
  };
  const count = next() | (next() << 8);
  const templates: CharacterTemplate[] = [];
  for (let c = 0; c < count; c++) {
    const char = String.fromCharCode(next() | (next() << 8));
    const strokes = Array.from({ length: next() }, () => Array.from({ length: next() }, () => [next(), next()] as const));
    templates.push({ char, strokes });
  }
  return templates;
}

function toByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}
