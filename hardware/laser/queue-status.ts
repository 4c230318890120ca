/**
 * What a print queue's printer-state and printer-state-reasons mean in the kiosk's
 * status model. Reason keywords carry a severity suffix (-error, -warning, -report);
 * the kind of fault decides the level (toner-low-report is a warning, offline-report
 * an error), except that -warning never makes an error: media-empty-warning means one
 * tray of several is empty.
 */
import type { StatusLevel, StatusReason } from '../device';
import type { PrinterAttributes } from './ipp-client';

type FaultLevel = Exclude<StatusLevel, 'ok'>;

const KNOWN_REASONS: Readonly<Record<string, { readonly reason: StatusReason; readonly level: FaultLevel }>> = {
  'media-empty': { reason: 'media-empty', level: 'error' },
  'media-needed': { reason: 'media-empty', level: 'error' },
  'input-tray-missing': { reason: 'media-empty', level: 'error' },
  'media-low': { reason: 'paper-near-end', level: 'warning' },
  'media-jam': { reason: 'jam', level: 'error' },
  'cover-open': { reason: 'cover-open', level: 'error' },
  'door-open': { reason: 'cover-open', level: 'error' },
  'interlock-open': { reason: 'cover-open', level: 'error' },
  'toner-low': { reason: 'toner-low', level: 'warning' },
  'marker-supply-low': { reason: 'toner-low', level: 'warning' },
  'toner-empty': { reason: 'toner-low', level: 'error' },
  'marker-supply-empty': { reason: 'toner-low', level: 'error' },
  offline: { reason: 'offline', level: 'error' },
  shutdown: { reason: 'offline', level: 'error' },
  'connecting-to-device': { reason: 'offline', level: 'error' },
  'timed-out': { reason: 'offline', level: 'error' },
};

export interface ReasonMeaning {
  /** Undefined for keywords the model has no reason for (paused, other, cups-…). */
  readonly reason: StatusReason | undefined;
  /** 'ok' for informational keywords. */
  readonly level: StatusLevel;
}

const SEVERITY_SUFFIX = /^(.+)-(error|warning|report)$/u;

export function meaningOfReason(keyword: string): ReasonMeaning {
  const suffixed = SEVERITY_SUFFIX.exec(keyword);
  const base = suffixed?.[1] ?? keyword;
  const suffix = suffixed?.[2];
  const known = KNOWN_REASONS[base];
  if (known) return { reason: known.reason, level: suffix === 'warning' ? 'warning' : known.level };
  return { reason: undefined, level: suffix === 'error' ? 'error' : suffix === 'warning' ? 'warning' : 'ok' };
}

export interface QueueStatus {
  readonly level: StatusLevel;
  /** Most severe first. */
  readonly reasons: readonly StatusReason[];
  /** For technicians: the queue's state, its raw reason keywords and the spooler's message. */
  readonly message: string;
  /** Set while the queue is stopped or rejects jobs: why, as far as the spooler says. */
  readonly stoppedBy: StatusReason | undefined;
}

const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];

export function describeQueue(queue: string, printer: PrinterAttributes): QueueStatus {
  const meanings = printer.reasons.map(meaningOfReason);
  const reasonsAt = (level: StatusLevel) =>
    unique(meanings.filter((m) => m.level === level && m.reason !== undefined).map((m) => m.reason as StatusReason));
  const errors = reasonsAt('error');
  const warnings = reasonsAt('warning').filter((reason) => !errors.includes(reason));
  const halted = printer.state === 'stopped' || !printer.acceptingJobs;

  let level: StatusLevel = meanings.some((m) => m.level === 'error')
    ? 'error'
    : meanings.some((m) => m.level === 'warning')
      ? 'warning'
      : 'ok';
  const reasons = [...errors, ...warnings];
  if (halted) {
    level = 'error';
    if (errors.length === 0) reasons.unshift('offline');
  }

  const state = printer.state === 'processing' ? 'printing' : printer.state;
  const parts = [`queue ${queue} ${state}${printer.acceptingJobs ? '' : ', rejecting jobs'}`];
  if (printer.reasons.length > 0) parts.push(`: ${printer.reasons.join(', ')}`);
  if (printer.message) parts.push(` (${printer.message})`);

  return {
    level,
    reasons,
    message: parts.join(''),
    stoppedBy: halted ? (errors[0] ?? 'offline') : undefined,
  };
}
