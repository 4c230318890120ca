/**
 * The names of every call and pushed event between renderer and core. Kept free of
 * zod so the Electron preload (which runs sandboxed) can allow-list them cheaply.
 */
/** The technicians' calls (core/contract/maintenance.ts); all but unlock need the maintenance token. */
export const MAINTENANCE_METHOD_NAMES = [
  'maintenance.unlock',
  'maintenance.lock',
  'maintenance.pin.change',
  'maintenance.status',
  'maintenance.testPrint',
  'maintenance.idcard.testRead',
  'maintenance.queue.list',
  'maintenance.queue.retry',
  'maintenance.queue.cancel',
  'maintenance.queue.reprint',
  'maintenance.counters',
  'maintenance.logs.recent',
  'maintenance.logs.export',
  'maintenance.exit',
  'maintenance.updates.list',
  'maintenance.updates.verify',
  'maintenance.updates.apply',
  'maintenance.updates.rollback',
  'maintenance.config.get',
  'maintenance.config.set',
  'maintenance.restart',
] as const;
export const METHOD_NAMES = ['app.info', 'devices.list', 'devices.reportCamera', 'session.get', 'session.send', 'catalogue.industries', 'catalogue.search', ...MAINTENANCE_METHOD_NAMES] as const;
export const EVENT_NAMES = ['devices.status', 'session.state', 'maintenance.state'] as const;

export type MethodName = (typeof METHOD_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
