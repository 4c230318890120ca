// Files holding personal data or keys are the kiosk user's alone: the database with its
// WAL and shared memory, the ID lookup key and the signing key 0600, their folders 0700,
// under the usual umask 022 that would otherwise make them world-readable.
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAuditLog } from '../../../core/maintenance/logs-export';
import { openDatabase } from '../../../core/storage/database';
import { startTestCore } from '../../support/core';

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8);

let root: string;
let umask: number;
beforeAll(() => {
  umask = process.umask(0o022);
  root = mkdtempSync(join(tmpdir(), 'file-modes-'));
});
afterAll(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe('file permissions', () => {
  it('a new database, its WAL and shared memory are 0600, in a new folder of 0700', () => {
    const file = join(root, 'db', 'nested', 'kiosk.sqlite');
    const db = openDatabase(file);
    try {
      db.prepare("INSERT INTO kiosk_meta (key, value) VALUES ('k', 'v')").run();
      expect({ db: modeOf(file), wal: modeOf(`${file}-wal`), shm: modeOf(`${file}-shm`) }).toEqual({ db: '600', wal: '600', shm: '600' });
      expect({ folder: modeOf(join(root, 'db', 'nested')), parent: modeOf(join(root, 'db')) }).toEqual({ folder: '700', parent: '700' });
    } finally {
      db.close();
    }
  });

  it('a database an older version left readable by others is made private when opened', () => {
    const file = join(root, 'old.sqlite');
    openDatabase(file).close();
    chmodSync(file, 0o644);
    openDatabase(file).close();
    expect(modeOf(file)).toBe('600');
  });

  it('a kiosk started on a fresh data folder keeps it, its database, keys and exports private', async () => {
    const dataDir = join(root, 'fresh', 'miaopi-kiosk');
    const core = await startTestCore({ KIOSK__DATA_DIR: dataDir });
    try {
      const { file: exported } = exportAuditLog(core.db, dataDir, new Date());
      expect({
        dataDir: modeOf(dataDir),
        database: modeOf(join(dataDir, 'kiosk.sqlite')),
        wal: modeOf(join(dataDir, 'kiosk.sqlite-wal')),
        keys: modeOf(join(dataDir, 'keys')),
        idLookupKey: modeOf(join(dataDir, 'keys', 'id-lookup.key')),
        signingKey: modeOf(join(dataDir, 'keys', 'signing-key.pem')),
        exports: modeOf(join(dataDir, 'exports')),
        exported: modeOf(exported),
      }).toEqual({ dataDir: '700', database: '600', wal: '600', keys: '700', idLookupKey: '600', signingKey: '600', exports: '700', exported: '600' });
    } finally {
      await core.dispose();
    }
  });
});
