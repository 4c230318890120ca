/**
 * Fleet messages between a kiosk and the centre: the signed heartbeat (device status,
 * print queue, versions, today's decisions) whose answer carries the remote commands
 * waiting for the kiosk, and the kiosk's reports on those commands. What a kiosk sends
 * is checked here, not believed: every list and text is bounded.
 */
import { z } from 'zod';

export const FLEET_PATHS = {
  heartbeat: '/v1/fleet/heartbeat',
  commandReport: '/v1/fleet/command-report',
} as const;

/** A kiosk is shown offline (and a missed-heartbeat alert raised) after this long without a heartbeat. */
export const OFFLINE_AFTER_MS = 90_000;
export const DEFAULT_HEARTBEAT_MS = 30_000;

const ShortText = z.string().max(200);
const Code = z.string().min(1).max(64);
const Instant = z.iso.datetime({ offset: true });

export const FleetDevice = z
  .object({
    kind: z.enum(['idcard', 'thermal', 'laser', 'camera']),
    driver: z.string().max(40),
    level: z.enum(['ok', 'warning', 'error']),
    /** Status reasons (hardware/device.ts): paper-end, paper-near-end, cover-open, toner-low, offline, … */
    reasons: z.array(Code).max(16),
    message: ShortText,
    since: Instant,
  })
  .strict();
export type FleetDevice = z.infer<typeof FleetDevice>;

/** A print job not yet printed (queued, printing or waiting for its printer). */
export const FleetPendingJob = z
  .object({
    id: z.number().int().nonnegative(),
    document: Code,
    printer: z.enum(['laser', 'thermal']),
    state: z.enum(['queued', 'printing', 'waiting']),
    reason: Code.nullable(),
    createdAt: Instant,
  })
  .strict();
export type FleetPendingJob = z.infer<typeof FleetPendingJob>;

export const FleetVersions = z
  .object({
    app: Code,
    ruleSets: z.array(z.object({ service: z.enum(['registration', 'deregistration']), version: Code }).strict()).max(4),
    /** null when the address base cannot be opened. */
    addressBase: Code.nullable(),
  })
  .strict();
export type FleetVersions = z.infer<typeof FleetVersions>;

/** Today (a calendar day in Shenzhen) at this kiosk: no personal data, counts and rule ids only. */
export const FleetToday = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    licences: z.number().int().nonnegative(),
    referrals: z.number().int().nonnegative(),
    rejections: z.number().int().nonnegative(),
    /** Why applicants were referred or rejected today: the failing rule's id and how often. */
    reasons: z.array(z.object({ rule: Code, count: z.number().int().positive() }).strict()).max(50),
  })
  .strict();
export type FleetToday = z.infer<typeof FleetToday>;

/** Decisions of the last days by rule-set version, for the referral-spike alert after a rule-set change. */
export const FleetRuleSetRate = z
  .object({ ruleSetVersion: Code, firstDecidedAt: Instant, decisions: z.number().int().nonnegative(), referrals: z.number().int().nonnegative() })
  .strict();
export type FleetRuleSetRate = z.infer<typeof FleetRuleSetRate>;

export const HeartbeatRequest = z
  .object({
    sentAt: Instant,
    devices: z.array(FleetDevice).max(8),
    pendingJobs: z.array(FleetPendingJob).max(50),
    versions: FleetVersions,
    today: FleetToday,
    ruleSetRates: z.array(FleetRuleSetRate).max(10),
  })
  .strict();
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

export const COMMAND_KINDS = ['test-print', 'reprint', 'reload-rule-set', 'restart-app', 'collect-logs'] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

const CreditCode = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'an 18-character credit code');

/** What a command asks; the parameters are checked again by the kiosk that runs it. */
export const CommandParams = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('test-print'), printer: z.enum(['thermal', 'laser']) }).strict(),
  z.object({ kind: z.literal('reprint'), creditCode: CreditCode, reason: z.string().trim().min(2).max(200) }).strict(),
  z.object({ kind: z.literal('reload-rule-set') }).strict(),
  z.object({ kind: z.literal('restart-app') }).strict(),
  z.object({ kind: z.literal('collect-logs') }).strict(),
]);
export type CommandParams = z.infer<typeof CommandParams>;

export const RemoteCommand = z.object({ id: z.number().int().positive(), params: CommandParams, expiresAt: Instant }).strict();
export type RemoteCommand = z.infer<typeof RemoteCommand>;

export const COMMAND_STATES = ['PENDING', 'SENT', 'ACKED', 'DONE', 'FAILED', 'EXPIRED'] as const;
export type CommandState = (typeof COMMAND_STATES)[number];

export const HeartbeatAnswer = z.object({ serverTime: Instant, commands: z.array(RemoteCommand) }).strict();
export type HeartbeatAnswer = z.infer<typeof HeartbeatAnswer>;

/** The kiosk's word on a command: ACKED when taken, then DONE or FAILED with what it found. */
export const CommandReport = z
  .object({
    id: z.number().int().positive(),
    state: z.enum(['ACKED', 'DONE', 'FAILED']),
    /** A short outcome for the technician, in both languages where it is the kiosk's own message. */
    detail: ShortText.optional(),
    /** collect-logs: the redacted recent audit entries (bounded). */
    result: z.json().optional(),
  })
  .strict();
export type CommandReport = z.infer<typeof CommandReport>;

export const CommandReportRequest = z.object({ reports: z.array(CommandReport).min(1).max(20) }).strict();
export type CommandReportRequest = z.infer<typeof CommandReportRequest>;

export const CommandReportAnswer = z.object({ accepted: z.number().int().nonnegative() }).strict();
export type CommandReportAnswer = z.infer<typeof CommandReportAnswer>;

// What the fleet page reads (GET /api/fleet/state, and the event stream's `snapshot` and `kiosk` events).

export const FLEET_STAFF_PATHS = {
  page: '/fleet',
  state: '/api/fleet/state',
  events: '/api/fleet/events',
  commands: '/api/fleet/commands',
  /** POST …/alerts/ID/acknowledge, GET …/commands/ID */
  alerts: '/api/fleet/alerts',
} as const;

export type AlertKind = 'missed-heartbeat' | 'paper-end' | 'stuck-job' | 'referral-spike';

export interface FleetAlertView {
  id: number;
  kind: AlertKind;
  detail: Record<string, unknown>;
  raisedAt: string;
  clearedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export interface FleetCommandView {
  id: number;
  kind: string;
  params: Record<string, unknown>;
  state: CommandState;
  requestedBy: string;
  requestedAt: string;
  detail: string | null;
  hasResult: boolean;
}

export interface FleetKioskView {
  kioskId: string;
  hall: string | null;
  status: string;
  /** When the centre received the latest heartbeat; null before the first. */
  lastHeartbeatAt: string | null;
  /** The kiosk's own clock when it sent it (the load bench measures latency from it). */
  sentAt: string | null;
  devices: FleetDevice[];
  pendingJobs: FleetPendingJob[];
  versions: FleetVersions | null;
  today: FleetToday | null;
  alerts: FleetAlertView[];
  commands: FleetCommandView[];
  /** Licences this kiosk issued that a grid inspector flagged "address false", still under review. */
  flaggedLicences: number;
}

export interface FleetSnapshot {
  serverTime: string;
  offlineAfterMs: number;
  kiosks: FleetKioskView[];
}

