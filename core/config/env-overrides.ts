/**
 * Environment overrides: KIOSK__DEVICES__THERMAL__PATH=/dev/ttyUSB0 sets
 * devices.thermal.path. Segments are SNAKE_CASE of the camelCase keys. Values that
 * parse as JSON (numbers, booleans, objects) are taken as such, anything else as text.
 */
const PREFIX = 'KIOSK__';

export interface EnvOverride {
  variable: string;
  path: string[];
  value: unknown;
}

export function readEnvOverrides(env: NodeJS.ProcessEnv): EnvOverride[] {
  return Object.entries(env)
    .filter((entry): entry is [string, string] => entry[0].startsWith(PREFIX) && entry[1] !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([variable, raw]) => ({
      variable,
      path: variable.slice(PREFIX.length).split('__').map(snakeToCamel),
      value: parseValue(raw),
    }));
}

export function applyOverrides(base: unknown, overrides: readonly EnvOverride[]): unknown {
  let result = base;
  for (const override of overrides) result = setPath(result, override.path, override.value);
  return result;
}

function setPath(target: unknown, path: readonly string[], value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const object = isPlainObject(target) ? target : {};
  return { ...object, [head]: setPath(object[head], rest, value) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function snakeToCamel(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
