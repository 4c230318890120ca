/** Update files as the authority publishes them: content, FILE.sha256 beside it, and optionally FILE.sig. */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedFile } from '../../../core/approval/approval-data';
import { buildSampleAddressDatabase } from '../../../core/address/sample-database';
import { streets } from '../address/address-test-kit';

export type RuleSetJson = { service: string; version: string; rules: Array<{ id: string } & Record<string, unknown>> } & Record<string, unknown>;

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Writes `FILE.sha256` in sha256sum's format; returns the hash. */
export function publishHash(file: string): string {
  const hash = sha256(file);
  writeFileSync(`${file}.sha256`, `${hash}  ${file.split('/').at(-1)}\n`);
  return hash;
}

/** The shipped registration rule set, changed by `change`, written as `name` in `dir` (no hash file). */
export function ruleSetFile(dir: string, name: string, change: (rules: RuleSetJson) => unknown): string {
  const shipped = JSON.parse(readFileSync(shippedFile('registration'), 'utf8')) as RuleSetJson;
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(change(shipped), null, 2));
  return file;
}

/** A rule set of version `version` without the phone rule: the form no longer asks for a valid phone. */
export function withoutPhoneRule(version: string) {
  return (rules: RuleSetJson): RuleSetJson => ({ ...rules, version, rules: rules.rules.filter((rule) => rule.id !== 'phone') });
}

/** Publishes an update as the authority does: FILE.sha256 and FILE.sig beside it; returns the hash. */
export function publishUpdate(file: string, authority = TEST_AUTHORITY): string {
  const hash = publishHash(file);
  signFile(file, authority.privateKey);
  return hash;
}

export function updateKeyPair(): { publicKeyPem: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(), privateKey };
}

/** Writes FILE.sig: the Ed25519 signature over the file's bytes, in base64. */
export function signFile(file: string, privateKey: KeyObject): void {
  writeFileSync(`${file}.sig`, sign(null, readFileSync(file), privateKey).toString('base64'));
}

/** A small sample address database built at `builtAt`, as a prebuilt update. */
export function addressDatabaseFile(dir: string, name: string, builtAt: string, rooms = 2_000): string {
  const file = join(dir, name);
  buildSampleAddressDatabase(file, { streets, rooms, builtAt });
  return file;
}

/** The tests' update authority: kiosks under test trust its key (updates.publicKey), as real ones trust the authority's. */
export const TEST_AUTHORITY = updateKeyPair();
