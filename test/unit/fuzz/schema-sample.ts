/**
 * A plausible value for a zod schema, drawn from the generator: the starting point the
 * contract fuzz mutates, so that mutations land next to valid payloads (where handlers
 * actually run) instead of bouncing off the first type check. Covers the schema kinds
 * the contract uses; anything else gets a random JSON value.
 */
import type { z } from 'zod';
import type { Json, SeededRandom } from './seeded-random';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  in?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

export function sampleOf(schema: z.ZodType, random: SeededRandom, depth = 0): Json {
  const def = defOf(schema);
  if (depth > 8) return null;
  switch (def.type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const optional = ['optional', 'default', 'prefault'].includes(defOf(field).type);
        if (optional && random.chance(0.4)) continue;
        out[key] = sampleOf(field, random, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: random.int(0, 3) }, () => sampleOf(def.element!, random, depth + 1));
    case 'tuple':
      return (def.items ?? []).map((item) => sampleOf(item, random, depth + 1));
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return sampleOf(def.innerType!, random, depth + 1);
    case 'nullable':
      return random.chance(0.3) ? null : sampleOf(def.innerType!, random, depth + 1);
    case 'union':
      return sampleOf(random.pick(def.options!), random, depth + 1);
    case 'pipe':
      return sampleOf(def.in!, random, depth + 1);
    case 'record': {
      const out: Record<string, Json> = {};
      for (let i = random.int(0, 2); i > 0; i--) out[random.text(8)] = sampleOf(def.valueType!, random, depth + 1);
      return out;
    }
    case 'enum':
      return random.pick(Object.values(def.entries ?? { x: 'x' }));
    case 'literal':
      return random.pick(def.values ?? [null]) as Json;
    case 'string':
      return random.chance(0.5) ? random.digitsLike(random.int(1, 25)) : random.text(20);
    case 'number':
    case 'int':
      return random.chance(0.7) ? random.int(0, 100) : random.number();
    case 'boolean':
      return random.chance(0.5);
    case 'null':
      return null;
    default:
      return random.json(2);
  }
}
