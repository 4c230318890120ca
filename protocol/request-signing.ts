/**
 * Signed requests between kiosk and centre. The kiosk signs, with its Ed25519 key,
 * one canonical line set: method, path, SHA-256 of the body, timestamp, nonce and its
 * id. The centre checks the signature against the enrolled key, the timestamp against
 * its clock (a window) and the nonce against those it has seen in that window, so a
 * captured request cannot be replayed or altered.
 */
import { createHash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

export const SIGNATURE_HEADERS = {
  kioskId: 'x-miaopi-kiosk',
  timestamp: 'x-miaopi-timestamp',
  nonce: 'x-miaopi-nonce',
  signature: 'x-miaopi-signature',
} as const;

export const SignatureHeaders = z.object({
  kioskId: z.string().min(1).max(64),
  /** Milliseconds since the epoch, by the kiosk's clock. */
  timestamp: z.string().regex(/^\d{13}$/).transform(Number),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'an Ed25519 signature, base64url'),
});
export type SignatureHeaders = z.infer<typeof SignatureHeaders>;

export interface SignedParts {
  method: string;
  path: string;
  body: string;
  kioskId: string;
  timestamp: number;
  nonce: string;
}

/** The key id: the first 8 hex digits of SHA-256 over the raw 32-byte Ed25519 public key. */
export function keyIdOf(publicKey: KeyObject): string {
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  return createHash('sha256').update(raw).digest('hex').slice(0, 8);
}

export function canonicalRequest(parts: SignedParts): Buffer {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return Buffer.from(['MIAOPI-CENTRE-1', parts.method.toUpperCase(), parts.path, bodyHash, String(parts.timestamp), parts.nonce, parts.kioskId].join('\n'));
}

/** The four headers for one request. */
export function signRequest(privateKey: KeyObject, request: Omit<SignedParts, 'timestamp' | 'nonce'>, now = Date.now()): Record<string, string> {
  const nonce = randomBytes(18).toString('base64url');
  const signature = sign(null, canonicalRequest({ ...request, timestamp: now, nonce }), privateKey).toString('base64url');
  return {
    [SIGNATURE_HEADERS.kioskId]: request.kioskId,
    [SIGNATURE_HEADERS.timestamp]: String(now),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: signature,
  };
}

/** The signature headers of a request, or null when one is missing or malformed. */
export function readSignatureHeaders(headers: Record<string, string | string[] | undefined>): SignatureHeaders | null {
  const pick = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? undefined : value;
  };
  const parsed = SignatureHeaders.safeParse({
    kioskId: pick(SIGNATURE_HEADERS.kioskId),
    timestamp: pick(SIGNATURE_HEADERS.timestamp),
    nonce: pick(SIGNATURE_HEADERS.nonce),
    signature: pick(SIGNATURE_HEADERS.signature),
  });
  return parsed.success ? parsed.data : null;
}

export function signatureValid(publicKey: KeyObject, parts: SignedParts, signature: string): boolean {
  return verify(null, canonicalRequest(parts), publicKey, Buffer.from(signature, 'base64url'));
}
