import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, schemaVersion } from '../../../core/storage/database';

describe('the embedded database', () => {
  it('creates the file with its folder, in WAL mode, at the latest schema', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kiosk-db-')), 'nested', 'kiosk.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    db.prepare("INSERT INTO kiosk_meta (key, value) VALUES ('k', 'v')").run();
    db.close();

    const reopened = openDatabase(file);
    expect(reopened.prepare("SELECT value FROM kiosk_meta WHERE key = 'k'").pluck().get()).toBe('v');
    expect(reopened.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    reopened.close();
  });

  it('applies a new migration once, and rolls back a failing one whole', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kiosk-db-')), 'kiosk.sqlite');
    openDatabase(file).close();
    const broken = [...MIGRATIONS, { version: 99, name: 'broken', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' }];
    expect(() => openDatabase(file, broken)).toThrow(/nowhere/);
    const db = openDatabase(file);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });
});
