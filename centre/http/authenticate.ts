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
import { readSignatureHeaders, signatureValid } from '../../protocol/request-signing';
import { kioskKey } from '../kiosks';
import { RefusedError } from './refusals';

export interface Authenticator {
  /** The kiosk id of a signed request by an active kiosk. */
  kiosk(request: IncomingMessage, path: string, body: string): Promise<string>;
  /** An enrolment: signed with the key it presents, for the kiosk id it names. */
  enrolment(request: IncomingMessage, path: string, body: string, kioskId: string, key: KeyObject): Promise<void>;
}

export function createAuthenticator(pool: Pool, log: Logger, clockWindowMs: number, now: () => number = Date.now): Authenticator {
  async function check(request: IncomingMessage, path: string, body: string, keyFor: (kioskId: string) => Promise<KeyObject>): Promise<string> {
    const headers = readSignatureHeaders(request.headers);
    const method = request.method ?? 'GET';
    const refuse = async (code: 'unsigned' | 'unknown-kiosk' | 'revoked-kiosk' | 'bad-signature' | 'clock-skew' | 'replay', detail?: string): Promise<never> => {
      const kioskId = headers?.kioskId ?? null;
      const remote = request.socket.remoteAddress ?? null;
      log.warn({ kioskId, reason: code, method, path, remote, detail }, 'request refused');
      await pool.query('INSERT INTO refused_requests (kiosk_id, reason, method, path, remote) VALUES ($1, $2, $3, $4, $5)', [kioskId, code, method, path, remote]).catch((error: Error) => log.error({ err: error.message }, 'could not record a refusal'));
      throw new RefusedError(code, detail);
    };
    if (!headers) return refuse('unsigned');
    const skew = headers.timestamp - now();
    if (Math.abs(skew) > clockWindowMs) return refuse('clock-skew', `${Math.round(skew / 1000)} s`);
    let key: KeyObject;
    try {
      key = await keyFor(headers.kioskId);
    } catch (error) {
      if (error instanceof RefusedError && (error.code === 'unknown-kiosk' || error.code === 'revoked-kiosk')) return refuse(error.code);
      throw error;
    }
    const parts = { method, path, body, kioskId: headers.kioskId, timestamp: headers.timestamp, nonce: headers.nonce };
    if (!signatureValid(key, parts, headers.signature)) return refuse('bad-signature');
    // Nonces older than twice the window can no longer be replayed (the timestamp check refuses them first).
    const { rowCount } = await pool.query('INSERT INTO request_nonces (kiosk_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING', [headers.kioskId, headers.nonce]);
    if (rowCount !== 1) return refuse('replay');
    return headers.kioskId;
  }

  return {
    kiosk: (request, path, body) =>
      check(request, path, body, async (kioskId) => {
        const found = await kioskKey(pool, kioskId);
        if (found.status === 'active') return found.publicKey;
        throw new RefusedError(found.status === 'revoked' ? 'revoked-kiosk' : 'unknown-kiosk');
      }),
    enrolment: async (request, path, body, kioskId, key) => {
      const signer = await check(request, path, body, async () => key);
      if (signer !== kioskId) throw new RefusedError('bad-request', 'the signing kiosk id differs from the one enrolled');
    },
  };
}

/** Forgets nonces that the time window already refuses; run now and then. */
export async function purgeOldNonces(pool: Pool, clockWindowMs: number): Promise<number> {
  const { rowCount } = await pool.query(`DELETE FROM request_nonces WHERE seen_at < now() - make_interval(secs => $1)`, [(2 * clockWindowMs) / 1000]);
  return rowCount ?? 0;
}
