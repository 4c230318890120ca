/**
 * The kiosk's outbox for the centre (protocol/centre-sync.ts). It watches the audit log:
 * every entry is written in the transaction of the event it records, and so is the
 * outbox record made from it here (licences, deregistrations, decisions, ratings, print
 * outcomes, session ends, and the audit chain's head), with a sequence SQLite never
 * gives twice. A kiosk without a centre has no outbox and writes nothing extra.
 *
 * Personal data: the operator's ID number and name are sealed to the centre's public
 * key when the application is made (holdPersonalData), moved into the licence's or the
 * deregistration's record when it is decided, and deleted with the record once the
 * centre acknowledges it; the kiosk cannot open them. Deleted rows are overwritten
 * (secure_delete) and the WAL is checkpointed, so nothing sealed is left in the files.
 */
import type { KeyObject } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-log';
import type { KioskDatabase } from '../storage/database';
import { personalDataContext, type SealedPersonalData, type SyncRecord, type SyncRecordContent } from '../../protocol/centre-sync';
import { seal } from '../../protocol/sealed-data';

/** Personal data held for an application that was never decided is dropped after this long. */
const HELD_PERSONAL_DATA_MAX_MS = 24 * 60 * 60_000;

const PRINT_OUTCOMES = new Set(['printed', 'failed', 'cancelled']);
const DECISION_OUTCOMES = { approve: 'approved', refer: 'referred', reject: 'rejected' } as const;

interface OutboxRow {
  sequence: number;
  kind: SyncRecord['kind'];
  record: string;
  sealed: string | null;
}

type Data = Record<string, unknown>;

export interface OutboxOptions {
  kioskId: string;
  /** The centre's X25519 key; until it is known, personal data cannot be held (see useSealingKey). */
  sealingKey: KeyObject | null;
  now?: () => Date;
}

export class Outbox {
  private sealingKey: KeyObject | null;
  private readonly now: () => Date;
  private readonly sql;

  constructor(
    private readonly db: KioskDatabase,
    private readonly options: OutboxOptions,
  ) {
    this.sealingKey = options.sealingKey;
    this.now = options.now ?? (() => new Date());
    // Deleted records are overwritten with zeros, not left in free pages.
    db.pragma('secure_delete = ON');
    this.sql = {
      insert: db.prepare('INSERT INTO outbox (kind, record, sealed, created_at) VALUES (?, ?, ?, ?)'),
      dropPendingHead: db.prepare("DELETE FROM outbox WHERE kind = 'audit-head'"),
      pending: db.prepare<[number], OutboxRow>('SELECT sequence, kind, record, sealed FROM outbox ORDER BY sequence LIMIT ?'),
      count: db.prepare<[], number>('SELECT count(*) FROM outbox').pluck(),
      lastSequence: db.prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").pluck(),
      acknowledge: db.prepare('DELETE FROM outbox WHERE sequence <= ?'),
      hold: db.prepare('INSERT INTO outbox_personal_data (application_id, sealed, held_at) VALUES (?, ?, ?) ON CONFLICT (application_id) DO UPDATE SET sealed = excluded.sealed'),
      held: db.prepare<[string], string>('SELECT sealed FROM outbox_personal_data WHERE application_id = ?').pluck(),
      release: db.prepare('DELETE FROM outbox_personal_data WHERE application_id = ?'),
      purgeStale: db.prepare('DELETE FROM outbox_personal_data WHERE held_at < ?'),
      decision: db.prepare<[string], { outcome: keyof typeof DECISION_OUTCOMES; decided_at: string; rule_set_version: string; reasons: string; kind: 'registration' | 'deregistration' }>(
        'SELECT d.outcome, d.decided_at, d.rule_set_version, d.reasons, a.kind FROM decisions d JOIN applications a ON a.id = d.application_id WHERE d.application_id = ?',
      ),
      licence: db.prepare<[string], { name: string | null; house_code: string; premises_address: string; composition_form: string; registration_date: string; issued_at: string; deregistered_at: string | null }>(
        'SELECT name, house_code, premises_address, composition_form, registration_date, issued_at, deregistered_at FROM licences WHERE credit_code = ?',
      ),
    };
  }

  /** The centre's key, once fetched: personal data of applications from now on is sealed to it. */
  useSealingKey(key: KeyObject): void {
    this.sealingKey = key;
  }

  get hasSealingKey(): boolean {
    return this.sealingKey !== null;
  }

  /** Seals the operator's ID number and name for the record the application's decision will make; inside the caller's transaction. */
  holdPersonalData(applicationId: string, personal: SealedPersonalData): void {
    // Without the key (a kiosk enrolled before it existed, until its first sync) the licence goes without it.
    if (!this.sealingKey) return;
    const sealed = seal(this.sealingKey, JSON.stringify(personal), personalDataContext(this.options.kioskId, applicationId));
    this.sql.hold.run(applicationId, sealed, this.now().toISOString());
  }

  /** The audit log's observer (AuditLog.observe): runs inside the entry's transaction. */
  recordAuditEntry(entry: AuditEntry): void {
    const record = this.recordOf(entry);
    if (record) this.insert(record.content, record.sealed);
    // Only the newest head matters: a head the centre has not been sent yet is replaced.
    this.sql.dropPendingHead.run();
    this.insert({ kind: 'audit-head', auditSeq: entry.seq, headHash: entry.hash, at: entry.at }, null);
  }

  /** The oldest records, in sequence order, as the centre takes them. */
  pending(limit: number): SyncRecord[] {
    return this.sql.pending.all(limit).map((row) => {
      const content = JSON.parse(row.record) as Data;
      const personal = row.kind === 'licence' || row.kind === 'deregistration' ? { personal: row.sealed } : {};
      return { ...content, kind: row.kind, sequence: row.sequence, ...personal } as SyncRecord;
    });
  }

  size(): number {
    return this.sql.count.get() ?? 0;
  }

  /** The newest sequence ever given, sent or not (0 before the first): the watermark the centre reaches once everything is sent. */
  lastSequence(): number {
    return this.sql.lastSequence.get() ?? 0;
  }

  /**
   * Forgets everything up to the centre's watermark, and personal data held for
   * applications abandoned long ago; then moves the WAL into the database file, so the
   * sealed values are gone from both files.
   */
  acknowledge(watermark: number): number {
    const { deleted, purged } = this.db
      .transaction(() => ({
        purged: this.sql.purgeStale.run(new Date(this.now().getTime() - HELD_PERSONAL_DATA_MAX_MS).toISOString()).changes,
        deleted: this.sql.acknowledge.run(watermark).changes,
      }))
      .immediate();
    if (deleted + purged > 0) this.emptyWal();
    return deleted;
  }

  /**
   * Copies the WAL into the database and truncates it. Without waiting: a reader holding an
   * old snapshot (kioskctl, an export) would otherwise stall the kiosk for the busy timeout;
   * then the WAL is emptied after the next acknowledgement instead.
   */
  private emptyWal(): void {
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  private insert(content: SyncRecordContent, sealed: string | null): void {
    const { kind, ...rest } = content;
    const { personal: _personal, ...record } = rest as Data;
    this.sql.insert.run(kind, JSON.stringify(record), sealed, this.now().toISOString());
  }

  private recordOf(entry: AuditEntry): { content: SyncRecordContent; sealed: string | null } | undefined {
    const data = (entry.data ?? {}) as Data;
    const plain = (content: SyncRecordContent) => ({ content, sealed: null });
    switch (entry.event) {
      case 'decision.recorded':
        return plain(this.decisionRecord(String(data.applicationId)));
      case 'licence.issued':
        return this.licenceRecord(String(data.applicationId), String(data.creditCode));
      case 'licence.deregistered':
        return this.deregistrationRecord(String(data.applicationId), String(data.creditCode));
      case 'journey.rated':
        return plain({ kind: 'rating', score: Number(data.stars), ratedAt: entry.at });
      case 'journey.ended':
        return plain({
          kind: 'session-end',
          service: (data.service as 'registration' | 'deregistration' | null) ?? null,
          lastStep: String(data.lastStep),
          endReason: String(data.endReason),
          cardToLicenceMs: typeof data.cardToLicenceMs === 'number' ? data.cardToLicenceMs : null,
          endedAt: entry.at,
        });
      case 'session.failed':
        return plain({ kind: 'session-end', service: null, lastStep: String(data.step ?? 'unknown'), endReason: 'failed', cardToLicenceMs: null, endedAt: entry.at });
      default:
        if (entry.event.startsWith('print.') && PRINT_OUTCOMES.has(String(data.state))) {
          const outcome = data.state as 'printed' | 'failed' | 'cancelled';
          return plain({ kind: 'print-outcome', creditCode: (data.creditCode as string | undefined) ?? null, document: String(data.document), outcome, at: entry.at });
        }
        return undefined;
    }
  }

  private decisionRecord(applicationId: string): SyncRecordContent {
    const row = this.sql.decision.get(applicationId);
    if (!row) throw new Error(`decision of ${applicationId} vanished inside its own transaction`);
    const results = JSON.parse(row.reasons) as { id?: unknown; passed?: unknown }[];
    // Personal data is kept only for what the centre records with it: an approval's licence or deregistration.
    if (row.outcome !== 'approve') this.sql.release.run(applicationId);
    return {
      kind: 'decision',
      applicationId,
      service: row.kind,
      outcome: DECISION_OUTCOMES[row.outcome],
      reasons: results.filter((result) => result.passed === false && typeof result.id === 'string').map((result) => result.id as string),
      ruleSetVersion: row.rule_set_version,
      decidedAt: row.decided_at,
    };
  }

  private takePersonalData(applicationId: string): string | null {
    const sealed = this.sql.held.get(applicationId) ?? null;
    this.sql.release.run(applicationId);
    return sealed;
  }

  private licenceRow(creditCode: string) {
    const row = this.sql.licence.get(creditCode);
    if (!row) throw new Error(`licence ${creditCode} vanished inside its own transaction`);
    return row;
  }

  private licenceRecord(applicationId: string, creditCode: string): { content: SyncRecordContent; sealed: string | null } {
    const row = this.licenceRow(creditCode);
    return {
      content: {
        kind: 'licence',
        applicationId,
        creditCode,
        fullName: row.name,
        houseCode: row.house_code,
        premisesAddress: row.premises_address,
        compositionForm: row.composition_form,
        registrationDate: row.registration_date,
        issuedAt: row.issued_at,
        personal: null,
      },
      sealed: this.takePersonalData(applicationId),
    };
  }

  private deregistrationRecord(applicationId: string, creditCode: string): { content: SyncRecordContent; sealed: string | null } {
    const row = this.licenceRow(creditCode);
    return {
      content: { kind: 'deregistration', applicationId, creditCode, deregisteredAt: row.deregistered_at ?? this.now().toISOString(), personal: null },
      sealed: this.takePersonalData(applicationId),
    };
  }
}

export interface OutboxStatus {
  /** Records waiting for the centre's acknowledgement, by kind. */
  pending: Partial<Record<SyncRecord['kind'], number>>;
  total: number;
  /** When the oldest waiting record was written (ISO), or null. */
  oldest: string | null;
  /** Applications whose operator's details wait sealed for their decision. */
  personalDataHeld: number;
}

/** What waits for the centre, read-only (kioskctl centre outbox). */
export function outboxStatus(db: KioskDatabase): OutboxStatus {
  const kinds = db.prepare<[], { kind: SyncRecord['kind']; n: number }>('SELECT kind, count(*) AS n FROM outbox GROUP BY kind ORDER BY kind').all();
  return {
    pending: Object.fromEntries(kinds.map((row) => [row.kind, row.n])),
    total: kinds.reduce((sum, row) => sum + row.n, 0),
    oldest: db.prepare<[], string | null>('SELECT min(created_at) FROM outbox').pluck().get() ?? null,
    personalDataHeld: db.prepare<[], number>('SELECT count(*) FROM outbox_personal_data').pluck().get() ?? 0,
  };
}
