// The centre's schema on a real PostgreSQL: migrations applied once however many
// processes start together, and ID numbers kept sealed at rest yet found by HMAC.
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdNumberVault, loadSecretKey, SECRET_KEY_FILE } from '../../../centre/id-number-vault';
import { CENTRE_MIGRATIONS, migrate } from '../../../centre/postgres/migrations';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

describe('centre migrations', () => {
  it('apply every version exactly once when eight processes start together', async () => {
    const url = await postgres.freshDatabase();
    // One pool per "process": separate connections racing for the advisory lock.
    const pools = Array.from({ length: 8 }, () => postgres.pool(url, 2));
    const applied = await Promise.all(pools.map((pool) => migrate(pool)));

    expect(applied.flat().sort((a, b) => a - b)).toEqual(CENTRE_MIGRATIONS.map((m) => m.version));
    const { rows } = await pools[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(CENTRE_MIGRATIONS.map((m) => m.version));
    const tables = await pools[0]!.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['licences', 'operators', 'name_occupancy', 'address_occupancy', 'deregistrations', 'decisions', 'ratings', 'kiosks', 'kiosk_keys', 'credit_code_block_leases', 'rule_set_versions', 'address_base_versions', 'restricted_list_versions']),
    );
    // Started again later: nothing left to do.
    expect(await migrate(pools[1]!)).toEqual([]);
  });

  it('a failing migration leaves nothing half-applied and names itself', async () => {
    const pool = postgres.pool(await postgres.freshDatabase(), 2);
    const broken = [...CENTRE_MIGRATIONS, { version: 99, name: 'broken', sql: 'CREATE TABLE half (x int); SELECT no_such_function();' }];
    await expect(migrate(pool, broken)).rejects.toThrow(/centre migration 99 \(broken\) failed/);
    const half = await pool.query(`SELECT to_regclass('half') AS t`);
    expect(half.rows[0].t).toBeNull();
    const { rows } = await pool.query('SELECT max(version) AS v FROM schema_migrations');
    expect(rows[0].v).toBe(CENTRE_MIGRATIONS.at(-1)!.version);
  });
});

describe('ID numbers at the centre', () => {
  it('are sealed with a key kept outside the database (file 0600) and found by keyed hash', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'centre-key-'));
    try {
      const key = loadSecretKey(dataDir, {});
      expect(statSync(join(dataDir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(loadSecretKey(dataDir, {})).toEqual(key); // the same key on the next start
      const vault = new IdNumberVault(key);
      const pool = postgres.pool(await postgres.freshDatabase(), 2);
      await migrate(pool);
      const idNumber = '34052419800101001X';
      await pool.query('INSERT INTO operators (id_number_hmac, id_number_sealed, name) VALUES ($1, $2, $3)', [vault.lookup(idNumber), vault.seal(idNumber), '李明']);

      const dump = (await pool.query('SELECT id_number_hmac, id_number_sealed FROM operators')).rows[0];
      expect(Buffer.concat([dump.id_number_hmac, dump.id_number_sealed]).toString('latin1')).not.toContain('19800101');
      const found = await pool.query('SELECT id_number_sealed FROM operators WHERE id_number_hmac = $1', [vault.lookup('34052419800101001x')]);
      expect(vault.open(found.rows[0].id_number_sealed)).toBe(idNumber);
      // Another centre's key neither finds nor opens it.
      const stranger = new IdNumberVault(Buffer.alloc(32, 7));
      expect((await pool.query('SELECT 1 FROM operators WHERE id_number_hmac = $1', [stranger.lookup(idNumber)])).rowCount).toBe(0);
      expect(() => stranger.open(found.rows[0].id_number_sealed)).toThrow();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuse a key file others can read, and a key of the wrong length', () => {
    expect(() => loadSecretKey('/nonexistent', { CENTRE_SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes in base64/);
    const dataDir = mkdtempSync(join(tmpdir(), 'centre-key-'));
    try {
      loadSecretKey(dataDir, {});
      chmodSync(join(dataDir, SECRET_KEY_FILE), 0o644);
      expect(() => loadSecretKey(dataDir, {})).toThrow(/readable by others.*chmod 600/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
