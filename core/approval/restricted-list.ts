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
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { DataStamp } from '../../rules/approval/engine';
import { parseRestrictedList, RestrictedListError } from '../../rules/restricted-list';

export { parseRestrictedList, RestrictedListError };

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

/**
 * The list pulled from the centre (core/centre/downstream-sync.ts). Until the first pull
 * has brought it, a decision that needs it fails and the applicant goes to the counter:
 * the kiosk never decides as if nobody were restricted.
 */
export function pulledRestrictedListReader(file: string): () => RestrictedList {
  let reader: (() => RestrictedList) | undefined;
  return () => {
    if (!reader) {
      if (!existsSync(file)) throw new RestrictedListError(`the restricted list has not been pulled from the centre yet (${file}); the kiosk decides nothing without it`);
      reader = restrictedListReader(file, dirname(file));
    }
    return reader();
  };
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
