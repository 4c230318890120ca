/**
 * What the kiosk may keep about a person in its records: ID numbers only masked, and
 * nothing biometric at all (no photo, frame or face descriptor; the face decision's
 * booleans and distance are not biometric data and stay). Applied to every decision's
 * facts and every audit entry, whatever the caller passed.
 */
import { maskIdNumber, validateIdNumber } from '../../rules/id-number';
import type { JsonValue } from './canonical-json';

// Matches photo, idPhoto, liveFrame, faceDescriptor, descriptors, landmarks, …
const BIOMETRIC_KEY = /(photo|image|frame|descriptor|embedding|landmark|portrait)s?$/i;
const ID_NUMBER_KEY = /idNumber$/i;
const ID_NUMBER_LIKE = /(?<!\d)\d{17}[\dXx](?!\d)/g;

/** A JSON copy of `value` without biometric data and with every ID number masked. */
export function withoutPersonalData(value: unknown): JsonValue {
  return redact(value) ?? null;
}

function redact(value: unknown): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'string':
      return maskIdNumbersIn(value);
    case 'object':
      return redactObject(value);
    default:
      return undefined; // functions, symbols, undefined
  }
}

function redactObject(value: object): JsonValue | undefined {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined; // images, descriptors
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item) ?? null);
  const result: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) {
    if (BIOMETRIC_KEY.test(key)) continue;
    const kept = ID_NUMBER_KEY.test(key) && typeof item === 'string' ? maskIdNumber(item) : redact(item);
    if (kept !== undefined) result[key] = kept;
  }
  return result;
}

function maskIdNumbersIn(text: string): string {
  if (text.startsWith('data:image/')) return '[image removed]';
  return text.replace(ID_NUMBER_LIKE, (candidate) => (looksLikeIdNumber(candidate) ? maskIdNumber(candidate) : candidate));
}

// A number one typo away from someone's ID number is still theirs: only the birth date
// decides. Shenzhen credit and house codes have no real birth date in those digits.
function looksLikeIdNumber(candidate: string): boolean {
  const checked = validateIdNumber(candidate);
  return checked.ok || checked.reason.code === 'bad-check-character';
}
