/**
 * The names of every call and pushed event between renderer and core. Kept free of
 * zod so the Electron preload (which runs sandboxed) can allow-list them cheaply.
 */
export const METHOD_NAMES = ['app.info', 'devices.list', 'session.get', 'session.send'] as const;
export const EVENT_NAMES = ['devices.status', 'session.state'] as const;

export type MethodName = (typeof METHOD_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
