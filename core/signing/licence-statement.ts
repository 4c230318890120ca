/**
 * Signing the statement in the licence's QR code (its format and the offline check are
 * in protocol/licence-statement.ts, shared with the centre), and checking that a
 * payload was made for exactly a given licence: the digest is the first 16 bytes of
 * SHA-256 over the canonical licence, the canonical JSON (keys sorted, no whitespace,
 * UTF-8, strings in Unicode NFC) of every field of the Licence as validated.
 */
import { createHash, sign } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../audit/canonical-json';
import type { Licence } from '../documents/licence';
import type { SigningKey } from './kiosk-keys';
import { checkStatementSignature, DIGEST_BYTES, STATEMENT_FORMAT, type PublicKeyring, type StatementCheck } from '../../protocol/licence-statement';

export { parseStatement, STATEMENT_FORMAT, type LicenceStatement, type StatementCheck, type StatementProblem } from '../../protocol/licence-statement';

export function canonicalLicence(licence: Licence): string {
  return canonicalJson(normalised(licence as unknown as JsonValue));
}

function normalised(value: JsonValue): JsonValue {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(normalised);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalised(v)]));
  return value;
}

export function licenceDigest(licence: Licence): string {
  return createHash('sha256').update(canonicalLicence(licence), 'utf8').digest().subarray(0, DIGEST_BYTES).toString('base64url');
}

/** The QR payload for a licence, signed with the kiosk's key. */
export function signLicence(licence: Licence, key: Pick<SigningKey, 'keyId' | 'privateKey'>): string {
  const signed = [
    STATEMENT_FORMAT,
    licence.kioskId,
    key.keyId,
    licence.creditCode,
    licence.registrationDate.replaceAll('-', ''),
    licence.name === null ? '' : Buffer.from(licence.name.normalize('NFC'), 'utf8').toString('base64url'),
    licenceDigest(licence),
  ].join('.');
  return `${signed}.${sign(null, Buffer.from(signed, 'ascii'), key.privateKey).toString('base64url')}`;
}

/**
 * Checks a scanned payload against the known public keys. With `licence`, also checks
 * that the payload was made for exactly that licence (every field, via the digest).
 */
export function verifyStatement(payload: string, keyring: PublicKeyring, licence?: Licence): StatementCheck {
  const check = checkStatementSignature(payload, keyring);
  if (check.valid && licence && licenceDigest(licence) !== check.statement.digest) {
    return { valid: false, problem: 'licence-differs', statement: check.statement, message: 'the signature is genuine but was made for a licence whose fields differ from the one given' };
  }
  return check;
}
