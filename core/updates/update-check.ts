/**
 * Is this file the one the authority published? Its SHA-256 must equal the expected
 * hash (typed by the technician, or read from FILE.sha256 beside it), and when it comes
 * with FILE.sig, the Ed25519 signature over its bytes must verify with the configured
 * update key. Checked before anything is read as content.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { decodeDetachedSignature } from '../../protocol/publisher-signature';
import { updateProblem, type UpdateProblem } from './update-messages';

export interface SignaturePolicy {
  /** SPKI PEM of the authority's Ed25519 update key. */
  publicKey?: string;
  requireSignature: boolean;
}

export type IntegrityCheck = { ok: true; sha256: string; signed: boolean } | ({ ok: false } & UpdateProblem);

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** SHA-256 of a file, read in chunks: an address database can be larger than memory should hold. */
export function sha256OfFile(file: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(file, 'r');
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * The expected hash: as given, or the first word of FILE.sha256 (the `sha256sum` format
 * "HASH  NAME" works as it is). Undefined when neither is there.
 */
export function expectedHash(file: string, given: string | undefined): string | undefined {
  const typed = given?.trim();
  if (typed) return typed.toLowerCase();
  const beside = `${file}.sha256`;
  if (!existsSync(beside)) return undefined;
  return readFileSync(beside, 'utf8').trim().split(/\s+/)[0]?.toLowerCase();
}

/**
 * `source` is the file as the technician named it (FILE.sha256 and FILE.sig are beside
 * it); `content` the bytes to check, normally the copy about to be installed, so what
 * was checked is exactly what goes live even if the stick is pulled or changed meanwhile.
 */
export function checkIntegrity(source: string, content: string, given: string | undefined, policy: SignaturePolicy): IntegrityCheck {
  const expected = expectedHash(source, given);
  if (!expected) return { ok: false, ...updateProblem('no-hash') };
  const actual = sha256OfFile(content);
  if (!HEX_SHA256.test(expected) || expected !== actual) {
    return { ok: false, ...updateProblem('hash-mismatch', [`expected ${expected}`, `the file has ${actual}`]) };
  }
  const signature = readSignature(`${source}.sig`);
  if (!signature) {
    if (!policy.requireSignature) return { ok: true, sha256: actual, signed: false };
    return { ok: false, ...updateProblem('signature-missing', policy.publicKey ? [] : ['updates.publicKey is not set']) };
  }
  if (!policy.publicKey) return { ok: false, ...updateProblem('signature-unverifiable', ['updates.publicKey is not set']) };
  const key = updateKey(policy.publicKey);
  if (typeof key === 'string') return { ok: false, ...updateProblem('signature-unverifiable', [key]) };
  if (!verify(null, readFileSync(content), key, signature)) return { ok: false, ...updateProblem('bad-signature') };
  return { ok: true, sha256: actual, signed: true };
}

/** FILE.sig holds the 64-byte signature raw or in base64. */
function readSignature(file: string): Buffer | undefined {
  if (!existsSync(file)) return undefined;
  return decodeDetachedSignature(readFileSync(file));
}

/** The configured key, or why it cannot check a signature. */
function updateKey(pem: string): KeyObject | string {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    return `updates.publicKey cannot be read: ${(error as Error).message}`;
  }
  return key.asymmetricKeyType === 'ed25519' ? key : `updates.publicKey is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`;
}
