/**
 * The contract every device shares: one lifecycle (open → ready → status events →
 * close) and one status model, so the core and the maintenance screens treat an ID
 * reader, a printer and a camera alike.
 */

export type DeviceKind = 'idcard' | 'thermal' | 'laser' | 'camera';

export const DEVICE_KINDS: readonly DeviceKind[] = ['idcard', 'thermal', 'laser', 'camera'];

export type StatusLevel = 'ok' | 'warning' | 'error';

/** Machine-readable reasons; the UI turns them into words for applicants and technicians. */
export type StatusReason =
  | 'not-open'
  | 'no-card'
  | 'paper-end'
  | 'paper-near-end'
  | 'cover-open'
  | 'offline'
  | 'jam'
  | 'cutter-error'
  | 'toner-low'
  | 'media-empty'
  | 'disconnected'
  | 'timeout'
  | 'protocol-error'
  | 'decoder-missing'
  | 'no-camera'
  | 'permission-denied';

export const STATUS_REASONS: readonly StatusReason[] = [
  'not-open', 'no-card', 'paper-end', 'paper-near-end', 'cover-open', 'offline', 'jam',
  'cutter-error', 'toner-low', 'media-empty', 'disconnected', 'timeout', 'protocol-error',
  'decoder-missing', 'no-camera', 'permission-denied',
];

export interface DeviceStatus {
  readonly kind: DeviceKind;
  /** Which driver is behind the port: 'simulator', 'sam-serial', 'escpos-serial', 'ipp', … */
  readonly driver: string;
  readonly level: StatusLevel;
  readonly reasons: readonly StatusReason[];
  /** For technicians, in plain words; never personal data. */
  readonly message: string;
  /** ISO timestamp of the last change. */
  readonly since: string;
}

export type StatusListener = (status: DeviceStatus) => void;

export interface DevicePort {
  readonly kind: DeviceKind;
  readonly driver: string;
  open(): Promise<void>;
  close(): Promise<void>;
  status(): DeviceStatus;
  /** Returns an unsubscribe function. */
  onStatus(listener: StatusListener): () => void;
}

/** Errors the drivers raise carry a reason the status model understands. */
export class DeviceError extends Error {
  constructor(
    readonly reason: StatusReason,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}

/**
 * A print attempt that failed in a way that leaves open whether the printer took the
 * document (the reply was lost after it was sent): asking the printer comes before
 * sending it again, or the document may come out twice.
 */
export class OutcomeUnknownError extends DeviceError {
  constructor(reason: StatusReason, message: string) {
    super(reason, message);
    this.name = 'OutcomeUnknownError';
  }
}
