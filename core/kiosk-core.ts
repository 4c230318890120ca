/**
 * The composition root of the application core. Electron, the browser host and the
 * tests all start the kiosk through createKioskCore and talk to it only through
 * its ContractServer.
 */
import type { LoadedConfig } from './config/load';
import { loadScopeCatalogue } from './approval/approval-data';
import { CatalogueService } from './catalogue/catalogue-service';
import { DeviceManager } from './devices/device-manager';
import { createFleetAgent } from './fleet/create-fleet-agent';
import type { HeartbeatAgent } from './fleet/heartbeat-agent';
import { createMaintenance } from './maintenance/create-maintenance';
import { maintenanceHandlers } from './maintenance/maintenance-handlers';
import type { MaintenanceService, ShellHooks } from './maintenance/maintenance-service';
import { ContractServer } from './ipc/contract-server';
import type { AuditLog } from './audit/audit-log';
import type { DownstreamSync } from './centre/downstream-sync';
import { createKioskDownstream } from './centre/kiosk-downstream';
import { createKioskRegistry } from './registry/kiosk-registry';
import { startOutboxSender } from './centre/start-outbox-sender';
import type { Registry } from './registry/registry';
import type { Logger } from './log';
import { createKioskPrintQueue } from './printing/kiosk-print-queue';
import type { PrintQueue } from './printing/print-queue';
import { createJourneySession, type JourneySessionDeps } from './session/journey-session';
import { startKioskCentre, type KioskCentre } from './centre/kiosk-centre';
import type { SessionService } from './session/session-service';
import { initSigningKey, kioskKeysDir, type SigningKey } from './signing/kiosk-keys';
import { openDatabase, type KioskDatabase } from './storage/database';
import { makePrivateDir } from './storage/private-files';
import type { AppInfo } from './contract';
import { APP_NAME, APP_VERSION } from './version';

export interface KioskCoreOptions {
  loaded: LoadedConfig;
  shell: AppInfo['shell'];
  logger: Logger;
  /** What the shell can do when maintenance asks (e.g. exit to the desktop). */
  shellHooks?: ShellHooks;
  /** The app folder, where the simulated ID cards' photos are; found upward by default (tests give their own faces). */
  appRoot?: string;
  /** Wraps the journey's services; for tests that make one of them fail. */
  journeyServices?: JourneySessionDeps['journeyServices'];
}

export interface KioskCore {
  readonly server: ContractServer;
  readonly devices: DeviceManager;
  readonly session: SessionService;
  readonly db: KioskDatabase;
  /** Applications, decisions and licences; credit codes are allocated here. */
  readonly registry: Registry;
  readonly audit: AuditLog;
  /** Signs the QR statement on every licence this kiosk prints; created on the first start. */
  readonly signingKey: SigningKey;
  /** Licences and notices to print; nothing is lost across faults and restarts. */
  readonly printQueue: PrintQueue;
  readonly config: LoadedConfig;
  /** The link to the city's centre; absent on a standalone kiosk. */
  readonly centre?: KioskCentre;
  /** The technicians' maintenance mode (core/maintenance). */
  readonly maintenance: MaintenanceService;
  /** Heartbeats to the centre and its remote commands; undefined for a standalone kiosk. */
  readonly fleet: HeartbeatAgent | undefined;
  /** Credit-code leases, rule sets, address deltas and the restricted list pulled from the centre; undefined for a standalone kiosk. */
  readonly downstream: DownstreamSync | undefined;
  /** Loads what the first applicant would otherwise wait for; the shells call it once they serve (tests that time a journey too). */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

export async function createKioskCore({ loaded, shell, logger, shellHooks = {}, appRoot, journeyServices }: KioskCoreOptions): Promise<KioskCore> {
  const { config } = loaded;
  // First, before any part creates it: the data folder holds the database, the keys and printed licences.
  makePrivateDir(loaded.dataDir);
  const devices = await DeviceManager.create(config.devices, { dataDir: loaded.dataDir, appRoot });
  const db = openDatabase(loaded.databasePath);
  const { registry, audit, outbox, leasedCreditCodes } = createKioskRegistry(db, loaded);
  const { key: signingKey, created: keyCreated } = initSigningKey(kioskKeysDir(loaded.dataDir));
  if (keyCreated) logger.info({ keyId: signingKey.keyId, publicKeyFile: signingKey.publicKeyFile }, 'signing key created');
  // Built now, started once the devices are open: the journey queues its prints here.
  const printing = createKioskPrintQueue({ db, audit, registry, devices, settings: config.printing, signingKey, centreUrl: config.centre?.url ?? null, logger });
  const centre = startKioskCentre({ config, dataDir: loaded.dataDir, db, registry, audit, signingKey, logger });
  const journey = createJourneySession({ loaded, shell, devices, registry, audit, printQueue: printing.queue, logger, journeyServices, centre: centre?.gate });
  const { session } = journey;
  // With a centre: leases, rule sets, address deltas and the restricted list, pulled now and periodically.
  const downstream = createKioskDownstream({ loaded, db, audit, leases: leasedCreditCodes, data: journey.data, privateKey: signingKey.privateKey });

  const info: AppInfo = {
    name: APP_NAME,
    version: APP_VERSION,
    kioskId: config.kioskId,
    shell,
    simulated: devices.allSimulated(),
    defaultLanguage: config.ui.defaultLanguage,
  };

  const catalogue = new CatalogueService(loadScopeCatalogue().value);
  const maintenance = createMaintenance({
    loaded, db, audit, devices, logger,
    shell: shellHooks,
    session,
    printQueue: () => printing.queue,
    data: journey.data,
    onChange: (event) => server.publish('maintenance.state', event),
  });
  const server = new ContractServer(
    {
      ...maintenanceHandlers(maintenance),
      'app.info': () => info,
      'devices.list': () => devices.statuses(),
      'devices.reportCamera': (report) => devices.reportCamera(report),
      'session.get': () => session.snapshot(),
      'session.send': (command) => session.send(command),
      'catalogue.industries': () => catalogue.industries(),
      'catalogue.search': (query) => catalogue.search(query),
    },
    { onInternalError: (method, error) => logger.error({ method, err: error }, 'call failed') },
  );

  devices.onChange((statuses, changed) => {
    server.publish('devices.status', statuses);
    const entry = { device: changed.kind, driver: changed.driver, level: changed.level, reasons: changed.reasons };
    if (changed.level === 'ok') logger.info(entry, changed.message);
    else logger.warn(entry, changed.message);
  });
  session.onChange((snapshot) => {
    server.publish('session.state', snapshot);
    logger.info({ state: snapshot.state }, 'session state');
  });

  for (const failure of await devices.openAll()) {
    logger.warn({ device: failure.kind }, `device not available at start-up; retrying: ${failure.message}`);
  }
  // After the devices: jobs a crash left behind resume on printers whose status is known.
  printing.queue.start();
  const outboxSender = outbox && startOutboxSender({ outbox, config, signingKey, audit, keysDir: kioskKeysDir(loaded.dataDir), logger });
  if (downstream && config.centre) downstream.start(config.centre.pullIntervalSeconds * 1000);
  const fleet = createFleetAgent({ loaded, db, audit, devices, printQueue: printing.queue, data: journey.data, signingKey, shell: shellHooks, logger });
  fleet?.start();
  logger.info({ kioskId: config.kioskId, shell, config: loaded.file ?? 'embedded defaults', database: loaded.databasePath }, 'kiosk core ready');

  return {
    server,
    devices,
    session,
    db,
    registry,
    audit,
    signingKey,
    printQueue: printing.queue,
    config: loaded,
    centre,
    maintenance,
    fleet,
    downstream,
    async warmUp() {
      // Font, first licence render and face models take seconds of CPU: done after the
      // shell serves, so the kiosk is on screen first and the first applicant does not wait.
      await Promise.all([
        printing.preload().catch((error: unknown) => logger.error({ err: error }, 'document preload failed')),
        journey.warmUp(),
      ]);
    },
    async close() {
      await downstream?.stop();
      await fleet?.stop();
      maintenance.dispose();
      session.stop();
      // Closing the printers ends a job in hand (it waits in the database for the next start).
      const printingStopped = printing.queue.stop();
      await devices.closeAll();
      await printingStopped;
      await outboxSender?.stop();
      await centre?.stop();
      db.close();
    },
  };
}
