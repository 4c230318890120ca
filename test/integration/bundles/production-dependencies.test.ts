// `npm ci --omit=dev` installs only package.json's dependencies, and the bundles in dist/
// require every other package at run time: a package the Node side imports must be a
// production dependency, or the installed kiosk does not start.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module shared with scripts/build.mjs, without types
import { NODE_BUNDLES, RUNTIME_PROVIDED } from '../../../scripts/node-bundles.mjs';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`. */
function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

async function packagesRequiredAtRunTime(): Promise<Map<string, string>> {
  const required = new Map<string, string>(); // package → a file that imports it
  for (const options of NODE_BUNDLES as object[]) {
    const result = await build({ ...options, write: false, metafile: true, logLevel: 'silent' });
    for (const [file, input] of Object.entries(result.metafile.inputs)) {
      for (const imported of input.imports) {
        if (imported.external && !imported.path.startsWith('node:') && !builtinModules.includes(imported.path)) {
          required.set(packageNameOf(imported.path), file);
        }
      }
    }
  }
  return required;
}

describe('the packages the built kiosk requires', () => {
  it('are all production dependencies in package.json (else `npm ci --omit=dev` leaves them out)', async () => {
    const required = await packagesRequiredAtRunTime();
    expect(required.size).toBeGreaterThan(5);
    const undeclared = [...required]
      .filter(([name]) => !(name in packageJson.dependencies) && !(RUNTIME_PROVIDED as string[]).includes(name))
      .map(([name, file]) => `${name} (imported by ${file}): npm install --save ${name}`);
    expect(undeclared).toEqual([]);
  });
});
