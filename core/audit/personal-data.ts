/**
 * What the kiosk may keep about a person in its records and logs: ID numbers only
 * masked, no birth date (the masked number hides exactly those eight digits), and
 * nothing biometric at all (no photo, frame or face descriptor; the face decision's
 * booleans and distance are not biometric data and stay). Applied to every decision's
 * facts, every audit entry and every log line, whatever the caller passed, by pattern
 * and at any depth.
 */
import { maskIdNumber, validateIdNumber } from '../../rules/id-number';
import type { JsonValue } from './canonical-json';

// Matches photo, idPhoto, liveFrame, faceDescriptor, descriptors, landmarks, …
const BIOMETRIC_KEY = /(photo|image|frame|descriptor|embedding|landmark|portrait)s?$/i;
// birthDate, dateOfBirth, birthday, …
const BIRTH_DATE_KEY = /birth(date|day)?$|^dateOfBirth$/i;
const ID_NUMBER_KEY = /idNumber$/i;
const ID_NUMBER_LIKE = /(?<!\d)\d{17}[\dXx](?!\d)/g;

/** A JSON copy of `value` without biometric data or birth dates and with every ID number masked. */
export function withoutPersonalData(value: unknown): JsonValue {
  return redact(value, { removed: undefined, seen: new WeakSet() }) ?? null;
}

/**
 * The same for a log line, where what was taken out is shown as `[removed]` (a reader
 * sees that something was there) and errors keep their type, message and stack.
 */
export function redactedForLog(value: Record<string, unknown>): Record<string, JsonValue> {
  return redact(value, { removed: '[removed]', seen: new WeakSet() }) as Record<string, JsonValue>;
}

interface Redaction {
  /** What stands in for a dropped value; undefined drops the key. */
  removed: JsonValue | undefined;
  /** Objects on the way down, so a cycle ends instead of recursing forever. */
  seen: WeakSet<object>;
}

function redact(value: unknown, how: Redaction): JsonValue | undefined {
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
      return redactObject(value, how);
    default:
      return undefined; // functions, symbols, undefined
  }
}

function redactObject(value: object, how: Redaction): JsonValue | undefined {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return how.removed; // images, descriptors
  if (value instanceof Date) return value.toISOString();
  if (how.seen.has(value)) return '[circular]';
  how.seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redact(item, how) ?? null);
    const result: { [key: string]: JsonValue } = {};
    for (const [key, item] of entriesOf(value)) {
      const kept = redactEntry(key, item, how);
      if (kept !== undefined) result[key] = kept;
    }
    return result;
  } finally {
    how.seen.delete(value);
  }
}

function redactEntry(key: string, item: unknown, how: Redaction): JsonValue | undefined {
  if (BIOMETRIC_KEY.test(key) || BIRTH_DATE_KEY.test(key)) return item === undefined ? undefined : how.removed;
  if (ID_NUMBER_KEY.test(key) && typeof item === 'string') return maskIdNumber(item);
  return redact(item, how);
}

/** An error's own fields are not enumerable: name, message and stack are taken explicitly. */
function entriesOf(value: object): [string, unknown][] {
  if (!(value instanceof Error)) return Object.entries(value);
  const { cause } = value as { cause?: unknown };
  return [['type', value.name], ['message', value.message], ['stack', value.stack], ...Object.entries(value), ...(cause === undefined ? [] : [['cause', cause] as [string, unknown]])];
}

/** `text` with every ID number in it masked; a picture as a data URL is dropped whole. */
export function maskIdNumbersIn(text: string): string {
  if (text.startsWith('data:image/')) return '[image removed]';
  return text.replace(ID_NUMBER_LIKE, (candidate) => (looksLikeIdNumber(candidate) ? maskIdNumber(candidate) : candidate));
}

// A number one typo away from someone's ID number is still theirs: only the birth date
// decides. Shenzhen credit and house codes have no real birth date in those digits.
function looksLikeIdNumber(candidate: string): boolean {
  const checked = validateIdNumber(candidate);
  return checked.ok || checked.reason.code === 'bad-check-character';
}
