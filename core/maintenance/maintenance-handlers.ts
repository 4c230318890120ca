/** The contract's maintenance calls, each handed to the MaintenanceService with its token. */
import type { MAINTENANCE_METHOD_NAMES } from '../contract';
import type { KioskHandlers } from '../ipc/contract-server';
import type { MaintenanceService } from './maintenance-service';

type MaintenanceMethod = (typeof MAINTENANCE_METHOD_NAMES)[number];

export function maintenanceHandlers(service: MaintenanceService): Pick<KioskHandlers, MaintenanceMethod> {
  return {
    'maintenance.unlock': ({ pin }) => service.door.unlock(pin),
    'maintenance.lock': ({ token }) => ({ closed: service.door.lock(token) }),
    'maintenance.pin.change': ({ token, pin }) => service.door.changePin(token, pin),
    'maintenance.status': ({ token }) => service.status(token),
    'maintenance.testPrint': ({ token, printer }) => service.testPrint(token, printer),
    'maintenance.idcard.testRead': ({ token }) => service.testReadIdCard(token),
    'maintenance.queue.list': ({ token }) => service.listQueue(token),
    'maintenance.queue.retry': ({ token, job }) => service.retryJob(token, job),
    'maintenance.queue.cancel': ({ token, job }) => service.cancelJob(token, job),
    'maintenance.queue.reprint': ({ token, creditCode, reason }) => service.reprint(token, creditCode, reason),
    'maintenance.counters': ({ token }) => service.counters(token),
    'maintenance.logs.recent': ({ token, limit }) => service.recentLogs(token, limit),
    'maintenance.logs.export': ({ token }) => service.exportLogs(token),
    'maintenance.exit': ({ token }) => service.exitToDesktop(token),
    'maintenance.updates.list': ({ token, folder }) => service.listUpdates(token, folder),
    'maintenance.updates.verify': ({ token, file, sha256 }) => service.verifyUpdate(token, { file, sha256 }),
    'maintenance.updates.apply': ({ token, file, sha256 }) => service.applyUpdate(token, { file, sha256 }),
    'maintenance.updates.rollback': ({ token, target }) => service.rollbackUpdate(token, target),
    'maintenance.config.get': ({ token }) => service.deviceConfig(token),
    'maintenance.config.set': ({ token, devices }) => service.saveDeviceConfig(token, devices),
    'maintenance.restart': ({ token }) => service.restartKiosk(token),
  };
}
