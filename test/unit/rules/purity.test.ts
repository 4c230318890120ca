import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';

// rules/ holds the pure domain: the same input always gives the same answer, so every
// decision can be replayed. Guard that mechanically.
const RULES_DIR = join(import.meta.dirname, '../../../rules');
const sources = readdirSync(RULES_DIR)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(RULES_DIR, name), 'utf8') }));

function importedModules(text: string): string[] {
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]\s*;/g, // import … from 'x';  export … from 'x';
    /^\s*import\s+['"]([^'"]+)['"]/gm, // import 'x';
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g, // import('x')
    /\brequire\s*\(\s*['"]([^'"]+)['"]/g,
  ];
  const specifiers = patterns.flatMap((pattern) => [...text.matchAll(pattern)]);
  return specifiers.map((match) => match[1] ?? '');
}

describe('rules/ stays pure', () => {
  it('has source files to check, and the guard recognises every form of import', () => {
    expect(sources.length).toBeGreaterThan(0);
    const sample = [
      "import { readFileSync } from 'node:fs';",
      "import type { X } from '../core/contract';",
      "export { y } from './sibling';",
      "import 'side-effect';",
      "const m = await import('node:crypto');",
      "const p = require('path');",
      "type Field = 'from' | 'to';",
    ].join('\n');
    expect(importedModules(sample)).toEqual(['node:fs', '../core/contract', './sibling', 'side-effect', 'node:crypto', 'path']);
  });

  it.each(sources.map((s) => [s.name, s.text] as const))('%s imports only sibling rules (or zod)', (_name, text) => {
    for (const specifier of importedModules(text)) {
      expect(specifier === 'zod' || /^\.\/[\w-]+$/.test(specifier), specifier).toBe(true);
    }
  });

  it.each(sources.map((s) => [s.name, s.text] as const))('%s reads no clock, randomness or process state', (_name, text) => {
    expect(text).not.toMatch(/Date\.now|new Date\(|Math\.random|\bprocess\.|globalThis|performance\.now/);
  });
});
