import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initSigningKey, KeyFileError, keyIdOf, loadSigningKey, PRIVATE_KEY_FILE, publicKeyFileName, readPublicKeyDir, readPublicKeyFile } from '../../../core/signing/kiosk-keys';

const root = mkdtempSync(join(tmpdir(), 'kiosk-keys-'));
let count = 0;
const freshDir = (): string => join(root, `kiosk-${++count}`, 'keys');

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the kiosk signing key pair', () => {
  it('is created with the private key readable by its owner only (0600)', () => {
    const dir = freshDir();
    const { key, created } = initSigningKey(dir);
    expect(created).toBe(true);
    expect(statSync(join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(key.privateKeyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(key.publicKeyFile, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(key.publicKeyFile).toBe(join(dir, publicKeyFileName(key.keyId)));
  });

  it('has as id the first 8 hex digits of SHA-256 over the raw 32-byte public key', () => {
    const { key } = initSigningKey(freshDir());
    const raw = key.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    expect(key.keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 8));
    expect(keyIdOf(key.publicKey)).toBe(key.keyId);
  });

  it('is never overwritten: a second init keeps the same key and the same file', () => {
    const dir = freshDir();
    const first = initSigningKey(dir).key;
    const before = readFileSync(first.privateKeyFile);
    const again = initSigningKey(dir);
    expect(again.created).toBe(false);
    expect(again.key.keyId).toBe(first.keyId);
    expect(readFileSync(first.privateKeyFile)).toEqual(before);
  });

  it('writes the public key again when only it went missing', () => {
    const dir = freshDir();
    const { key } = initSigningKey(dir);
    rmSync(key.publicKeyFile);
    expect(loadSigningKey(dir).keyId).toBe(key.keyId);
    expect(readPublicKeyFile(key.publicKeyFile).keyId).toBe(key.keyId);
  });

  it('refuses a private key that others can read, and says how to fix it', () => {
    const dir = freshDir();
    const { key } = initSigningKey(dir);
    chmodSync(key.privateKeyFile, 0o644);
    expect(() => loadSigningKey(dir)).toThrow(/readable by others.*chmod 600/);
  });

  it('reports a missing or broken key as a KeyFileError', () => {
    const dir = freshDir();
    expect(() => loadSigningKey(dir)).toThrow(KeyFileError);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, PRIVATE_KEY_FILE), 'not a key', { mode: 0o600 });
    expect(() => loadSigningKey(dir)).toThrow(/not a private key/);
    expect(() => readPublicKeyFile(join(dir, PRIVATE_KEY_FILE))).toThrow(/not a public key/);
  });

  it('collects several kiosks\' public keys from one directory by the id of each key, whatever the file is called', () => {
    const keys = [initSigningKey(freshDir()).key, initSigningKey(freshDir()).key, initSigningKey(freshDir()).key];
    const verifiers = join(root, 'verifiers');
    mkdirSync(verifiers);
    keys.forEach((key, i) => copyFileSync(key.publicKeyFile, join(verifiers, `kiosk-${i}.pem`)));
    // A private key or another file in the directory is ignored, never used.
    copyFileSync(keys[0]?.privateKeyFile ?? '', join(verifiers, 'stray-private.pem'));
    writeFileSync(join(verifiers, 'README.txt'), 'public keys of the Longgang kiosks');
    const keyring = readPublicKeyDir(verifiers);
    expect([...keyring.keys()].sort()).toEqual(keys.map((k) => k.keyId).sort());
    expect(() => readPublicKeyDir(join(root, 'no-such-dir'))).toThrow(KeyFileError);
  });
});
