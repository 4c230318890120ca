/**
 * The local restricted list: ID numbers barred from registering (a court order, a
 * revoked licence), kept by the registering authority as a plain text file — one
 * number per line, `#` starts a comment, and a `# version: …` comment names the
 * edition. Read again when the file changes, so an updated list applies to the next
 * decision without a restart.
 *
 * A decision records which list it was checked against by its stamp (version and
 * SHA-256 of the file), never the numbers themselves: they are other people's.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { DataStamp } from '../../rules/approval/engine';
import { describeIdProblem, validateIdNumber } from '../../rules/id-number';

export class RestrictedListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestrictedListError';
  }
}

export interface RestrictedList {
  readonly numbers: readonly string[];
  /** What a decision records of the list: its version and the SHA-256 of the file. */
  readonly stamp: DataStamp;
}

const VERSION_COMMENT = /^#\s*version\s*:\s*(\S.*?)\s*$/im;

/** Nobody restricted: no file configured. */
export const NO_RESTRICTED_LIST: RestrictedList = Object.freeze({
  numbers: Object.freeze([]),
  stamp: Object.freeze({ version: 'none', hash: sha256('') }),
});

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
export function restrictedListReader(file: string | undefined, dataDir: string): () => RestrictedList {
  if (!file) return () => NO_RESTRICTED_LIST;
  const path = isAbsolute(file) ? file : join(dataDir, file);
  let cached: { mtimeMs: number; list: RestrictedList } | undefined;
  const read = (): RestrictedList => {
    let mtime: Date;
    try {
      mtime = statSync(path).mtime;
    } catch {
      throw new RestrictedListError(`registration.restrictedList: ${path} cannot be read; the kiosk decides nothing without its restricted list`);
    }
    if (cached?.mtimeMs !== mtime.getTime()) cached = { mtimeMs: mtime.getTime(), list: restrictedListOf(readFileSync(path), path, mtime) };
    return cached.list;
  };
  read(); // a missing or malformed list stops the start-up, not the first applicant
  return read;
}

/** The list with its stamp; a file without a `# version:` comment is known by its modification time. */
function restrictedListOf(bytes: Buffer, path: string, mtime: Date): RestrictedList {
  const text = bytes.toString('utf8');
  const version = VERSION_COMMENT.exec(text)?.[1] ?? `modified ${mtime.toISOString()}`;
  return { numbers: parseRestrictedList(text, path), stamp: { version, hash: sha256(bytes) } };
}

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
