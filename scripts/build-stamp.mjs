// Lets a build step skip work when nothing it read has changed: its stamp file lists the
// files it read with their size, modification time and SHA-1. Size and time are compared
// first (microseconds per file); a file whose time moved but whose content did not (a
// fresh clone, a checkout) is recognised by its hash, so it does not rebuild either.
import { createHash } from 'node:crypto';
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
  if (typeof recorded !== 'object' || recorded === null) return false;
  return Object.entries(recorded).every(([file, was]) => isUnchanged(file, was));
}

/** Records what the step just read, so the next build can skip it. */
export function recordStamp(stampFile, inputs) {
  const files = [...new Set(inputs.map(fileToWatch))].sort();
  const stamp = Object.fromEntries(files.map((file) => [file, fingerprintOf(file)]));
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, JSON.stringify(stamp));
}

/** An installed package stands for all its files by its package.json: it changes when the package is installed again. */
function fileToWatch(file) {
  const inPackage = /^(.*?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return inPackage ? `${inPackage[1]}/package.json` : file;
}

function isUnchanged(file, was) {
  if (!existsSync(file)) return was === null;
  if (!was) return false;
  const { size, mtimeMs } = statSync(file);
  if (size !== was.size) return false;
  return mtimeMs === was.mtimeMs || sha1Of(file) === was.sha1;
}

function fingerprintOf(file) {
  if (!existsSync(file)) return null;
  const { size, mtimeMs } = statSync(file);
  return { size, mtimeMs, sha1: sha1Of(file) };
}

function sha1Of(file) {
  return createHash('sha1').update(readFileSync(file)).digest('hex');
}
