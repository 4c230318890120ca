/**
 * Hashing and checking the maintenance PIN with scrypt (node:crypto). A PIN has few
 * digits, so the hash must be slow to brute-force offline, and the comparison must not
 * leak how many bytes matched: hence scrypt and timingSafeEqual. The stored form carries
 * its own parameters, so they can be raised later without breaking stored hashes.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { PIN_HASH_PATTERN, PIN_PATTERN } from './pin-format';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** About 50 ms and 16 MiB per check on the kiosk PC: slow for a guesser, unnoticeable at the PIN pad. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

export class PinHashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PinHashError';
  }
}

interface ParsedPinHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

export function isValidPin(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

export async function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS, salt: Buffer = randomBytes(SALT_LENGTH)): Promise<string> {
  if (!isValidPin(pin)) throw new PinHashError('a PIN is 4 to 12 digits');
  const hash = await scrypt(pin, salt, KEY_LENGTH, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join(':');
}

/** Whether `pin` is the PIN behind `stored`; a malformed stored hash is a configuration error. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parsed = parsePinHash(stored);
  // Hash even a PIN of the wrong shape, so its answer takes as long as any other.
  const candidate = await scrypt(pin.slice(0, 64), parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(candidate, parsed.hash) && isValidPin(pin);
}

export function parsePinHash(stored: string): ParsedPinHash {
  const match = PIN_HASH_PATTERN.exec(stored);
  if (!match) throw new PinHashError('expected a PIN hash of the form scrypt:N:r:p:salt:hash (made by `kioskctl maintenance set-pin`)');
  const [, N, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const params = { N: Number(N), r: Number(r), p: Number(p) };
  if (!Number.isInteger(Math.log2(params.N)) || params.N < 2 || params.r < 1 || params.p < 1) {
    throw new PinHashError(`scrypt parameters N=${N} r=${r} p=${p} are not usable: N must be a power of two`);
  }
  return { ...params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
}

function scrypt(secret: string, salt: Buffer, length: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; allow that plus headroom instead of Node's 32 MiB default.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(secret, salt, length, options, (error, key) => (error ? reject(new PinHashError(error.message)) : resolve(key)));
  });
}
