#!/usr/bin/env node
// Builds everything `npm start`, `npm run start:web` and `kioskctl` run:
// the Node-side entry points bundled by esbuild (dependencies stay in node_modules,
// native addons included), and the renderer by Vite.
import { readFileSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  define: { __APP_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};

const started = performance.now();
await Promise.all([
  esbuild({
    ...common,
    entryPoints: {
      'core/browser-host': './core/host/main.ts',
      'cli/kioskctl': './core/cli/kioskctl.ts',
      'electron/main': './electron/main.ts',
    },
    packages: 'external',
  }),
  // A sandboxed preload can require nothing but electron itself: bundle the rest in.
  esbuild({ ...common, entryPoints: { 'electron/preload': './electron/preload.ts' }, external: ['electron'] }),
]);
await vite({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
console.log(`build: done in ${Math.round(performance.now() - started)} ms`);
