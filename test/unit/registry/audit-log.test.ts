import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, entryHash, GENESIS_HASH, verifyAuditLog } from '../../../core/audit/audit-log';
import { openDatabase, type KioskDatabase } from '../../../core/storage/database';

const opened: KioskDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function logWith(entries: number): { db: KioskDatabase; audit: AuditLog } {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'kiosk-audit-')), 'kiosk.sqlite'));
  opened.push(db);
  let tick = Date.parse('2026-03-20T02:00:00Z');
  const audit = new AuditLog(db, () => new Date((tick += 1000)));
  for (let i = 1; i <= entries; i += 1) audit.append('licence.issued', { applicationId: `app-${i}`, creditCode: `code-${i}` });
  return { db, audit };
}

describe('the audit log', () => {
  it('chains every entry to the one before it', () => {
    const { db, audit } = logWith(3);
    const entry = audit.append('licence.printed', { creditCode: 'code-3', copies: 2 });
    expect(entry).toMatchObject({ seq: 4, event: 'licence.printed', at: '2026-03-20T02:00:04.000Z' });
    expect(entry.hash).toBe(entryHash(entry.prevHash, entry));
    const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as { prev_hash: string; hash: string }[];
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    rows.slice(1).forEach((row, i) => expect(row.prev_hash).toBe(rows[i]?.hash));
    expect(verifyAuditLog(db)).toEqual({ intact: true, entries: 4, head: entry.hash });
  });

  it('an empty log is intact', () => {
    expect(verifyAuditLog(logWith(0).db)).toEqual({ intact: true, entries: 0, head: GENESIS_HASH });
  });

  it('writes no personal data: ID numbers masked, biometric data dropped', () => {
    const { db, audit } = logWith(0);
    audit.append('application.submitted', { idNumber: '34052419800101001X', note: 'card 34052419800101001X read', photo: Buffer.from([1, 2, 3]), face: { distance: 0.4 } });
    expect(JSON.parse(db.prepare('SELECT data FROM audit_log').pluck().get() as string)).toEqual({
      idNumber: '340524********001X',
      note: 'card 340524********001X read',
      face: { distance: 0.4 },
    });
  });

  it('rolls back with the change it records', () => {
    const { db, audit } = logWith(1);
    expect(() =>
      db.transaction(() => {
        audit.append('licence.issued', { creditCode: 'lost' });
        throw new Error('disk full');
      }).immediate(),
    ).toThrow('disk full');
    expect(verifyAuditLog(db)).toMatchObject({ intact: true, entries: 1 });
  });

  it('refuses UPDATE, DELETE and anything but an append at the end of the chain', () => {
    const { db } = logWith(3);
    expect(() => db.prepare("UPDATE audit_log SET data = '{}' WHERE seq = 2").run()).toThrow(/append-only: entries cannot be changed/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only: entries cannot be deleted/);
    expect(() => db.prepare("INSERT OR REPLACE INTO audit_log VALUES (2, 'now', 'x', '{}', 'p', 'h')").run()).toThrow(/added at the end/);
    expect(() => db.prepare(`INSERT INTO audit_log VALUES (4, 'now', 'x', '{}', '${GENESIS_HASH}', 'h')`).run()).toThrow(/added at the end/);
    expect(verifyAuditLog(db)).toMatchObject({ intact: true, entries: 3 });
  });

  it('finds the first entry changed behind the triggers\' back', () => {
    const { db } = logWith(5);
    db.exec('DROP TRIGGER audit_log_refuses_update');
    db.prepare(`UPDATE audit_log SET data = '{"applicationId":"app-3","creditCode":"forged"}' WHERE seq = 3`).run();
    expect(verifyAuditLog(db)).toEqual({
      intact: false,
      entries: 2,
      firstBroken: { seq: 3, problem: 'content-changed', message: 'entry 3 was changed after it was written' },
    });
  });

  it('finds a changed entry whose hash was recomputed: the next one no longer links', () => {
    const { db } = logWith(5);
    db.exec('DROP TRIGGER audit_log_refuses_update');
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as { at: string; event: string; prev_hash: string };
    const data = { applicationId: 'app-3', creditCode: 'forged' };
    const hash = entryHash(row.prev_hash, { seq: 3, at: row.at, event: row.event, data });
    db.prepare('UPDATE audit_log SET data = ?, hash = ? WHERE seq = 3').run(JSON.stringify(data), hash);
    expect(verifyAuditLog(db)).toMatchObject({ intact: false, entries: 3, firstBroken: { seq: 4, problem: 'chain-broken' } });
  });

  it('finds a deleted entry', () => {
    const { db } = logWith(5);
    db.exec('DROP TRIGGER audit_log_refuses_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAuditLog(db)).toMatchObject({ intact: false, entries: 1, firstBroken: { seq: 3, problem: 'sequence-gap' } });
  });

  it('reports data that is no longer JSON', () => {
    const { db } = logWith(2);
    db.exec('DROP TRIGGER audit_log_refuses_update');
    db.prepare("UPDATE audit_log SET data = '{broken' WHERE seq = 1").run();
    expect(verifyAuditLog(db)).toMatchObject({ intact: false, entries: 0, firstBroken: { seq: 1, problem: 'unreadable' } });
  });
});
