/**
 * The signed statement in the licence's QR code, checked offline with the issuing
 * kiosk's public key: by `kioskctl licence verify` on any machine, and by the centre's
 * public page /v/<payload>. One line of printable ASCII, eight fields separated by dots:
 *
 *   MP1.<kioskId>.<keyId>.<creditCode>.<YYYYMMDD>.<name>.<digest>.<signature>
 *
 * - MP1: format and version.
 * - kioskId, keyId (8 hex digits), creditCode and the registration date as printed.
 * - name: base64url (no padding) of the name's UTF-8 bytes; empty when the business has none.
 * - digest: base64url of the first 16 bytes of SHA-256 over the canonical licence (made
 *   by the kiosk, core/signing/licence-statement.ts), so the operator, premises, scope
 *   and dates are covered too without being carried.
 * - signature: base64url of the Ed25519 signature over the ASCII bytes of everything
 *   before the last dot.
 * Every base64url field must be in its one canonical spelling, so no two payloads share
 * a signature. About 200 characters: a version 9-10 QR code that prints well at 25 mm.
 * With a centre, the QR code holds `<centre>/v/<payload>`; the payload part verifies alone.
 */
import { verify, type KeyObject } from 'node:crypto';
import { formatIsoDate, parseCompactDate } from '../rules/calendar-date';
import { validateCreditCode } from '../rules/credit-code';

export const STATEMENT_FORMAT = 'MP1';
export const DIGEST_BYTES = 16;
const SIGNATURE_BYTES = 64;
const FIELD_COUNT = 8;
/** The path of the centre's public check: `<centre>/v/<payload>`. */
export const VERIFY_PATH_PREFIX = '/v/';

/** Public keys by key id. */
export type PublicKeyring = ReadonlyMap<string, KeyObject>;

export interface LicenceStatement {
  kioskId: string;
  keyId: string;
  creditCode: string;
  /** ISO date. */
  registrationDate: string;
  name: string | null;
  /** base64url of the canonical licence's truncated SHA-256. */
  digest: string;
}

export type StatementProblem = 'malformed' | 'unknown-key' | 'bad-signature' | 'licence-differs';

export type StatementCheck =
  | { valid: true; statement: LicenceStatement }
  | { valid: false; problem: StatementProblem; message: string; statement?: LicenceStatement };

/** The text of the QR code: the payload itself, or `<centre>/v/<payload>` for a kiosk with a centre. */
export function qrText(payload: string, centreUrl: string | null | undefined): string {
  return centreUrl ? `${centreUrl.replace(/\/+$/, '')}${VERIFY_PATH_PREFIX}${payload}` : payload;
}

/** The payload of a scanned QR code, whether it holds the payload alone or the centre's URL. */
export function payloadOfQrText(text: string): string {
  const trimmed = text.trim();
  const at = trimmed.lastIndexOf(VERIFY_PATH_PREFIX);
  return /^https?:\/\//.test(trimmed) && at >= 0 ? trimmed.slice(at + VERIFY_PATH_PREFIX.length) : trimmed;
}

export type ParsedStatement = { ok: true; statement: LicenceStatement; signed: string; signature: Buffer } | { ok: false; message: string };

/** base64url in its one canonical spelling, or undefined. */
function strictBase64url(text: string, expectedBytes?: number): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) return undefined;
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) return undefined;
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseStatement(payload: string): ParsedStatement {
  const fail = (message: string): ParsedStatement => ({ ok: false, message: `not a licence statement: ${message}` });
  const fields = payload.trim().split('.');
  if (fields.length !== FIELD_COUNT) return fail(`expected ${FIELD_COUNT} fields separated by dots, found ${fields.length}`);
  const [format = '', kioskId = '', keyId = '', creditCode = '', date = '', name64 = '', digest = '', signature64 = ''] = fields;
  if (format !== STATEMENT_FORMAT) return fail(`unknown format ${JSON.stringify(format)} (expected ${STATEMENT_FORMAT})`);
  if (!/^[A-Z0-9][A-Z0-9-]{2,31}$/.test(kioskId)) return fail('the kiosk id is malformed');
  if (!/^[0-9a-f]{8}$/.test(keyId)) return fail('the key id is not 8 hex digits');
  const code = validateCreditCode(creditCode);
  if (!code.ok || code.code !== creditCode) return fail('the credit code is not valid');
  const registered = /^\d{8}$/.test(date) ? parseCompactDate(date) : undefined;
  if (!registered) return fail('the registration date is not a real date');
  const nameBytes = strictBase64url(name64);
  let name: string | null = null;
  try {
    if (nameBytes === undefined) return fail('the name is not base64url');
    if (nameBytes.length > 0) name = utf8.decode(nameBytes);
  } catch {
    return fail('the name is not UTF-8');
  }
  if (strictBase64url(digest, DIGEST_BYTES) === undefined) return fail('the digest is malformed');
  const signature = strictBase64url(signature64, SIGNATURE_BYTES);
  if (!signature) return fail('the signature is malformed');
  return {
    ok: true,
    statement: { kioskId, keyId, creditCode, registrationDate: formatIsoDate(registered), name, digest },
    signed: fields.slice(0, -1).join('.'),
    signature,
  };
}

/** Checks a scanned payload's signature against the known public keys. */
export function checkStatementSignature(payload: string, keyring: PublicKeyring): StatementCheck {
  const parsed = parseStatement(payload);
  if (!parsed.ok) return { valid: false, problem: 'malformed', message: parsed.message };
  const { statement } = parsed;
  const publicKey = keyring.get(statement.keyId);
  if (!publicKey) {
    const known = [...keyring.keys()].join(', ') || 'none';
    return { valid: false, problem: 'unknown-key', statement, message: `signed with key ${statement.keyId}, which is not among the known public keys (${known})` };
  }
  if (!verify(null, Buffer.from(parsed.signed, 'ascii'), publicKey, parsed.signature)) {
    return { valid: false, problem: 'bad-signature', statement, message: `the signature does not match key ${statement.keyId}: the payload was altered or forged` };
  }
  return { valid: true, statement };
}
