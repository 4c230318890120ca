/**
 * A small seeded generator of hostile inputs for the fuzz tests and the reliability
 * script: the same seed gives the same cases, so a failure is replayed by its seed and
 * case number. No dependency: mulberry32 for the numbers, hand-written shapes for the
 * values (text in every script, control characters, lone surrogates, prototype keys,
 * huge and non-integral numbers, deep nesting), and mutations of valid inputs, which
 * reach much deeper into a parser than noise does.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: a uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(0, items.length - 1)] as T;
  }

  bytes(maxLength: number): Uint8Array {
    const out = new Uint8Array(this.int(0, maxLength));
    for (let i = 0; i < out.length; i++) out[i] = this.int(0, 255);
    return out;
  }

  /** Text mixing the characters parsers trip over. */
  text(maxLength = 40): string {
    const length = this.chance(0.02) ? this.int(1000, 70_000) : this.int(0, maxLength);
    let out = '';
    for (let i = 0; i < length; i++) out += this.character();
    return out;
  }

  /** A string that looks like what the field expects, then spoilt a little: digits, codes, dates. */
  digitsLike(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.chance(0.9) ? String(this.int(0, 9)) : this.character();
    if (this.chance(0.3)) out = this.mutateText(out);
    return out;
  }

  mutateText(text: string): string {
    const chars = [...text];
    const edits = this.int(1, 3);
    for (let i = 0; i < edits; i++) {
      const at = this.int(0, chars.length);
      const op = this.int(0, 3);
      if (op === 0) chars.splice(at, 1);
      else if (op === 1) chars.splice(at, 0, this.character());
      else if (op === 2) chars[at] = this.character();
      else chars.splice(at, chars.length); // truncate
    }
    return chars.join('');
  }

  number(): number {
    return this.pick([
      0, -0, 1, -1, 0.5, 1e21, -1e21, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER - 2, 2 ** 31, -(2 ** 31), 65536,
      this.int(-1000, 1000), this.next() * 1e6 - 5e5, Number.MAX_VALUE, Number.MIN_VALUE,
    ]);
  }

  /** Any JSON value, nested up to `depth` (occasionally far deeper). */
  json(depth = 3): Json {
    const kind = depth <= 0 ? this.int(0, 3) : this.int(0, 5);
    switch (kind) {
      case 0: return null;
      case 1: return this.chance(0.5);
      case 2: return this.number();
      case 3: return this.chance(0.3) ? this.pick(KEYS) : this.text();
      case 4: {
        if (this.chance(0.01)) return this.deepArray(this.int(50, 500));
        return Array.from({ length: this.int(0, this.chance(0.05) ? 300 : 5) }, () => this.json(depth - 1));
      }
      default: {
        const object: Record<string, Json> = {};
        for (let i = this.int(0, 5); i > 0; i--) setOwn(object, this.chance(0.6) ? this.pick(KEYS) : this.text(12), this.json(depth - 1));
        return object;
      }
    }
  }

  /**
   * A valid value with a few of its parts changed: a field dropped, retyped, added,
   * or a string or number nudged. Works on any JSON shape.
   */
  mutateJson(value: Json, edits = this.int(1, 3)): Json {
    let out = structuredClone(value);
    for (let i = 0; i < edits; i++) out = this.mutateOnce(out, 0);
    return out;
  }

  private mutateOnce(value: Json, depth: number): Json {
    if (Array.isArray(value)) {
      if (value.length > 0 && this.chance(0.7)) {
        const at = this.int(0, value.length - 1);
        value[at] = this.mutateOnce(value[at] as Json, depth + 1);
        return value;
      }
      if (this.chance(0.5)) value.push(this.json(1));
      else value.splice(this.int(0, value.length), 1);
      return value;
    }
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length > 0 && this.chance(0.6)) {
        const key = this.pick(keys);
        setOwn(value, key, this.mutateOnce(value[key] as Json, depth + 1));
        return value;
      }
      if (keys.length > 0 && this.chance(0.5)) delete value[this.pick(keys)];
      else setOwn(value, this.chance(0.5) ? this.pick(KEYS) : this.text(10), this.json(1));
      return value;
    }
    if (typeof value === 'string' && this.chance(0.6)) return this.mutateText(value);
    if (typeof value === 'number' && this.chance(0.6)) return this.pick([value + 1, value - 1, -value, value * 1e9, value + 0.5]);
    return this.json(1);
  }

  private deepArray(depth: number): Json {
    let out: Json = [];
    for (let i = 0; i < depth; i++) out = [out];
    return out;
  }

  private character(): string {
    const kind = this.int(0, 9);
    if (kind <= 3) return String.fromCharCode(this.int(0x20, 0x7e));
    if (kind === 4) return String.fromCharCode(this.int(0x4e00, 0x9fa5)); // CJK
    if (kind === 5) return String.fromCharCode(this.int(0, 0x1f)); // control characters, NUL included
    if (kind === 6) return String.fromCharCode(this.int(0xd800, 0xdfff)); // lone surrogate
    if (kind === 7) return this.pick(['　', '\u200b', '\ufeff', '\u202e', 'Ｘ', '１', 'x', 'X', '长期', '\n', '"', '\\', '%']);
    if (kind === 8) return String.fromCodePoint(this.int(0x1f300, 0x1f6ff)); // astral (emoji)
    return String.fromCharCode(this.int(0x80, 0xffff));
  }
}

/** An own property even for "__proto__", as JSON.parse makes it (plain assignment would set the prototype). */
function setOwn(object: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Keys a hostile payload uses: prototype pollution, and the contract's own field names. */
const KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'type', 'kind', 'id', 'method', 'params', 'language', 'service',
  'houseCode', 'creditCode', 'pin', 'frame', 'patch', 'on', 'general', 'face', 'name', 'scope', 'phone', 'reason', 'jobId',
];
