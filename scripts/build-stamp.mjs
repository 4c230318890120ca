// Lets a build step skip work when nothing it read has changed: its stamp file lists the
// files it read with their sizes and modification times, which take microseconds to
// compare where rebuilding takes seconds.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** True when every output exists and every input recorded in `stampFile` is unchanged. */
export function isUpToDate(stampFile, outputs) {
  if (!existsSync(stampFile) || !outputs.every((file) => existsSync(file))) return false;
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return false; // a stamp from an older build script
  }
  return Object.entries(recorded).every(([file, fingerprint]) => fingerprintOf(file) === fingerprint);
}

/** Records what the step just read, so the next build can skip it. */
export function recordStamp(stampFile, inputs) {
  const stamp = Object.fromEntries([...new Set(inputs.map(fileToWatch))].sort().map((file) => [file, fingerprintOf(file)]));
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, JSON.stringify(stamp));
}

/** An installed package stands for all its files by its package.json: it changes when the package is installed again. */
function fileToWatch(file) {
  const inPackage = /^(.*?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return inPackage ? `${inPackage[1]}/package.json` : file;
}

function fingerprintOf(file) {
  if (!existsSync(file)) return 'missing';
  const { size, mtimeMs } = statSync(file);
  return `${size}:${mtimeMs}`;
}
