/**
 * ID numbers at the centre: sealed at rest with AES-256-GCM and found by HMAC-SHA-256,
 * both under keys derived (HKDF) from one 32-byte secret held outside the database:
 * `CENTRE_SECRET_KEY` (base64) or the file `centre-secret.key` in the data folder,
 * created on first start with mode 0600 and never overwritten. A copy of the database
 * alone reveals no ID number, and cannot be searched by guessing numbers either.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openText, sealText } from '../protocol/sealed-text';

export const SECRET_KEY_FILE = 'centre-secret.key';
const AAD = Buffer.from('miaopi-centre id number v1');

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

export class IdNumberVault {
  private readonly sealKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(secret: Buffer) {
    if (secret.length !== 32) throw new SecretKeyError(`the centre's secret key must be 32 bytes, got ${secret.length}`);
    this.sealKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'id-number seal', 32));
    this.lookupKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'id-number lookup', 32));
  }

  /** The keyed hash an ID number is found by (upper-case X, as the card prints it). */
  lookup(idNumber: string): Buffer {
    return createHmac('sha256', this.lookupKey).update(idNumber.toUpperCase()).digest();
  }

  /** iv (12) | tag (16) | ciphertext. */
  seal(idNumber: string): Buffer {
    return sealText(this.sealKey, AAD, idNumber.toUpperCase());
  }

  open(sealed: Buffer): string {
    return openText(this.sealKey, AAD, sealed);
  }
}

/** The secret from the environment, else from the key file (created if absent). */
export function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.CENTRE_SECRET_KEY) return decodeKey(env.CENTRE_SECRET_KEY, 'CENTRE_SECRET_KEY');
  const file = join(dataDir, SECRET_KEY_FILE);
  if (!existsSync(file)) createKeyFile(file);
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) throw new SecretKeyError(`${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`);
  return decodeKey(readFileSync(file, 'utf8').trim(), file);
}

/** Written aside, then linked into place: a second process never reads a half-written key. */
function createKeyFile(file: string): void {
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another centre process made it first
  } finally {
    unlinkSync(draft);
  }
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new SecretKeyError(`${source} must hold 32 bytes in base64 (e.g. from \`openssl rand -base64 32\`), got ${key.length} bytes`);
  return key;
}
