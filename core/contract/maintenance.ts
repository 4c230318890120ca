/**
 * The technicians' maintenance mode as the renderer sees it. A correct PIN opens it and
 * returns an opaque token; every other maintenance call carries that token and is
 * answered `denied` once it has expired or maintenance was closed, so the renderer
 * falls back to the attract screen. Nothing here carries an applicant's personal data:
 * the ID reader's test read is masked before it leaves the core.
 */
import { z } from 'zod';
import { LocalizedText } from './journey';

export const MaintenanceToken = z.string().min(16).max(128);

const WithToken = z.object({ token: MaintenanceToken }).strict();

export const UnlockParams = z
  .object({ pin: z.string().regex(/^\d{1,12}$/, 'a PIN is up to 12 digits') })
  .strict();

export const UnlockResult = z.discriminatedUnion('status', [
  /** pinChangeRequired: opened with the shipped PIN; only `maintenance.pin.change` is let through until it is replaced. */
  z.object({ status: z.literal('ok'), token: MaintenanceToken, idleTimeoutSeconds: z.number().int(), pinChangeRequired: z.boolean() }),
  z.object({ status: z.literal('wrong'), triesLeft: z.number().int() }),
  z.object({ status: z.literal('locked'), lockedUntil: z.string(), secondsLeft: z.number().int() }),
  /** Only from the attract screen: never while an applicant's data may be on screen. */
  z.object({ status: z.literal('refused'), reason: z.literal('session-active') }),
]);

/** Why a maintenance call was not carried out. */
export const MaintenanceDenied = z.object({ status: z.literal('denied'), reason: z.enum(['not-open', 'expired', 'pin-change-required']) });

/** A maintenance call's answer: its value, or `denied`. */
export function granted<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('status', [z.object({ status: z.literal('ok'), value }), MaintenanceDenied]);
}

export const PrinterName = z.enum(['thermal', 'laser']);

export const RuleSetVersion = z.object({ service: z.enum(['registration', 'deregistration']), version: z.string(), hash: z.string() });

export const AddressDatabaseVersion = z.union([
  z.object({ available: z.literal(true), formatVersion: z.number(), builtAt: z.string(), source: z.string(), rooms: z.number() }),
  z.object({ available: z.literal(false), problem: z.string() }),
]);

export const Versions = z.object({
  app: z.string(),
  ruleSets: z.array(RuleSetVersion),
  addressDatabase: AddressDatabaseVersion,
});

export const RATING_LEVELS = ['非常满意', '满意', '基本满意', '不满意', '非常不满意'] as const;

export const Counters = z.object({
  sessions: z.number().int(),
  decisions: z.number().int(),
  approvals: z.number().int(),
  rejections: z.number().int(),
  referrals: z.number().int(),
  /** approvals / decisions; null before the first decision. */
  passRate: z.number().nullable(),
  rejectionsByRule: z.array(z.object({ rule: z.string(), count: z.number().int() })),
  ratings: z.array(z.object({ level: z.enum(RATING_LEVELS), count: z.number().int() })),
});

/** Everything but the devices, which schema.ts adds (DeviceStatus lives there). */
export const MaintenanceOverview = z.object({ versions: Versions, counters: Counters, idleTimeoutSeconds: z.number().int() });

export const TestPrintParams = WithToken.extend({ printer: PrinterName }).strict();
export const TestPrintResult = z.object({ printer: PrinterName, printed: z.boolean(), reason: z.string().optional(), message: z.string().optional() });

export const MaskedCard = z.object({ name: z.string(), sex: z.string(), idNumberMasked: z.string(), validTo: z.string() });
export const IdCardTestResult = z.discriminatedUnion('read', [
  z.object({ read: z.literal(true), card: MaskedCard }),
  z.object({ read: z.literal(false), reason: z.string(), message: z.string() }),
]);

export const QueueJobView = z.object({
  id: z.number().int(),
  creditCode: z.string(),
  document: z.string(),
  printer: PrinterName,
  state: z.enum(['queued', 'printing', 'waiting', 'printed', 'failed', 'cancelled']),
  reason: z.string().nullable(),
  attempts: z.number().int(),
  reprint: z.boolean(),
  reprintReason: z.string().nullable(),
  createdAt: z.string(),
  printedAt: z.string().nullable(),
});

export const JobParams = WithToken.extend({ job: z.number().int().positive() }).strict();
export const ReprintParams = WithToken.extend({
  creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'expected an 18-character unified social credit code'),
  reason: z.string().trim().min(2, 'say why the licence is printed again').max(200),
}).strict();

/** A queue action that was refused says why, in both languages. */
export const QueueActionResult = z.discriminatedUnion('done', [
  z.object({ done: z.literal(true), job: QueueJobView }),
  z.object({ done: z.literal(false), problem: z.string(), message: LocalizedText }),
]);

/** An audit entry as a technician sees it: `data` is its redacted JSON. */
export const AuditEntryView = z.object({ seq: z.number().int(), at: z.string(), event: z.string(), data: z.string() });
export const RecentLogsParams = WithToken.extend({ limit: z.number().int().min(1).max(500) }).strict();

export const LogsExportResult = z.object({ file: z.string(), entries: z.number().int(), chainIntact: z.boolean() });
export const ExitResult = z.object({ exiting: z.boolean() });

export const UpdateTarget = z.enum(['registration', 'deregistration', 'addresses']);
export const UpdateKind = z.enum(['rule-set', 'address-database', 'address-csv']);

/** A folder typed by the technician (a USB stick's mount point); the configured updates folder when absent. */
export const UpdatesListParams = WithToken.extend({ folder: z.string().trim().min(1).max(4096).optional() }).strict();

export const UpdateFileView = z.object({
  file: z.string(),
  name: z.string(),
  kind: UpdateKind,
  bytes: z.number().int(),
  hasHashFile: z.boolean(),
  hasSignature: z.boolean(),
});

const InstalledVersionView = z.object({ sha256: z.string(), version: z.string(), source: z.string(), installedAt: z.string() });
export const InstalledTargetView = z.object({
  target: UpdateTarget,
  /** null: the shipped (or configured) file is in force. */
  current: InstalledVersionView.nullable(),
  /** What a rollback brings back: an earlier version, or null for the shipped file. */
  previous: z.object({ version: z.string(), sha256: z.string() }).nullable().optional(),
});

export const UpdateListing = z.object({
  folder: z.string(),
  folderProblem: z.string().optional(),
  files: z.array(UpdateFileView),
  installed: z.array(InstalledTargetView),
});

/** The expected SHA-256 may be left empty when FILE.sha256 lies beside the file. */
export const UpdateRequestParams = WithToken.extend({
  file: z.string().trim().min(1, 'enter the path of the update file').max(4096),
  sha256: z.string().trim().max(200).optional(),
}).strict();

const UpdateRefused = z.object({ ok: z.literal(false), problem: z.string(), message: LocalizedText, details: z.array(z.string()) });

export const UpdateOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), target: UpdateTarget, version: z.string(), sha256: z.string(), signed: z.boolean() }),
  UpdateRefused,
]);

export const RollbackParams = WithToken.extend({ target: UpdateTarget }).strict();
export const RollbackOutcome = z.discriminatedUnion('ok', [
  /** `to`: the version now in force, null for the shipped file. */
  z.object({ ok: z.literal(true), target: UpdateTarget, from: z.string(), to: z.string().nullable() }),
  UpdateRefused,
]);

const DEVICE_KINDS = ['idcard', 'thermal', 'laser', 'camera'] as const;
/** One device's settings: its driver and the driver's fields (path, baudRate, printerUri, jobTimeoutSeconds, ...). */
const DeviceSettings = z.record(z.string().max(64), z.union([z.string().max(4096), z.number(), z.boolean(), z.null()]));
export const DevicesSettings = z.partialRecord(z.enum(DEVICE_KINDS), DeviceSettings);

export const DeviceConfigView = z.object({
  file: z.string(),
  devices: DevicesSettings,
  /** Saved settings differ from those the devices run with: they apply at the next start. */
  pendingRestart: z.boolean(),
  /** The shell can restart the kiosk from maintenance. */
  canRestart: z.boolean(),
  /** The WLT photo decoders installed with the app: devices.idcard.wltDecoder is one of these names. */
  wltDecoders: z.array(z.string()),
});

/** Checked in the core by the configuration's own schema, so that a bad value comes back naming its field. */
export const DeviceConfigSetParams = WithToken.extend({ devices: DevicesSettings }).strict();
export const DeviceConfigSaveResult = z.discriminatedUnion('saved', [
  DeviceConfigView.extend({ saved: z.literal(true), backup: z.string().nullable() }),
  z.object({ saved: z.literal(false), problems: z.array(z.object({ field: z.string(), message: z.string() })) }),
]);
export const PinChangeParams = WithToken.extend({ pin: z.string().regex(/^\d{1,12}$/, 'a PIN is up to 12 digits') }).strict();
/** not-a-pin: not 4 to 12 digits; shipped-pin: the shipped PIN again; not-required: the PIN is not the shipped one. */
export const PinChange = z.discriminatedUnion('changed', [
  z.object({ changed: z.literal(true) }),
  z.object({ changed: z.literal(false), problem: z.enum(['not-a-pin', 'shipped-pin', 'not-required']) }),
]);
export const RestartResult = z.object({ restarting: z.boolean() });

export const MaintenanceStateEvent = z.object({
  open: z.boolean(),
  reason: z.enum(['unlocked', 'locked', 'expired', 'exited', 'session-started']),
});

export const maintenanceMethods = {
  'maintenance.unlock': { params: UnlockParams, result: UnlockResult },
  'maintenance.lock': { params: WithToken, result: z.object({ closed: z.boolean() }) },
  'maintenance.pin.change': { params: PinChangeParams, result: granted(PinChange) },
  'maintenance.testPrint': { params: TestPrintParams, result: granted(TestPrintResult) },
  'maintenance.idcard.testRead': { params: WithToken, result: granted(IdCardTestResult) },
  'maintenance.queue.list': { params: WithToken, result: granted(z.array(QueueJobView)) },
  'maintenance.queue.retry': { params: JobParams, result: granted(QueueActionResult) },
  'maintenance.queue.cancel': { params: JobParams, result: granted(QueueActionResult) },
  'maintenance.queue.reprint': { params: ReprintParams, result: granted(QueueActionResult) },
  'maintenance.counters': { params: WithToken, result: granted(Counters) },
  'maintenance.logs.recent': { params: RecentLogsParams, result: granted(z.array(AuditEntryView)) },
  'maintenance.logs.export': { params: WithToken, result: granted(LogsExportResult) },
  'maintenance.exit': { params: WithToken, result: granted(ExitResult) },
  'maintenance.updates.list': { params: UpdatesListParams, result: granted(UpdateListing) },
  'maintenance.updates.verify': { params: UpdateRequestParams, result: granted(UpdateOutcome) },
  'maintenance.updates.apply': { params: UpdateRequestParams, result: granted(UpdateOutcome) },
  'maintenance.updates.rollback': { params: RollbackParams, result: granted(RollbackOutcome) },
  'maintenance.config.get': { params: WithToken, result: granted(DeviceConfigView) },
  'maintenance.config.set': { params: DeviceConfigSetParams, result: granted(DeviceConfigSaveResult) },
  'maintenance.restart': { params: WithToken, result: granted(RestartResult) },
} as const;

export const MaintenanceStatusParams = WithToken;

export type UnlockResult = z.output<typeof UnlockResult>;
export type MaintenanceDenied = z.output<typeof MaintenanceDenied>;
export type Granted<T> = { status: 'ok'; value: T } | MaintenanceDenied;
export type PrinterName = z.output<typeof PrinterName>;
export type Versions = z.output<typeof Versions>;
export type Counters = z.output<typeof Counters>;
export type MaintenanceOverview = z.output<typeof MaintenanceOverview>;
export type TestPrintResult = z.output<typeof TestPrintResult>;
export type IdCardTestResult = z.output<typeof IdCardTestResult>;
export type QueueJobView = z.output<typeof QueueJobView>;
export type QueueActionResult = z.output<typeof QueueActionResult>;
export type LogsExportResult = z.output<typeof LogsExportResult>;
export type AuditEntryView = z.output<typeof AuditEntryView>;
export type MaintenanceStateEvent = z.output<typeof MaintenanceStateEvent>;
export type UpdateTarget = z.output<typeof UpdateTarget>;
export type UpdateListing = z.output<typeof UpdateListing>;
export type UpdateOutcome = z.output<typeof UpdateOutcome>;
export type RollbackOutcome = z.output<typeof RollbackOutcome>;
export type DeviceConfigViewResult = z.output<typeof DeviceConfigView>;
export type DeviceConfigSaveResult = z.output<typeof DeviceConfigSaveResult>;
export type PinChangeResult = { status: 'ok'; value: z.output<typeof PinChange> };
