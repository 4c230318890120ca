/**
 * The kiosk's link to its centre, as the core runs it: the signed client, the
 * confirmations owed (kept in the kiosk database), the gate the journey goes through,
 * and the background retry of confirmations still owed (every centre.retrySeconds,
 * and once at start-up). Absent without a `centre` section: a standalone kiosk.
 */
import { join } from 'node:path';
import type { AuditLog } from '../audit/audit-log';
import type { KioskConfig } from '../config/schema';
import type { Logger } from '../log';
import { ID_LOOKUP_KEY_FILE, loadOrCreateIdLookupKey } from '../registry/id-number-lookup';
import type { Registry } from '../registry/registry';
import type { SigningKey } from '../signing/kiosk-keys';
import type { KioskDatabase } from '../storage/database';
import { CentreClient } from './centre-client';
import { CentreConfirmations } from './centre-confirmations';
import { CentreGate } from './centre-gate';

export interface KioskCentre {
  gate: CentreGate;
  confirmations: CentreConfirmations;
  stop(): Promise<void>;
}

export interface KioskCentreDeps {
  config: KioskConfig;
  dataDir: string;
  db: KioskDatabase;
  registry: Registry;
  audit: AuditLog;
  signingKey: SigningKey;
  logger: Logger;
}

export function startKioskCentre({ config, dataDir, db, registry, audit, signingKey, logger }: KioskCentreDeps): KioskCentre | undefined {
  const settings = config.centre;
  if (!settings) return undefined;
  const client = new CentreClient({ url: settings.url, kioskId: config.kioskId, privateKey: signingKey.privateKey, timeoutMs: settings.timeoutMs });
  const confirmations = new CentreConfirmations(db, loadOrCreateIdLookupKey(join(dataDir, 'keys', ID_LOOKUP_KEY_FILE)));
  const gate = new CentreGate({
    client,
    offline: settings.offline,
    confirmations,
    registry,
    audit,
    logger,
    transaction: (work) => db.transaction(work).immediate(),
  });
  let stopped = false;
  const retry = () => {
    if (stopped) return;
    gate.settlePending().catch((error: unknown) => logger.error({ err: error }, 'confirming to the centre failed'));
  };
  const timer = setInterval(retry, settings.retrySeconds * 1000);
  timer.unref();
  retry();
  return {
    gate,
    confirmations,
    async stop() {
      stopped = true;
      clearInterval(timer);
      // The database closes next: a pass under way finishes first.
      await gate.settlePending(new Set()).catch(() => undefined);
    },
  };
}
