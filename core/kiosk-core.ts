/**
 * The composition root of the application core. Electron, the browser host and the
 * tests all start the kiosk through createKioskCore and talk to it only through
 * its ContractServer.
 */
import type { LoadedConfig } from './config/load';
import { DeviceManager } from './devices/device-manager';
import { ContractServer } from './ipc/contract-server';
import type { AuditLog } from './audit/audit-log';
import { createKioskRegistry } from './registry/kiosk-registry';
import type { Registry } from './registry/registry';
import type { Logger } from './log';
import { SessionService } from './session/session-service';
import { initSigningKey, kioskKeysDir, type SigningKey } from './signing/kiosk-keys';
import { openDatabase, type KioskDatabase } from './storage/database';
import type { AppInfo } from './contract';
import { APP_NAME, APP_VERSION } from './version';

export interface KioskCoreOptions {
  loaded: LoadedConfig;
  shell: AppInfo['shell'];
  logger: Logger;
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
  readonly config: LoadedConfig;
  close(): Promise<void>;
}

export async function createKioskCore({ loaded, shell, logger }: KioskCoreOptions): Promise<KioskCore> {
  const { config } = loaded;
  const devices = new DeviceManager(config.devices);
  const db = openDatabase(loaded.databasePath);
  const { registry, audit } = createKioskRegistry(db, loaded);
  const { key: signingKey, created: keyCreated } = initSigningKey(kioskKeysDir(loaded.dataDir));
  if (keyCreated) logger.info({ keyId: signingKey.keyId, publicKeyFile: signingKey.publicKeyFile }, 'signing key created');
  const session = new SessionService({
    defaultLanguage: config.ui.defaultLanguage,
    inactivityTimeoutMs: config.ui.inactivityTimeoutSeconds * 1000,
    inactivityWarningMs: config.ui.inactivityWarningSeconds * 1000,
  });

  const info: AppInfo = {
    name: APP_NAME,
    version: APP_VERSION,
    kioskId: config.kioskId,
    shell,
    simulated: devices.allSimulated(),
    defaultLanguage: config.ui.defaultLanguage,
  };

  const server = new ContractServer(
    {
      'app.info': () => info,
      'devices.list': () => devices.statuses(),
      'session.get': () => session.snapshot(),
      'session.send': (command) => session.send(command),
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

  await devices.openAll();
  logger.info({ kioskId: config.kioskId, shell, config: loaded.file ?? 'embedded defaults', database: loaded.databasePath }, 'kiosk core ready');

  return {
    server,
    devices,
    session,
    db,
    registry,
    audit,
    signingKey,
    config: loaded,
    async close() {
      session.stop();
      await devices.closeAll();
      db.close();
    },
  };
}
