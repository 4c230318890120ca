/**
 * The centre's X25519 public key, which personal data in the outbox is sealed to: kept
 * beside the kiosk's own keys as `centre-sealing.pub.pem`, written when the kiosk enrols
 * (or first syncs). A public key, but the file is written privately like the others.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sealingPublicKeyFrom } from '../../protocol/sealed-data';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../storage/private-files';

export const CENTRE_SEALING_KEY_FILE = 'centre-sealing.pub.pem';

/** The key, or null when this kiosk has not received it yet. */
export function readCentreSealingKey(keysDir: string): KeyObject | null {
  const file = join(keysDir, CENTRE_SEALING_KEY_FILE);
  return existsSync(file) ? sealingPublicKeyFrom(readFileSync(file, 'utf8')) : null;
}

/** Checks and stores the key (written aside, then renamed: never half a key). */
export function writeCentreSealingKey(keysDir: string, pem: string): KeyObject {
  const key = sealingPublicKeyFrom(pem);
  makePrivateDir(keysDir);
  const file = join(keysDir, CENTRE_SEALING_KEY_FILE);
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, pem, { mode: PRIVATE_FILE_MODE });
  renameSync(draft, file);
  return key;
}
