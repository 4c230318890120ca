/**
 * Real-time status of an ESC/POS printer: the DLE EOT n requests (n = 1..4), the
 * 1-byte replies decoded into one condition (Epson bit layout), and that condition in
 * the kiosk's status model. The emulator encodes its replies with the same tables.
 */
import type { StatusLevel, StatusReason } from '../device';
import { DLE, EOT } from './escpos-commands';

export type StatusRequestNumber = 1 | 2 | 3 | 4;

export const STATUS_REQUEST_NUMBERS: readonly StatusRequestNumber[] = [1, 2, 3, 4];

export function isStatusRequestNumber(n: number): n is StatusRequestNumber {
  return n === 1 || n === 2 || n === 3 || n === 4;
}

/** DLE EOT n */
export function statusRequest(n: StatusRequestNumber): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

export interface PrinterCondition {
  /** n=1 bit 3 */
  readonly offline: boolean;
  /** n=2 bit 2 */
  readonly coverOpen: boolean;
  /** n=2 bit 3: paper is being fed with the feed button (the printer is offline meanwhile). */
  readonly feedButton: boolean;
  /** n=2 bit 5: printing stopped because the paper ran out. */
  readonly paperEndStop: boolean;
  /** n=2 bit 6 */
  readonly errorOccurred: boolean;
  /** n=3 bit 3 */
  readonly cutterError: boolean;
  /** n=3 bit 5 */
  readonly unrecoverableError: boolean;
  /** n=3 bit 6 */
  readonly autoRecoverableError: boolean;
  /** n=4 bits 2-3 */
  readonly paperNearEnd: boolean;
  /** n=4 bits 5-6 */
  readonly paperEnd: boolean;
}

export const READY_CONDITION: PrinterCondition = {
  offline: false,
  coverOpen: false,
  feedButton: false,
  paperEndStop: false,
  errorOccurred: false,
  cutterError: false,
  unrecoverableError: false,
  autoRecoverableError: false,
  paperNearEnd: false,
  paperEnd: false,
};

type ConditionFlag = keyof PrinterCondition;

/** Which bits of the reply to DLE EOT n carry which flag. Either bit of a pair counts. */
const REPLY_BITS: Readonly<Record<StatusRequestNumber, readonly { flag: ConditionFlag; mask: number }[]>> = {
  1: [{ flag: 'offline', mask: 1 << 3 }],
  2: [
    { flag: 'coverOpen', mask: 1 << 2 },
    { flag: 'feedButton', mask: 1 << 3 },
    { flag: 'paperEndStop', mask: 1 << 5 },
    { flag: 'errorOccurred', mask: 1 << 6 },
  ],
  3: [
    { flag: 'cutterError', mask: 1 << 3 },
    { flag: 'unrecoverableError', mask: 1 << 5 },
    { flag: 'autoRecoverableError', mask: 1 << 6 },
  ],
  4: [
    { flag: 'paperNearEnd', mask: (1 << 2) | (1 << 3) },
    { flag: 'paperEnd', mask: (1 << 5) | (1 << 6) },
  ],
};

/** Bits 1 and 4 are always set, bits 0 and 7 always clear, in every reply. */
const FIXED_MASK = 0b1001_0011;
const FIXED_VALUE = 0b0001_0010;

export function isStatusReplyByte(byte: number): boolean {
  return (byte & FIXED_MASK) === FIXED_VALUE;
}

export type StatusReplyDecoding =
  | { readonly ok: true; readonly flags: Partial<PrinterCondition> }
  | { readonly ok: false; readonly problem: string };

const hex = (byte: number) => `0x${byte.toString(16).padStart(2, '0')}`;

export function decodeStatusReply(n: StatusRequestNumber, byte: number): StatusReplyDecoding {
  if (!isStatusReplyByte(byte)) return { ok: false, problem: `reply ${hex(byte)} to DLE EOT ${n} has wrong fixed bits` };
  const flags: Partial<Record<ConditionFlag, boolean>> = {};
  for (const { flag, mask } of REPLY_BITS[n]) flags[flag] = (byte & mask) !== 0;
  return { ok: true, flags };
}

export type ConditionDecoding =
  | { readonly ok: true; readonly condition: PrinterCondition }
  | { readonly ok: false; readonly problem: string };

/** The replies to DLE EOT 1, 2, 3, 4, in that order. */
export function decodeStatusReplies(replies: readonly number[]): ConditionDecoding {
  if (replies.length !== STATUS_REQUEST_NUMBERS.length) {
    return { ok: false, problem: `expected ${STATUS_REQUEST_NUMBERS.length} status replies, got ${replies.length}` };
  }
  let condition: PrinterCondition = READY_CONDITION;
  for (const [index, n] of STATUS_REQUEST_NUMBERS.entries()) {
    const decoded = decodeStatusReply(n, replies[index] as number);
    if (!decoded.ok) return decoded;
    condition = { ...condition, ...decoded.flags };
  }
  return { ok: true, condition };
}

export function encodeStatusReply(n: StatusRequestNumber, condition: PrinterCondition): number {
  let byte = FIXED_VALUE;
  for (const { flag, mask } of REPLY_BITS[n]) if (condition[flag]) byte |= mask;
  return byte;
}

export interface ConditionSummary {
  readonly level: StatusLevel;
  readonly reasons: readonly StatusReason[];
  readonly message: string;
}

const REASON_WORDS: Partial<Record<StatusReason, string>> = {
  'cover-open': 'cover open',
  'paper-end': 'out of paper',
  'cutter-error': 'cutter error',
  offline: 'offline',
  'paper-near-end': 'paper near end',
};

/** Reasons that stop printing, most specific first: the first one names a refused job. */
export function blockingReasons(condition: PrinterCondition): StatusReason[] {
  const reasons: StatusReason[] = [];
  if (condition.coverOpen) reasons.push('cover-open');
  if (condition.paperEnd || condition.paperEndStop) reasons.push('paper-end');
  if (condition.cutterError) reasons.push('cutter-error');
  const stopped =
    condition.offline || condition.errorOccurred || condition.unrecoverableError || condition.autoRecoverableError;
  // 'offline' only when no cause above explains it (feed button, unknown or unrecoverable error).
  if (stopped && reasons.length === 0) reasons.push('offline');
  return reasons;
}

export function summarizeCondition(condition: PrinterCondition): ConditionSummary {
  const blocking = blockingReasons(condition);
  const warnings: StatusReason[] = condition.paperNearEnd && !blocking.includes('paper-end') ? ['paper-near-end'] : [];
  const reasons = [...blocking, ...warnings];
  const level: StatusLevel = blocking.length > 0 ? 'error' : warnings.length > 0 ? 'warning' : 'ok';
  const message = reasons.length === 0 ? 'printer ready' : reasons.map((reason) => REASON_WORDS[reason] ?? reason).join(', ');
  return { level, reasons, message };
}
