/** The kiosks' sync (protocol/centre-sync.ts): the outbox batches, and the key personal data is sealed to. */
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { z } from 'zod';
import { SYNC_PATHS, SyncRequest, type SealingKeyAnswer } from '../../protocol/centre-sync';
import type { IdNumberVault } from '../id-number-vault';
import type { CentreSealingKey } from '../sealing-key';
import { SyncInbox } from '../sync/inbox';
import { createAuthenticator } from './authenticate';
import type { CentreRoute } from './routes';
import { signedPost } from './signed-route';

export interface SyncApiDeps {
  pool: Pool;
  vault: IdNumberVault;
  sealingKey: CentreSealingKey;
  log: Logger;
  clockWindowMs: number;
}

export function syncRoutes(deps: SyncApiDeps): CentreRoute[] {
  const auth = createAuthenticator(deps.pool, deps.log, deps.clockWindowMs);
  const inbox = new SyncInbox(deps.pool, deps.vault, deps.sealingKey.privateKey);
  const publicKey: SealingKeyAnswer = { keyId: deps.sealingKey.keyId, publicKey: deps.sealingKey.publicKey.export({ format: 'pem', type: 'spki' }).toString() };
  return [
    signedPost(auth, SYNC_PATHS.sync, SyncRequest, async (kioskId, batch) => {
      const answer = await inbox.apply(kioskId, batch.records);
      deps.log.info({ kioskId, records: batch.records.length, applied: answer.applied, watermark: answer.watermark }, 'sync batch');
      return answer;
    }),
    signedPost(auth, SYNC_PATHS.sealingKey, z.object({}).strict(), async () => publicKey),
  ];
}
