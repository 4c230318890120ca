/** The downstream sync of a configured kiosk, as the kiosk core and `kioskctl centre pull` build it. */
import type { KeyObject } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { LoadedConfig } from '../config/load';
import type { LeasedCreditCodes } from '../registry/leased-credit-codes';
import type { KioskDatabase } from '../storage/database';
import type { CurrentData } from '../updates/current-data';
import { UpdateService } from '../updates/update-service';
import { CentreClient } from './centre-client';
import { DownstreamSync, type DownstreamSyncDeps } from './downstream-sync';

export interface KioskDownstreamParts {
  loaded: Pick<LoadedConfig, 'config' | 'dataDir'>;
  db: KioskDatabase;
  audit: AuditLog;
  /** The registry's leased blocks; absent for a standalone kiosk. */
  leases: LeasedCreditCodes | undefined;
  data: CurrentData;
  privateKey: KeyObject;
  onProgress?: DownstreamSyncDeps['onProgress'];
}

/** Undefined for a standalone kiosk (no `centre` in the configuration). */
export function createKioskDownstream({ loaded, db, audit, leases, data, privateKey, onProgress }: KioskDownstreamParts): DownstreamSync | undefined {
  const { config, dataDir } = loaded;
  if (!config.centre || !leases) return undefined;
  const client = new CentreClient({ url: config.centre.url, kioskId: config.kioskId, privateKey, timeoutMs: config.centre.timeoutMs });
  const updates = new UpdateService({ dataDir, settings: config.updates, streets: () => data.streets(), audit });
  return new DownstreamSync({ client, db, dataDir, leases, updates, addressBase: () => data.addressDatabaseFile(), audit, lowWater: config.centre.creditCodesLowWater, onProgress });
}
