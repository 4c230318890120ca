/**
 * Shows and exports the audit log for a technician (export as JSON lines). The log holds no ID number in
 * clear and nothing biometric by construction (core/audit/personal-data.ts); the
 * export runs every entry through the same redaction again, so an entry written
 * before a redaction rule existed does not leave the kiosk unredacted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditLog } from '../audit/audit-log';
import { withoutPersonalData } from '../audit/personal-data';
import type { AuditEntryView, LogsExportResult } from '../contract';
import type { KioskDatabase } from '../storage/database';
import { makePrivateDir } from '../storage/private-files';

export const EXPORTS_DIR = 'exports';

interface AuditRow {
  seq: number;
  at: string;
  event: string;
  data: string;
  hash: string;
}

/** The newest `limit` entries, newest first, redacted like the export. */
export function recentAuditEntries(db: KioskDatabase, limit: number): AuditEntryView[] {
  return db
    .prepare<[number], AuditRow>('SELECT seq, at, event, data, hash FROM audit_log ORDER BY seq DESC LIMIT ?')
    .all(limit)
    .map((row) => ({ seq: row.seq, at: row.at, event: row.event, data: JSON.stringify(withoutPersonalData(parseData(row.data))) }));
}

export function exportAuditLog(db: KioskDatabase, dataDir: string, now: Date): LogsExportResult {
  const dir = join(dataDir, EXPORTS_DIR);
  makePrivateDir(dir);
  const file = join(dir, `audit-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const rows = db.prepare<[], AuditRow>('SELECT seq, at, event, data, hash FROM audit_log ORDER BY seq').all();
  const text = rows.map((row) => JSON.stringify({ ...row, data: withoutPersonalData(parseData(row.data)) })).join('\n');
  writeFileSync(file, rows.length ? `${text}\n` : '', { mode: 0o600 });
  return { file, entries: rows.length, chainIntact: verifyAuditLog(db).intact };
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return '[unreadable entry]';
  }
}
