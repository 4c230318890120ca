/**
 * The local restricted list: ID numbers barred from registering (a court order, a
 * revoked licence), kept by the registering authority as a plain text file — one
 * number per line, `#` starts a comment. Read again when the file changes, so an
 * updated list applies to the next decision without a restart.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describeIdProblem, validateIdNumber } from '../../rules/id-number';

export class RestrictedListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestrictedListError';
  }
}

export function parseRestrictedList(text: string, source: string): string[] {
  const numbers: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    // A typo would silently let the barred person through: refuse the whole file instead.
    const checked = validateIdNumber(line);
    if (!checked.ok) throw new RestrictedListError(`${source}:${index + 1}: "${line}" is not a valid ID number (${describeIdProblem(checked.reason, 'en')})`);
    numbers.push(line.toUpperCase());
  });
  return numbers;
}

/** Returns the current list; no file configured means nobody is restricted. */
export function restrictedListReader(file: string | undefined, dataDir: string): () => readonly string[] {
  if (!file) return () => [];
  const path = isAbsolute(file) ? file : join(dataDir, file);
  let cached: { mtimeMs: number; numbers: string[] } | undefined;
  const read = (): readonly string[] => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(path).mtimeMs;
    } catch {
      throw new RestrictedListError(`registration.restrictedList: ${path} cannot be read; the kiosk decides nothing without its restricted list`);
    }
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, numbers: parseRestrictedList(readFileSync(path, 'utf8'), path) };
    return cached.numbers;
  };
  read(); // a missing or malformed list stops the start-up, not the first applicant
  return read;
}
