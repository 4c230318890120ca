/**
 * The print jobs in the kiosk database (migration 4): every state change is one
 * transaction together with its audit entry, so the table and the audit log never
 * disagree. A job's life:
 *
 *   queued → printing → printed
 *             │  ├─→ waiting (printer fault; back to queued when the printer is ok)
 *             │  ├─→ queued (transient fault, retried later) → … → failed
 *             │  └─→ queued on the receipt printer (fallback from the laser)
 *   queued / waiting / failed → cancelled (maintenance);  failed / cancelled → queued (retry)
 *
 * spool_tag names the attempt at the printer and is written before the document is sent;
 * it stays set only while the outcome of that attempt is unknown (a crash, a lost answer), which is what
 * tells the queue to ask the printer before sending again.
 */
import type { AuditLog } from '../audit/audit-log';
import type { KioskDatabase } from '../storage/database';
import type { DocumentKind } from './print-documents';
import type { PrinterKind } from './printer-target';

export type PrintJobState = 'queued' | 'printing' | 'waiting' | 'printed' | 'failed' | 'cancelled';

export interface PrintJob {
  id: number;
  creditCode: string;
  document: DocumentKind;
  /** Who asked: the application's id, or a reprint's own key. */
  requestKey: string;
  printer: PrinterKind;
  state: PrintJobState;
  /**
   * Why the job waits or failed, for the UI to explain: a device status reason
   * (paper-end, cover-open, offline, disconnected, media-empty, timeout, …) or
   * render-failed / attempts-exhausted / interrupted / outcome-unknown (the printer cannot
   * tell whether an attempt came out); null when there is nothing to explain.
   */
  reason: string | null;
  /** For technicians; never personal data. */
  message: string | null;
  /** Documents sent to a printer so far. */
  attempts: number;
  /** Transient faults so far (counted against printing.maxAttempts). */
  failures: number;
  reprint: boolean;
  reprintReason: string | null;
  /** 'laser' when the licence came out on the receipt printer instead. */
  fallbackFrom: PrinterKind | null;
  createdAt: string;
  updatedAt: string;
  printedAt: string | null;
}

interface JobRow {
  id: number;
  credit_code: string;
  document: DocumentKind;
  request_key: string;
  printer: PrinterKind;
  state: PrintJobState;
  reason: string | null;
  message: string | null;
  attempts: number;
  failures: number;
  next_attempt_at: string | null;
  spool_tag: string | null;
  is_reprint: number;
  reprint_reason: string | null;
  fallback_from: PrinterKind | null;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
}

/** A job as the worker sees it: with when it may run next and the tag of an interrupted attempt. */
export interface StoredJob extends PrintJob {
  nextAttemptAt: string | null;
  spoolTag: string | null;
}

function toJob(row: JobRow): StoredJob {
  return {
    id: row.id,
    creditCode: row.credit_code,
    document: row.document,
    requestKey: row.request_key,
    printer: row.printer,
    state: row.state,
    reason: row.reason,
    message: row.message,
    attempts: row.attempts,
    failures: row.failures,
    reprint: row.is_reprint === 1,
    reprintReason: row.reprint_reason,
    fallbackFrom: row.fallback_from,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    printedAt: row.printed_at,
    nextAttemptAt: row.next_attempt_at,
    spoolTag: row.spool_tag,
  };
}

/** What a transition changes; columns left out keep their value. */
export interface JobChange {
  state: PrintJobState;
  reason?: string | null;
  message?: string | null;
  printer?: PrinterKind;
  attempts?: number;
  failures?: number;
  nextAttemptAt?: string | null;
  spoolTag?: string | null;
  fallbackFrom?: PrinterKind | null;
  printedAt?: string | null;
}

const COLUMNS: Record<Exclude<keyof JobChange, 'state'>, string> = {
  reason: 'reason',
  message: 'message',
  printer: 'printer',
  attempts: 'attempts',
  failures: 'failures',
  nextAttemptAt: 'next_attempt_at',
  spoolTag: 'spool_tag',
  fallbackFrom: 'fallback_from',
  printedAt: 'printed_at',
};

export interface NewJob {
  creditCode: string;
  document: DocumentKind;
  requestKey: string;
  printer: PrinterKind;
  reprintReason?: string;
}

export class PrintJobStore {
  constructor(
    private readonly db: KioskDatabase,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds the job unless this request already has one for this document; returns the job either way. */
  add(job: NewJob): { job: StoredJob; created: boolean } {
    return this.db
      .transaction(() => {
        const at = this.now().toISOString();
        const inserted = this.db
          .prepare(
            `INSERT INTO print_jobs (credit_code, document, request_key, printer, state, is_reprint, reprint_reason, created_at, updated_at)
             VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?) ON CONFLICT (credit_code, document, request_key) DO NOTHING`,
          )
          .run(job.creditCode, job.document, job.requestKey, job.printer, job.reprintReason === undefined ? 0 : 1, job.reprintReason ?? null, at, at);
        const created = inserted.changes === 1;
        const stored = this.byKey(job.creditCode, job.document, job.requestKey);
        if (created) {
          this.audit.append(stored.reprint ? 'print.reprint-queued' : 'print.queued', {
            job: stored.id, creditCode: stored.creditCode, document: stored.document, printer: stored.printer,
            ...(stored.reprint ? { reprintReason: stored.reprintReason } : {}),
          });
        }
        return { job: stored, created };
      })
      .immediate();
  }

  get(id: number): StoredJob | undefined {
    const row = this.db.prepare<[number], JobRow>('SELECT * FROM print_jobs WHERE id = ?').get(id);
    return row && toJob(row);
  }

  ofLicence(creditCode: string): StoredJob[] {
    return this.db.prepare<[string], JobRow>('SELECT * FROM print_jobs WHERE credit_code = ? ORDER BY id').all(creditCode).map(toJob);
  }

  /** Jobs in the given states (all when none), newest last. */
  list(states: readonly PrintJobState[] = []): StoredJob[] {
    const where = states.length > 0 ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
    return this.db.prepare<PrintJobState[], JobRow>(`SELECT * FROM print_jobs ${where} ORDER BY id`).all(...states).map(toJob);
  }

  /** The oldest queued job for this printer that may run now. */
  nextDue(printer: PrinterKind): StoredJob | undefined {
    const row = this.db
      .prepare<[PrinterKind, string], JobRow>(
        `SELECT * FROM print_jobs WHERE state = 'queued' AND printer = ? AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY id LIMIT 1`,
      )
      .get(printer, this.now().toISOString());
    return row && toJob(row);
  }

  /** When the next queued job for this printer becomes due, if one is queued for later. */
  nextDueAt(printer: PrinterKind): string | undefined {
    return this.db
      .prepare<[PrinterKind], string>(`SELECT MIN(next_attempt_at) FROM print_jobs WHERE state = 'queued' AND printer = ?`)
      .pluck()
      .get(printer) ?? undefined;
  }

  /**
   * Changes a job's state if it is still in one of `from`, with its audit entry; returns
   * the job as changed, or undefined when it was not in those states.
   */
  transition(id: number, from: readonly PrintJobState[], change: JobChange, event: string, detail: Record<string, unknown> = {}): StoredJob | undefined {
    return this.db
      .transaction(() => {
        const sets = ['state = ?', 'updated_at = ?'];
        const values: unknown[] = [change.state, this.now().toISOString()];
        for (const [key, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
          if (change[key] === undefined) continue;
          sets.push(`${column} = ?`);
          values.push(change[key]);
        }
        const updated = this.db
          .prepare(`UPDATE print_jobs SET ${sets.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`)
          .run(...values, id, ...from);
        if (updated.changes === 0) return undefined;
        const job = this.get(id) as StoredJob;
        this.audit.append(event, {
          job: job.id, creditCode: job.creditCode, document: job.document, printer: job.printer, state: job.state,
          ...(job.reason ? { reason: job.reason } : {}), attempts: job.attempts, ...detail,
        });
        return job;
      })
      .immediate();
  }

  private byKey(creditCode: string, document: DocumentKind, requestKey: string): StoredJob {
    const row = this.db
      .prepare<[string, string, string], JobRow>('SELECT * FROM print_jobs WHERE credit_code = ? AND document = ? AND request_key = ?')
      .get(creditCode, document, requestKey);
    if (!row) throw new Error(`print job for ${creditCode} ${document} ${requestKey} vanished inside its own transaction`);
    return toJob(row);
  }
}
