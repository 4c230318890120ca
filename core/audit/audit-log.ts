/**
 * The append-only audit log. Each entry's hash is sha256 over the previous entry's hash
 * and the canonical JSON of the entry, so changing, inserting or removing an entry
 * anywhere but at the end breaks the chain from there on. Triggers make the table
 * refuse UPDATE and DELETE (migration in core/storage/database.ts); what is written is
 * stripped of personal data first.
 */
import { createHash } from 'node:crypto';
import type { KioskDatabase } from '../storage/database';
import { canonicalJson, type JsonValue } from './canonical-json';
import { withoutPersonalData } from './personal-data';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  /** ISO instant. */
  at: string;
  /** What happened, e.g. licence.issued. */
  event: string;
  data: JsonValue;
  prevHash: string;
  hash: string;
}

export type AuditProblem = 'sequence-gap' | 'chain-broken' | 'content-changed' | 'unreadable';

export type AuditVerification =
  | { intact: true; entries: number; head: string }
  /** entries: how many entries before the first broken one are intact. */
  | { intact: false; entries: number; firstBroken: { seq: number; problem: AuditProblem; message: string } };

interface AuditRow {
  seq: number;
  at: string;
  event: string;
  data: string;
  prev_hash: string;
  hash: string;
}

export function entryHash(prevHash: string, entry: Pick<AuditEntry, 'seq' | 'at' | 'event' | 'data'>): string {
  const content = canonicalJson({ seq: entry.seq, at: entry.at, event: entry.event, data: entry.data });
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

export class AuditLog {
  private readonly head;
  private readonly insert;
  private readonly observers: ((entry: AuditEntry) => void)[] = [];

  constructor(
    private readonly db: KioskDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.head = db.prepare<[], Pick<AuditRow, 'seq' | 'hash'>>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare('INSERT INTO audit_log (seq, at, event, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /**
   * Appends within the caller's transaction, so the entry commits or rolls back with the
   * change it records; outside one it takes its own write transaction.
   */
  append(event: string, data: unknown): AuditEntry {
    const write = (): AuditEntry => {
      const last = this.head.get();
      const prevHash = last?.hash ?? GENESIS_HASH;
      const entry = { seq: (last?.seq ?? 0) + 1, at: this.now().toISOString(), event, data: withoutPersonalData(data) };
      const hash = entryHash(prevHash, entry);
      this.insert.run(entry.seq, entry.at, entry.event, canonicalJson(entry.data), prevHash, hash);
      const appended = { ...entry, prevHash, hash };
      for (const observer of this.observers) observer(appended);
      return appended;
    };
    return this.db.inTransaction ? write() : this.db.transaction(write).immediate();
  }

  /**
   * Runs `observer` after each entry is written, inside the same transaction: what it
   * writes commits or rolls back with the entry (the centre's outbox, core/centre/outbox.ts).
   */
  observe(observer: (entry: AuditEntry) => void): void {
    this.observers.push(observer);
  }
}

/** Walks the whole chain; read-only, so it also runs on a copy of a kiosk's database. */
export function verifyAuditLog(db: KioskDatabase): AuditVerification {
  const rows = db.prepare<[], AuditRow>('SELECT seq, at, event, data, prev_hash, hash FROM audit_log ORDER BY seq').iterate();
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (const row of rows) {
    const problem = checkEntry(row, previous);
    if (problem) return { intact: false, entries: previous.seq, firstBroken: { seq: row.seq, ...problem } };
    previous = row;
  }
  return { intact: true, entries: previous.seq, head: previous.hash };
}

function checkEntry(row: AuditRow, previous: { seq: number; hash: string }): { problem: AuditProblem; message: string } | undefined {
  if (row.seq !== previous.seq + 1) {
    return { problem: 'sequence-gap', message: `entry ${row.seq} follows entry ${previous.seq}: entries are missing or were inserted` };
  }
  if (row.prev_hash !== previous.hash) {
    return { problem: 'chain-broken', message: `entry ${row.seq} does not link to the hash of entry ${previous.seq}` };
  }
  let data: JsonValue;
  try {
    data = JSON.parse(row.data) as JsonValue;
  } catch {
    return { problem: 'unreadable', message: `entry ${row.seq} holds data that is not JSON` };
  }
  if (entryHash(row.prev_hash, { ...row, data }) !== row.hash) {
    return { problem: 'content-changed', message: `entry ${row.seq} was changed after it was written` };
  }
  return undefined;
}
