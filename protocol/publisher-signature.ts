/**
 * The publisher's detached signature beside a published file (FILE.sig): the 64-byte
 * Ed25519 signature over the file's bytes, raw or in base64. The kiosk checks it against
 * its configured update key (core/updates/update-check.ts); the centre only relays it.
 */

/** The 64 signature bytes of a FILE.sig's content, whichever of the two forms it has. */
export function decodeDetachedSignature(raw: Buffer): Buffer {
  return raw.length === 64 ? raw : Buffer.from(raw.toString('ascii').trim(), 'base64');
}
