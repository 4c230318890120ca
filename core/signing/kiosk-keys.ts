/**
 * The kiosk's Ed25519 signing key pair, one per kiosk, created at set-up (or on the
 * first start) and never overwritten: the private key in PKCS#8 PEM, mode 0600; the
 * public key in SPKI PEM under a name carrying its key id, ready to be collected with
 * other kiosks' keys into the verifiers' key directory.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublicKeyring } from '../../protocol/licence-statement';
import { keyIdOf } from '../../protocol/request-signing';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../storage/private-files';

export const PRIVATE_KEY_FILE = 'signing-key.pem';
const PUBLIC_KEY_SUFFIX = '.pub.pem';
const PUBLIC_PEM_HEADER = '-----BEGIN PUBLIC KEY-----';

/** `<dataDir>/keys`: where a kiosk keeps its own pair. */
export function kioskKeysDir(dataDir: string): string {
  return join(dataDir, 'keys');
}

export function publicKeyFileName(keyId: string): string {
  return `signing-${keyId}${PUBLIC_KEY_SUFFIX}`;
}

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  privateKeyFile: string;
  publicKeyFile: string;
}

export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

// The key id is shared with the centre, which names enrolled keys the same way.
export { keyIdOf };

/**
 * Creates the pair in `dir` unless a private key is already there; either way returns
 * the pair in use. Never overwrites: the private key file is opened with O_EXCL, so of
 * two processes racing, one creates the key and the other loads it.
 */
export function initSigningKey(dir: string): { key: SigningKey; created: boolean } {
  const privateKeyFile = join(dir, PRIVATE_KEY_FILE);
  if (existsSync(privateKeyFile)) return { key: loadSigningKey(dir), created: false };
  makePrivateDir(dir);
  const { privateKey } = generateKeyPairSync('ed25519');
  let fd: number;
  try {
    fd = openSync(privateKeyFile, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: loadSigningKey(dir), created: false };
    throw error;
  }
  try {
    writeFileSync(fd, privateKey.export({ format: 'pem', type: 'pkcs8' }));
  } finally {
    closeSync(fd);
  }
  chmodSync(privateKeyFile, PRIVATE_FILE_MODE); // whatever the umask made of it
  return { key: loadSigningKey(dir), created: true };
}

/** Loads the pair from `dir`, writing the public key file again if it went missing. */
export function loadSigningKey(dir: string): SigningKey {
  const privateKeyFile = join(dir, PRIVATE_KEY_FILE);
  let pem: string;
  try {
    pem = readFileSync(privateKeyFile, 'utf8');
  } catch (error) {
    throw new KeyFileError(`no signing key in ${dir} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); create one with \`kioskctl keys init\``);
  }
  const mode = statSync(privateKeyFile).mode & 0o777;
  if (mode & 0o077) throw new KeyFileError(`${privateKeyFile} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new KeyFileError(`${privateKeyFile} is not a private key: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new KeyFileError(`${privateKeyFile} holds a ${privateKey.asymmetricKeyType} key, expected ed25519`);
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  const publicKeyFile = join(dir, publicKeyFileName(keyId));
  if (!existsSync(publicKeyFile)) writeFileSync(publicKeyFile, publicKey.export({ format: 'pem', type: 'spki' }), { mode: 0o644 });
  return { keyId, privateKey, publicKey, privateKeyFile, publicKeyFile };
}

/** Public keys by key id, for verifying statements offline. */
export type { PublicKeyring };

export function readPublicKeyFile(file: string): { keyId: string; publicKey: KeyObject } {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KeyFileError(`cannot read public key ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!pem.includes(PUBLIC_PEM_HEADER)) throw new KeyFileError(`${file} is not a public key (expected ${PUBLIC_PEM_HEADER})`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem);
  } catch (error) {
    throw new KeyFileError(`${file} is not a public key: ${(error as Error).message}`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new KeyFileError(`${file} holds a ${publicKey.asymmetricKeyType} key, expected ed25519`);
  return { keyId: keyIdOf(publicKey), publicKey };
}

/**
 * Every public key (*.pem holding a PUBLIC KEY) in a directory, by the id computed from
 * the key itself, never from the file name. Private keys and other files are skipped.
 */
export function readPublicKeyDir(dir: string): PublicKeyring {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new KeyFileError(`cannot read the key directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const keyring = new Map<string, KeyObject>();
  for (const name of names.filter((n) => n.endsWith('.pem')).sort()) {
    const file = join(dir, name);
    if (!statSync(file).isFile() || !readFileSync(file, 'utf8').includes(PUBLIC_PEM_HEADER)) continue;
    const { keyId, publicKey } = readPublicKeyFile(file);
    keyring.set(keyId, publicKey);
  }
  return keyring;
}

export function keyringOf(...keys: { keyId: string; publicKey: KeyObject }[]): PublicKeyring {
  return new Map(keys.map((k) => [k.keyId, k.publicKey]));
}
