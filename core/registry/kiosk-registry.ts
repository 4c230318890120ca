/** The registry and audit log of one kiosk, as the core and the tools open them. */
import { join } from 'node:path';
import { AuditLog } from '../audit/audit-log';
import { Outbox } from '../centre/outbox';
import { readCentreSealingKey } from '../centre/sealing-key-file';
import type { LoadedConfig } from '../config/load';
import type { KioskDatabase } from '../storage/database';
import { ID_LOOKUP_KEY_FILE, loadOrCreateIdLookupKey } from './id-number-lookup';
import { Registry } from './registry';

export interface KioskRegistry {
  registry: Registry;
  audit: AuditLog;
  /** The records the centre has not acknowledged; only with a `centre` in the configuration. */
  outbox: Outbox | null;
}

export function createKioskRegistry(db: KioskDatabase, { config, dataDir }: Pick<LoadedConfig, 'config' | 'dataDir'>, now?: () => Date): KioskRegistry {
  const audit = new AuditLog(db, now);
  const keysDir = join(dataDir, 'keys');
  const outbox = config.centre ? new Outbox(db, { kioskId: config.kioskId, sealingKey: readCentreSealingKey(keysDir), now }) : null;
  if (outbox) audit.observe((entry) => outbox.recordAuditEntry(entry));
  const registry = new Registry(db, {
    kioskId: config.kioskId,
    registration: config.registration,
    // Beside the kiosk's signing key (core/signing/kiosk-keys.ts), outside the database.
    idLookupKey: loadOrCreateIdLookupKey(join(keysDir, ID_LOOKUP_KEY_FILE)),
    audit,
    outbox: outbox ?? undefined,
    now,
  });
  return { registry, audit, outbox };
}
