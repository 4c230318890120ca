/** Maintenance mode as the kiosk core starts it, from the configuration. */
import { createConfiguredAddressService } from '../address/configured-address-service';
import type { AddressService } from '../address/address-service';
import type { AuditLog } from '../audit/audit-log';
import type { LoadedConfig } from '../config/load';
import type { MaintenanceStateEvent } from '../contract';
import { loadDocumentFont } from '../documents/document-font';
import type { Logger } from '../log';
import type { KioskDatabase } from '../storage/database';
import { MaintenanceService, type MaintenanceDevices, type MaintenancePrintQueue, type ShellHooks } from './maintenance-service';
import { DEV_PIN_HASH } from './pin-format';

export interface MaintenanceParts {
  loaded: LoadedConfig;
  db: KioskDatabase;
  audit: AuditLog;
  devices: MaintenanceDevices & { allSimulated(): boolean };
  /** The applicant's session: maintenance opens only from attract and closes when a session starts. */
  session: { snapshot(): { state: string }; onChange(listener: (snapshot: { state: string }) => void): () => void };
  printQueue(): MaintenancePrintQueue | undefined;
  shell: ShellHooks;
  logger: Logger;
  onChange(event: MaintenanceStateEvent): void;
}

export function createMaintenance({ loaded, devices, logger, session, ...parts }: MaintenanceParts): MaintenanceService {
  const settings = loaded.config.maintenance;
  if (settings.pinHash === DEV_PIN_HASH && !devices.allSimulated()) {
    logger.warn('maintenance still opens with the development PIN: set a PIN with `kioskctl maintenance set-pin`');
  }
  const maintenance = new MaintenanceService({
    ...parts,
    devices,
    isAttracting: () => session.snapshot().state === 'attract',
    pinHash: settings.pinHash,
    lockout: { maxTries: settings.maxTries, lockoutMs: settings.lockoutMinutes * 60_000 },
    idleTimeoutMs: settings.idleTimeoutSeconds * 1000,
    addresses: new LazyAddressInfo(loaded),
    font: () => loadDocumentFont(),
    kioskId: loaded.config.kioskId,
    dataDir: loaded.dataDir,
  });
  // Another screen (a second window, a stray command) may start a session: its data must never lie under maintenance.
  session.onChange((snapshot) => {
    if (snapshot.state !== 'attract') maintenance.door.close('session-started');
  });
  return maintenance;
}

/** Opens the address database on the first look at the versions only: most visits never need it. */
class LazyAddressInfo {
  private service: AddressService | undefined;

  constructor(private readonly loaded: LoadedConfig) {}

  info() {
    this.service ??= createConfiguredAddressService(this.loaded);
    return this.service.info();
  }

  close(): void {
    this.service?.close();
    this.service = undefined;
  }
}
