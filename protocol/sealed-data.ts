/**
 * Personal data sealed to the centre's public key: the kiosk can seal but never open
 * what waits in its outbox; only the centre, holding the private key, can. ECIES over
 * X25519: an ephemeral key pair per message, HKDF-SHA-256 of the shared secret (salted
 * with both public keys) as an AES-256-GCM key, and a context string (the kiosk and the
 * application) as additional data, so a sealed value opens only for the record it was
 * sealed for. Everything is node:crypto; no library needed for one construction.
 *
 * Compact form: `s1.<keyId>.<ephemeral public key>.<iv>.<ciphertext+tag>`, base64url.
 */
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { z } from 'zod';

const VERSION = 's1';
const INFO = Buffer.from('miaopi outbox seal v1');
const TAG_BYTES = 16;
/** PKCS#8 DER of an X25519 private key, before its 32 raw bytes (RFC 8410). */
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export const SealedValue = z.string().regex(/^s1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}$/, 'a value sealed to the centre (s1.…)');

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

function rawPublic(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url');
}

/** The first 8 hex digits of SHA-256 over the raw public key: names the key a value was sealed to. */
export function sealingKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublic(publicKey)).digest('hex').slice(0, 8);
}

/** An X25519 private key from 32 bytes (the centre derives them from its secret). */
export function sealingPrivateKeyFrom(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new SealError('an X25519 key needs 32 bytes');
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** An X25519 public key from SPKI PEM, refused when it is any other kind of key. */
export function sealingPublicKeyFrom(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new SealError('not a public key in SPKI PEM');
  }
  if (key.asymmetricKeyType !== 'x25519') throw new SealError(`the centre's sealing key must be X25519, got ${key.asymmetricKeyType}`);
  return key;
}

function aesKey(shared: Buffer, ephemeral: Buffer, recipient: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), INFO, 32));
}

export function seal(recipient: KeyObject, plaintext: string, context: string): string {
  const ephemeral = generateKeyPairSync('x25519');
  const epk = rawPublic(ephemeral.publicKey);
  const key = aesKey(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), epk, rawPublic(recipient));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, sealingKeyId(recipient), epk.toString('base64url'), iv.toString('base64url'), body.toString('base64url')].join('.');
}

/** Opens a value sealed to this key pair for this context; throws SealError otherwise. */
export function open(privateKey: KeyObject, sealed: string, context: string): string {
  const [version, keyId, epkText, ivText, bodyText] = sealed.split('.');
  const publicKey = createPublicKey(privateKey);
  if (version !== VERSION || !epkText || !ivText || !bodyText) throw new SealError('not a sealed value');
  if (keyId !== sealingKeyId(publicKey)) throw new SealError(`sealed to key ${keyId}, not to this centre's key ${sealingKeyId(publicKey)}`);
  const epk = Buffer.from(epkText, 'base64url');
  const ephemeral = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: epk.toString('base64url') }, format: 'jwk' });
  const key = aesKey(diffieHellman({ privateKey, publicKey: ephemeral }), epk, rawPublic(publicKey));
  const body = Buffer.from(bodyText, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url')).setAAD(Buffer.from(context));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('the sealed value does not open: altered, or sealed for another record');
  }
}
