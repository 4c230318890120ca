/** Maintenance mode as the kiosk core starts it, from the configuration. */
import type { AuditLog } from '../audit/audit-log';
import type { LoadedConfig } from '../config/load';
import type { MaintenanceStateEvent } from '../contract';
import { loadDocumentFont } from '../documents/document-font';
import type { Logger } from '../log';
import type { KioskDatabase } from '../storage/database';
import type { CurrentData } from '../updates/current-data';
import { UpdateService } from '../updates/update-service';
import { DeviceConfigEditor } from './device-config';
import { MaintenanceService, type MaintenanceDevices, type MaintenancePrintQueue, type ShellHooks } from './maintenance-service';
import { DEV_PIN_HASH } from './pin-format';

export interface MaintenanceParts {
  loaded: LoadedConfig;
  db: KioskDatabase;
  audit: AuditLog;
  devices: MaintenanceDevices & { allSimulated(): boolean; wltDecoderChoices(): readonly string[] };
  /** The applicant's session: maintenance opens only from attract and closes when a session starts. */
  session: { snapshot(): { state: string }; onChange(listener: (snapshot: { state: string }) => void): () => void };
  printQueue(): MaintenancePrintQueue | undefined;
  /** The rule sets and address database in force (the journey's own). */
  data: CurrentData;
  shell: ShellHooks;
  logger: Logger;
  onChange(event: MaintenanceStateEvent): void;
}

export function createMaintenance({ loaded, devices, logger, session, data, ...parts }: MaintenanceParts): MaintenanceService {
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
    // Opened on the first look at the versions only: most visits never need it.
    addresses: { info: () => data.addresses().info() },
    ruleSets: (service) => data.ruleSet(service),
    deviceConfig: new DeviceConfigEditor(loaded, parts.audit, devices.wltDecoderChoices()),
    updates: new UpdateService({ dataDir: loaded.dataDir, settings: loaded.config.updates, streets: () => data.streets(), audit: parts.audit }),
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
