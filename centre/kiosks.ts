/**
 * The kiosks the centre knows: added by an operator with a one-time code, enrolled by
 * the kiosk presenting that code with its Ed25519 public key, revoked when lost.
 * Only the code's SHA-256 is stored; the code itself is shown once.
 */
import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import type { Pool } from 'pg';
import { keyIdOf } from '../protocol/request-signing';
import type { EnrolAnswer, EnrolRequest } from '../protocol/centre';
import { RefusedError } from './http/refusals';

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I: read aloud and typed by a technician
const CODE_VALID_HOURS = 24;

/** A new one-time code for the kiosk (added if new); a code given before stops working. */
export async function addKiosk(pool: Pool, kioskId: string, validHours = CODE_VALID_HOURS): Promise<{ code: string; expiresAt: Date }> {
  const code = oneTimeCode();
  const { rows } = await pool.query<{ expires: Date }>(
    `INSERT INTO kiosks (kiosk_id, status, enrol_code_hash, enrol_code_expires_at)
     VALUES ($1, 'awaiting-enrolment', $2, now() + make_interval(hours => $3))
     ON CONFLICT (kiosk_id) DO UPDATE SET enrol_code_hash = EXCLUDED.enrol_code_hash, enrol_code_expires_at = EXCLUDED.enrol_code_expires_at,
       status = CASE WHEN kiosks.status = 'revoked' THEN 'awaiting-enrolment' ELSE kiosks.status END
     RETURNING enrol_code_expires_at AS expires`,
    [kioskId, hashCode(code), validHours],
  );
  return { code, expiresAt: rows[0]!.expires };
}

/** Refuses the kiosk's requests from now on; returns false when the centre does not know it. */
export async function revokeKiosk(pool: Pool, kioskId: string): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rowCount } = await client.query(`UPDATE kiosks SET status = 'revoked', revoked_at = now(), enrol_code_hash = NULL WHERE kiosk_id = $1`, [kioskId]);
    await client.query('UPDATE kiosk_keys SET revoked_at = now() WHERE kiosk_id = $1 AND revoked_at IS NULL', [kioskId]);
    await client.query('COMMIT');
    return rowCount === 1;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** The key an enrolment request presents (it must also sign the request with it). */
export function enrolmentKey(request: EnrolRequest): KeyObject {
  try {
    const key = createPublicKey(request.publicKey);
    if (key.asymmetricKeyType === 'ed25519') return key;
  } catch {
    // fall through
  }
  throw new RefusedError('bad-request', 'publicKey is not an Ed25519 public key in SPKI PEM');
}

/** Uses the code once: the kiosk becomes active with this key, any key it had before is revoked. */
export async function enrolKiosk(pool: Pool, request: EnrolRequest, key: KeyObject): Promise<EnrolAnswer> {
  const keyId = keyIdOf(key);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ enrolled_at: Date }>(
      `UPDATE kiosks SET status = 'active', enrolled_at = now(), enrol_code_hash = NULL, enrol_code_expires_at = NULL
       WHERE kiosk_id = $1 AND enrol_code_hash = $2 AND enrol_code_expires_at > now()
       RETURNING enrolled_at`,
      [request.kioskId, hashCode(request.code)],
    );
    if (rows.length === 0) throw new RefusedError('bad-enrolment-code');
    await client.query('UPDATE kiosk_keys SET revoked_at = now() WHERE kiosk_id = $1 AND revoked_at IS NULL', [request.kioskId]);
    await client.query(
      `INSERT INTO kiosk_keys (kiosk_id, key_id, public_key) VALUES ($1, $2, $3)
       ON CONFLICT (kiosk_id, key_id) DO UPDATE SET revoked_at = NULL, added_at = now()`,
      [request.kioskId, keyId, key.export({ format: 'pem', type: 'spki' }).toString()],
    );
    await client.query('COMMIT');
    return { kioskId: request.kioskId, keyId, enrolledAt: rows[0]!.enrolled_at.toISOString() };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** An active kiosk's enrolled key, with the id it is stored under. */
export interface KioskSigningKey {
  keyId: string;
  publicKey: KeyObject;
}

export type KioskKeyLookup = { status: 'active'; key: KioskSigningKey } | { status: 'unknown' | 'revoked' };

/** The key an active kiosk signs with. */
export async function kioskKey(pool: Pool, kioskId: string): Promise<KioskKeyLookup> {
  const { rows } = await pool.query<{ status: string; key_id: string | null; public_key: string | null }>(
    `SELECT k.status, kk.key_id, kk.public_key FROM kiosks k LEFT JOIN kiosk_keys kk ON kk.kiosk_id = k.kiosk_id AND kk.revoked_at IS NULL WHERE k.kiosk_id = $1`,
    [kioskId],
  );
  const row = rows[0];
  if (!row || row.status === 'awaiting-enrolment' || !row.public_key || !row.key_id) return { status: row?.status === 'revoked' ? 'revoked' : 'unknown' };
  if (row.status === 'revoked') return { status: 'revoked' };
  return { status: 'active', key: { keyId: row.key_id, publicKey: createPublicKey(row.public_key) } };
}

/** What recording a request's nonce found: only 'fresh' lets the request through. */
export type NonceOutcome = 'fresh' | 'replay' | 'unknown' | 'revoked' | 'key-replaced';

/**
 * Records the nonce of a request signed with the kiosk's key `keyId`, in the same
 * statement that checks the kiosk is still active and that key still its enrolled one:
 * a key read earlier (and cached) is never trusted past a revocation or a re-enrolment.
 */
export async function recordKioskNonce(pool: Pool, kioskId: string, keyId: string, nonce: string): Promise<NonceOutcome> {
  const { rows } = await pool.query<{ status: string; key_current: boolean; fresh: boolean }>(
    `WITH signer AS (
       SELECT k.status, EXISTS (SELECT 1 FROM kiosk_keys kk WHERE kk.kiosk_id = k.kiosk_id AND kk.key_id = $2 AND kk.revoked_at IS NULL) AS key_current
       FROM kiosks k WHERE k.kiosk_id = $1
     ), seen AS (
       INSERT INTO request_nonces (kiosk_id, nonce) SELECT $1, $3 FROM signer WHERE status = 'active' AND key_current
       ON CONFLICT DO NOTHING RETURNING 1
     )
     SELECT status, key_current, EXISTS (SELECT 1 FROM seen) AS fresh FROM signer`,
    [kioskId, keyId, nonce],
  );
  const signer = rows[0];
  if (!signer || signer.status === 'awaiting-enrolment') return 'unknown';
  if (signer.status === 'revoked') return 'revoked';
  if (!signer.key_current) return 'key-replaced';
  return signer.fresh ? 'fresh' : 'replay';
}

function oneTimeCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Case and dashes do not matter when the technician types it. */
function hashCode(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[^0-9A-Z]/g, '')).digest('hex');
}
