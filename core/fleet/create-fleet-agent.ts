/** The fleet agent as the kiosk core starts it: only for a kiosk with a centre in its configuration. */
import type { AuditLog } from '../audit/audit-log';
import { CentreClient } from '../centre/centre-client';
import type { LoadedConfig } from '../config/load';
import type { DeviceManager } from '../devices/device-manager';
import { loadDocumentFont } from '../documents/document-font';
import type { Logger } from '../log';
import type { ShellHooks } from '../maintenance/maintenance-service';
import type { PrintQueue } from '../printing/print-queue';
import type { SigningKey } from '../signing/kiosk-keys';
import type { KioskDatabase } from '../storage/database';
import type { CurrentData } from '../updates/current-data';
import { readHeartbeat } from './fleet-status';
import { HeartbeatAgent } from './heartbeat-agent';
import { RemoteCommands } from './remote-commands';

export interface FleetAgentParts {
  loaded: LoadedConfig;
  db: KioskDatabase;
  audit: AuditLog;
  devices: DeviceManager;
  printQueue: PrintQueue;
  data: CurrentData;
  signingKey: SigningKey;
  shell: ShellHooks;
  logger: Logger;
}

export function createFleetAgent({ loaded, db, audit, devices, printQueue, data, signingKey, shell, logger }: FleetAgentParts): HeartbeatAgent | undefined {
  const { centre, kioskId } = loaded.config;
  if (!centre) return undefined;
  const commands = new RemoteCommands({
    db,
    audit,
    devices,
    printQueue,
    reloadRuleSets: () => Object.entries(data.reloadRuleSets()).map(([service, set]) => ({ service, version: set.value.version })),
    shell,
    font: () => loadDocumentFont(),
    kioskId,
    dataDir: loaded.dataDir,
  });
  const agent = new HeartbeatAgent({
    centre: new CentreClient({ url: centre.url, kioskId, privateKey: signingKey.privateKey, timeoutMs: centre.timeoutMs }),
    status: () => readHeartbeat({ db, devices, addresses: { info: () => data.addresses().info() }, ruleSets: (service) => data.ruleSet(service) }),
    commands,
    intervalMs: centre.heartbeatMs,
    logger,
  });
  devices.onChange(() => agent.nudge());
  return agent;
}
