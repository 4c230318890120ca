/**
 * Hands out unified social credit codes from the kiosk's own block: 9 (market
 * regulation) + 2 (individual business) + the registering authority's region + an
 * 8-character body (the block's 2-character prefix and a 6-digit serial) + the GB 11714
 * and GB 32100 check characters. The next serial lives in a counter row that is bumped
 * inside the caller's write transaction, the one that also records the licence: a code
 * is handed out exactly when that transaction commits, so no crash can issue it twice.
 */
import { composeCreditCode } from '../../rules/credit-code';
import type { Language } from '../../rules/language';
import type { KioskDatabase } from '../storage/database';

const MARKET_REGULATION = '9';
const INDIVIDUAL_BUSINESS = '2';
export const SERIAL_DIGITS = 6;
export const MAX_SERIAL = 10 ** SERIAL_DIGITS - 1;

export interface CreditCodeBlock {
  /** Two credit-code characters identifying the kiosk's block inside the body, e.g. 'K7'. */
  prefix: string;
  /** First and last serial of the block, inclusive (0..999999). */
  start: number;
  end: number;
}

export interface CreditCodeBlockStatus extends CreditCodeBlock {
  region: string;
  /** The serial the next licence gets. */
  next: number;
  remaining: number;
}

export class CreditCodeBlockExhaustedError extends Error {
  readonly code = 'credit-code-block-exhausted';

  constructor(readonly block: CreditCodeBlockStatus) {
    super(`credit-code block ${block.region}/${block.prefix} ${block.start}-${block.end} is used up; configure a new block (registration.creditCodeBlock)`);
    this.name = 'CreditCodeBlockExhaustedError';
  }

  /** What the applicant is told: the kiosk cannot finish, the counter can. */
  applicantMessage(lang: Language): string {
    return lang === 'zh-CN'
      ? '本机可分配的营业执照编号（统一社会信用代码）已用完，暂时无法在本机发照。请到人工服务窗口办理。'
      : 'This kiosk has no licence numbers (credit codes) left to assign, so it cannot issue your licence. Please go to a service counter.';
  }
}

/** Where a licence's credit code comes from: the configured block, or blocks leased from the centre (leased-credit-codes.ts). */
export interface CreditCodeSource {
  /** The next code. Only inside the write transaction that records the licence. */
  allocate(): string;
  status(): CreditCodeBlockStatus;
}

/** The individual business's code of a serial in a prefix's block. */
export function creditCodeOf(region: string, prefix: string, serial: number): string {
  const organisationBody = prefix + String(serial).padStart(SERIAL_DIGITS, '0');
  return composeCreditCode({ authority: MARKET_REGULATION, entityType: INDIVIDUAL_BUSINESS, regionCode: region, organisationBody });
}

export class CreditCodeAllocator implements CreditCodeSource {
  private readonly ensureCounter;
  private readonly bump;
  private readonly read;

  constructor(
    private readonly db: KioskDatabase,
    private readonly region: string,
    private readonly block: CreditCodeBlock,
  ) {
    if (block.start > block.end || block.end > MAX_SERIAL || block.start < 0) {
      throw new RangeError(`credit-code block ${block.start}-${block.end} must lie within 0-${MAX_SERIAL}, start before end`);
    }
    this.ensureCounter = db.prepare('INSERT INTO credit_code_counters (region, prefix, next_serial) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
    // max(): a block whose start was raised by reconfiguration jumps forward, never back.
    this.bump = db.prepare<[{ region: string; prefix: string; start: number; end: number }], { serial: number }>(
      `UPDATE credit_code_counters SET next_serial = max(next_serial, @start) + 1
        WHERE region = @region AND prefix = @prefix AND max(next_serial, @start) <= @end
        RETURNING next_serial - 1 AS serial`,
    );
    this.read = db.prepare<[string, string], { next_serial: number }>('SELECT next_serial FROM credit_code_counters WHERE region = ? AND prefix = ?');
  }

  /** The next code of the block. Only inside the write transaction that records the licence. */
  allocate(): string {
    if (!this.db.inTransaction) throw new Error('allocate a credit code inside the transaction that records the licence');
    this.ensureCounter.run(this.region, this.block.prefix, this.block.start);
    const bumped = this.bump.get({ region: this.region, ...this.block });
    if (!bumped) throw new CreditCodeBlockExhaustedError(this.status());
    return this.codeFor(bumped.serial);
  }

  codeFor(serial: number): string {
    return creditCodeOf(this.region, this.block.prefix, serial);
  }

  status(): CreditCodeBlockStatus {
    const stored = this.read.get(this.region, this.block.prefix)?.next_serial ?? this.block.start;
    const next = Math.max(stored, this.block.start);
    return { ...this.block, region: this.region, next, remaining: Math.max(0, this.block.end - next + 1) };
  }
}
