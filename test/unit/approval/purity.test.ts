import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// rules/approval/ is part of the pure domain: a decision must replay to the same answer,
// so its code imports only other rules (or zod) and reads no clock or randomness.
const DIR = join(import.meta.dirname, '../../../rules/approval');
const sources = readdirSync(DIR)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => [name, readFileSync(join(DIR, name), 'utf8')] as const);

describe('rules/approval stays pure', () => {
  it('has its sources', () => expect(sources.length).toBeGreaterThan(5));

  it.each(sources)('%s imports only rules modules (or zod)', (_name, text) => {
    const specifiers = [...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|\brequire\s*\(/g)].map((m) => m[1] ?? m[2] ?? 'require(');
    for (const specifier of specifiers) expect(specifier === 'zod' || /^\.\.?\/[\w-]+$/.test(specifier), specifier).toBe(true);
  });

  it.each(sources)('%s reads no clock, randomness or process state', (_name, text) => {
    expect(text).not.toMatch(/Date\.now|new Date\(|Math\.random|\bprocess\.|globalThis|performance\.now/);
  });
});
