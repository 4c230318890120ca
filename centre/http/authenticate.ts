/**
 * Who sent a request, proven: the signature headers must be present, the timestamp
 * within the window of the centre's clock, the signature valid for the kiosk's
 * enrolled key (or, for an enrolment, the key it presents), and the nonce unseen.
 * The nonce is stored in PostgreSQL, so a request replayed to another centre process
 * behind the load balancer is refused as well. Every refusal is logged and recorded.
 */
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { readSignatureHeaders, signatureValid, type SignedParts } from '../../protocol/request-signing';
import { kioskKey, recordKioskNonce, type KioskSigningKey, type NonceOutcome } from '../kiosks';
import { RefusedError, type RefusalCode } from './refusals';

export interface Authenticator {
  /** The kiosk id of a signed request by an active kiosk. */
  kiosk(request: IncomingMessage, path: string, body: string): Promise<string>;
  /** An enrolment: signed with the key it presents, for the kiosk id it names. */
  enrolment(request: IncomingMessage, path: string, body: string, kioskId: string, key: KeyObject): Promise<void>;
}

type ProofRefusal = Extract<RefusalCode, 'unknown-kiosk' | 'revoked-kiosk' | 'bad-signature' | 'replay'>;

/** Proves a request's signature and records its nonce; null when both hold. */
type Proof = (parts: SignedParts, signature: string) => Promise<ProofRefusal | null>;

const NONCE_REFUSALS: Record<NonceOutcome, ProofRefusal | null> = {
  fresh: null,
  replay: 'replay',
  unknown: 'unknown-kiosk',
  revoked: 'revoked-kiosk',
  // Signed with a key the kiosk no longer has: enrolled again since, with a new one.
  'key-replaced': 'bad-signature',
};

export function createAuthenticator(pool: Pool, log: Logger, clockWindowMs: number, now: () => number = Date.now): Authenticator {
  /**
   * Active kiosks' keys, parsed once per process. Safe to keep: every request's nonce is
   * recorded by a statement that also checks the key is still the kiosk's current one,
   * so a revoked kiosk is refused from its very next request, on every centre process.
   */
  const keys = new Map<string, KioskSigningKey>();

  async function check(request: IncomingMessage, path: string, body: string, prove: Proof): Promise<string> {
    const headers = readSignatureHeaders(request.headers);
    const method = request.method ?? 'GET';
    const refuse = async (code: 'unsigned' | 'clock-skew' | ProofRefusal, detail?: string): Promise<never> => {
      const kioskId = headers?.kioskId ?? null;
      const remote = request.socket.remoteAddress ?? null;
      log.warn({ kioskId, reason: code, method, path, remote, detail }, 'request refused');
      await pool.query('INSERT INTO refused_requests (kiosk_id, reason, method, path, remote) VALUES ($1, $2, $3, $4, $5)', [kioskId, code, method, path, remote]).catch((error: Error) => log.error({ err: error.message }, 'could not record a refusal'));
      throw new RefusedError(code, detail);
    };
    if (!headers) return refuse('unsigned');
    const skew = headers.timestamp - now();
    if (Math.abs(skew) > clockWindowMs) return refuse('clock-skew', `${Math.round(skew / 1000)} s`);
    const refusal = await prove({ method, path, body, kioskId: headers.kioskId, timestamp: headers.timestamp, nonce: headers.nonce }, headers.signature);
    if (refusal) return refuse(refusal);
    return headers.kioskId;
  }

  /** An enrolled kiosk's request: its current key, then its nonce (one round trip once the key is known). */
  const proveKiosk: Proof = async (parts, signature) => {
    let key = keys.get(parts.kioskId);
    if (!key || !signatureValid(key.publicKey, parts, signature)) {
      // Not seen yet, or enrolled again with a new key since: read its current key.
      const found = await kioskKey(pool, parts.kioskId);
      if (found.status !== 'active') {
        keys.delete(parts.kioskId);
        return found.status === 'revoked' ? 'revoked-kiosk' : 'unknown-kiosk';
      }
      key = found.key;
      keys.set(parts.kioskId, key);
      if (!signatureValid(key.publicKey, parts, signature)) return 'bad-signature';
    }
    const outcome = await recordKioskNonce(pool, parts.kioskId, key.keyId, parts.nonce);
    if (outcome !== 'fresh' && outcome !== 'replay') keys.delete(parts.kioskId);
    return NONCE_REFUSALS[outcome];
  };

  return {
    kiosk: (request, path, body) => check(request, path, body, proveKiosk),
    enrolment: async (request, path, body, kioskId, key) => {
      const signer = await check(request, path, body, async (parts, signature) => {
        if (!signatureValid(key, parts, signature)) return 'bad-signature';
        // Nonces older than twice the window can no longer be replayed (the timestamp check refuses them first).
        const { rowCount } = await pool.query('INSERT INTO request_nonces (kiosk_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING', [parts.kioskId, parts.nonce]);
        return rowCount === 1 ? null : 'replay';
      });
      if (signer !== kioskId) throw new RefusedError('bad-request', 'the signing kiosk id differs from the one enrolled');
    },
  };
}

/** Forgets nonces that the time window already refuses; run now and then. */
export async function purgeOldNonces(pool: Pool, clockWindowMs: number): Promise<number> {
  const { rowCount } = await pool.query(`DELETE FROM request_nonces WHERE seen_at < now() - make_interval(secs => $1)`, [(2 * clockWindowMs) / 1000]);
  return rowCount ?? 0;
}
