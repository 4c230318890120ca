/**
 * The registry never stores an ID number in clear: the licence does not print it, and
 * deregistration only needs to find the operator's licences again. So each record
 * keeps the masked number (for people) and an HMAC-SHA256 of the number under a
 * per-kiosk secret (for lookups). The secret lives in its own file in the kiosk's key
 * folder, readable by the kiosk user only: a copy of the database alone does not allow
 * guessing numbers back from their hashes (there are few enough ID numbers to try them
 * all against an unkeyed hash).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { validateIdNumber } from '../../rules/id-number';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../storage/private-files';

export const ID_LOOKUP_KEY_FILE = 'id-lookup.key';
const KEY_BYTES = 32;

/** Reads the kiosk's key, creating it on first use; several processes may race safely. */
export function loadOrCreateIdLookupKey(file: string): Buffer {
  const existing = readKey(file);
  if (existing) return existing;
  makePrivateDir(dirname(file));
  // Written whole to a private temporary file, then linked into place: link fails if
  // another process got there first, and nobody ever reads a half-written key.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, randomBytes(KEY_BYTES).toString('hex'), { mode: PRIVATE_FILE_MODE });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  const key = readKey(file);
  if (!key) throw new Error(`ID lookup key ${file} is unreadable`);
  return key;
}

function readKey(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`ID lookup key ${file} is damaged: expected ${KEY_BYTES} bytes in hex`);
  return Buffer.from(text, 'hex');
}

/** Identifies a key without revealing it, so that a database is never used with the wrong one. */
export function idLookupKeyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update('miaopi-kiosk id lookup key').digest('hex');
}

/** The lookup hash of an ID number; typed and card-read forms (x or X, spaces) hash alike. */
export function idNumberLookupHash(key: Buffer, idNumber: string): string {
  const checked = validateIdNumber(idNumber);
  if (!checked.ok) throw new RangeError('idNumberLookupHash needs a valid ID number');
  return createHmac('sha256', key).update(checked.idNumber.normalized).digest('hex');
}
