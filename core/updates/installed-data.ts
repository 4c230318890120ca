/**
 * Which installed version of each data target is in force. The versions themselves are
 * files under `<dataDir>/installed/`, each under a name carrying its hash, never
 * changed once written; `installed/current.json` lists, per target, the versions
 * installed so far, newest last. Switching versions rewrites only that small file, by
 * rename: a reader sees the old list or the new one, never half of either.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { replaceFileAtomically } from './durable-file';

export const UPDATE_TARGETS = ['registration', 'deregistration', 'addresses'] as const;
export type UpdateTarget = (typeof UPDATE_TARGETS)[number];

const InstalledVersion = z.object({
  /** File name inside the installed folder. */
  file: z.string().regex(/^[\w.-]+$/),
  /** SHA-256 of the file's bytes, as checked when it was installed. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The version the content names (rule set version, or the address database's build time). */
  version: z.string(),
  /** The file it was installed from. */
  source: z.string(),
  installedAt: z.string(),
});
export type InstalledVersion = z.output<typeof InstalledVersion>;

const Pointer = z.object({
  /** Per target, the versions installed, oldest first; the last is in force. Absent or empty: the shipped or configured file. */
  targets: z.partialRecord(z.enum(UPDATE_TARGETS), z.array(InstalledVersion)),
});
export type Pointer = z.output<typeof Pointer>;

/** How many installed versions of a target are kept for rollback (older files are deleted). */
export const KEPT_VERSIONS = 3;

export function installedDir(dataDir: string): string {
  return join(dataDir, 'installed');
}

function pointerFile(dataDir: string): string {
  return join(installedDir(dataDir), 'current.json');
}

/** The pointer as it is on disk; no file yet means nothing installed. */
export function readPointer(dataDir: string): Pointer {
  let text: string;
  try {
    text = readFileSync(pointerFile(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { targets: {} };
    throw error;
  }
  // Written only by writePointer, so a bad file is damage worth stopping for, not input to forgive.
  return Pointer.parse(JSON.parse(text));
}

/** The version of `target` in force, or undefined for the shipped or configured file. */
export function currentVersion(pointer: Pointer, target: UpdateTarget): InstalledVersion | undefined {
  return pointer.targets[target]?.at(-1);
}

/** The full path of the installed file in force for `target`, or undefined. */
export function currentInstalledFile(dataDir: string, target: UpdateTarget): string | undefined {
  const version = currentVersion(readPointer(dataDir), target);
  return version && join(installedDir(dataDir), version.file);
}

export function writePointer(dataDir: string, pointer: Pointer): void {
  mkdirSync(installedDir(dataDir), { recursive: true });
  replaceFileAtomically(pointerFile(dataDir), JSON.stringify(Pointer.parse(pointer), null, 2));
}
