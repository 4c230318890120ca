/**
 * The one typed contract between the renderer and the core. Every payload that
 * crosses it is described here with zod; the core validates every incoming call
 * against these schemas, because the renderer is untrusted.
 */
import { z } from 'zod';
import { CatalogueIndustry, CatalogueItem, CatalogueQuery, Language, SessionCommand, SessionSnapshot } from './journey';
import type { EventName, MethodName } from './names';
import { MaintenanceOverview, MaintenanceStateEvent, MaintenanceStatusParams, granted, maintenanceMethods } from './maintenance';

export * from './journey';
export * from './maintenance';

export const DeviceKind = z.enum(['idcard', 'thermal', 'laser', 'camera']);

export const DeviceStatus = z.object({
  kind: DeviceKind,
  driver: z.string(),
  level: z.enum(['ok', 'warning', 'error']),
  reasons: z.array(z.string()).readonly(),
  message: z.string(),
  since: z.string(),
});

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  kioskId: z.string(),
  shell: z.enum(['electron', 'browser', 'test']),
  simulated: z.boolean(),
  defaultLanguage: Language,
});

const NoParams = z.object({}).strict();

/** What the renderer found out about its camera at start-up (getUserMedia lives there). */
export const CameraReport = z
  .object({
    present: z.boolean(),
    error: z.enum(['no-camera', 'permission-denied', 'camera-failed']).optional(),
    /** The browser's own words, for technicians; never an image. */
    detail: z.string().max(200).optional(),
  })
  .strict()
  .refine((report) => !(report.present && report.error), { message: 'a present camera cannot also report an error', path: ['error'] });

export const contract = {
  methods: {
    'app.info': { params: NoParams, result: AppInfo },
    'devices.list': { params: NoParams, result: z.array(DeviceStatus) },
    'devices.reportCamera': { params: CameraReport, result: DeviceStatus },
    'session.get': { params: NoParams, result: SessionSnapshot },
    'session.send': { params: SessionCommand, result: SessionSnapshot },
    'catalogue.industries': { params: NoParams, result: z.array(CatalogueIndustry) },
    'catalogue.search': { params: CatalogueQuery, result: z.array(CatalogueItem) },
    ...maintenanceMethods,
    'maintenance.status': { params: MaintenanceStatusParams, result: granted(MaintenanceOverview.extend({ devices: z.array(DeviceStatus) })) },
  },
  events: {
    'devices.status': z.array(DeviceStatus),
    'session.state': SessionSnapshot,
    'maintenance.state': MaintenanceStateEvent,
  },
} as const satisfies {
  methods: Record<MethodName, { params: z.ZodType; result: z.ZodType }>;
  events: Record<EventName, z.ZodType>;
};

type Methods = typeof contract.methods;
type Events = typeof contract.events;

export type Params<M extends MethodName> = z.input<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export type AppInfo = z.output<typeof AppInfo>;
export type DeviceStatusView = z.output<typeof DeviceStatus>;
export type SessionSnapshot = z.output<typeof SessionSnapshot>;
export type SessionCommand = z.output<typeof SessionCommand>;
export type Language = z.output<typeof Language>;
export type CatalogueItem = z.output<typeof CatalogueItem>;
export type CatalogueIndustry = z.output<typeof CatalogueIndustry>;

/** Why a call failed, in a form that survives any transport. */
export const CallErrorCode = z.enum(['unknown-method', 'bad-request', 'internal', 'unavailable']);
export type CallErrorCode = z.output<typeof CallErrorCode>;
export interface CallError {
  code: CallErrorCode;
  message: string;
}

export type CallOutcome<T = unknown> = { ok: true; value: T } | { ok: false; error: CallError };

/**
 * What the renderer holds: in Electron the preload's `window.kiosk`, in a browser a
 * WebSocket bridge, in tests an in-memory one. All three behave the same.
 */
export interface KioskBridge {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
