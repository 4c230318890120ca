/**
 * The centre's X25519 key pair that kiosks seal personal data to (protocol/sealed-data.ts).
 * Derived (HKDF) from the centre's one secret, so it is kept exactly like that secret,
 * outside the database, and every centre process behind the load balancer holds the same pair.
 */
import { createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import { sealingKeyId, sealingPrivateKeyFrom } from '../protocol/sealed-data';

export interface CentreSealingKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

export function centreSealingKey(secret: Buffer): CentreSealingKey {
  const privateKey = sealingPrivateKeyFrom(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'outbox sealing x25519', 32)));
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: sealingKeyId(publicKey) };
}
