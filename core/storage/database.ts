/**
 * The kiosk's embedded SQLite database (better-sqlite3, WAL). Migrations are plain
 * SQL, applied in order inside one transaction each; later features append theirs.
 */
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ensurePrivateFile, makePrivateDir, tightenPrivateFile } from './private-files';

export type KioskDatabase = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'kiosk metadata',
    sql: `CREATE TABLE kiosk_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;`,
  },
  {
    version: 2,
    name: 'registry: applications, decisions, licences, credit-code counter',
    // No ID number in clear: masked, plus an HMAC for lookups (core/registry/id-number-lookup.ts).
    sql: `
      CREATE TABLE applications (
        id TEXT NOT NULL PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('registration', 'deregistration')),
        created_at TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        id_number_masked TEXT NOT NULL,
        id_number_hmac TEXT NOT NULL,
        operator_name TEXT NOT NULL,
        request TEXT NOT NULL
      ) STRICT;
      CREATE INDEX applications_by_operator ON applications (id_number_hmac);
      CREATE TABLE decisions (
        application_id TEXT NOT NULL PRIMARY KEY REFERENCES applications (id),
        decided_at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('approve', 'reject', 'refer')),
        rule_set_version TEXT NOT NULL,
        rule_set_hash TEXT NOT NULL,
        data_stamps TEXT NOT NULL,
        facts TEXT NOT NULL,
        reasons TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TABLE credit_code_counters (
        region TEXT NOT NULL,
        prefix TEXT NOT NULL,
        next_serial INTEGER NOT NULL,
        PRIMARY KEY (region, prefix)
      ) STRICT;
      CREATE TABLE licences (
        credit_code TEXT NOT NULL PRIMARY KEY,
        application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
        kiosk_id TEXT NOT NULL,
        name TEXT,
        type TEXT NOT NULL,
        operator_name TEXT NOT NULL,
        operator_id_masked TEXT NOT NULL,
        operator_id_hmac TEXT NOT NULL,
        composition_form TEXT NOT NULL CHECK (composition_form IN ('个人经营', '家庭经营')),
        premises_address TEXT NOT NULL,
        house_code TEXT NOT NULL,
        grid_code TEXT NOT NULL,
        business_scope TEXT NOT NULL,
        permit_scope TEXT NOT NULL,
        registration_date TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        authority_region TEXT NOT NULL,
        authority_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'deregistered')),
        deregistered_at TEXT,
        deregistration_application_id TEXT UNIQUE REFERENCES applications (id)
      ) STRICT;
      CREATE INDEX licences_by_operator ON licences (operator_id_hmac);
      CREATE INDEX licences_by_date ON licences (registration_date, grid_code);`,
  },
  {
    version: 3,
    name: 'audit log: append-only, hash-chained',
    // INSERT OR REPLACE would delete without firing a DELETE trigger: hence the INSERT check.
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_log_refuses_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
      CREATE TRIGGER audit_log_refuses_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;
      CREATE TRIGGER audit_log_appends_at_the_end BEFORE INSERT ON audit_log
      WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log)
        OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), printf('%.64d', 0))
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries are added at the end of the chain'); END;`,
  },
  {
    version: 4,
    name: 'print queue: one job per document and request, kept until printed',
    // UNIQUE (credit_code, document, request_key): a retried or replayed request finds its
    // job instead of adding a second print. spool_tag is set before a document is sent and
    // cleared once the attempt's outcome is recorded (core/printing/print-job-store.ts).
    sql: `
      CREATE TABLE print_jobs (
        id INTEGER PRIMARY KEY,
        credit_code TEXT NOT NULL REFERENCES licences (credit_code),
        document TEXT NOT NULL CHECK (document IN ('licence-a4', 'licence-a3', 'slip', 'deregistration-notice')),
        request_key TEXT NOT NULL,
        printer TEXT NOT NULL CHECK (printer IN ('laser', 'thermal')),
        state TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'waiting', 'printed', 'failed', 'cancelled')),
        reason TEXT,
        message TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        spool_tag TEXT,
        is_reprint INTEGER NOT NULL DEFAULT 0 CHECK (is_reprint IN (0, 1)),
        reprint_reason TEXT,
        fallback_from TEXT CHECK (fallback_from IN ('laser')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        printed_at TEXT,
        UNIQUE (credit_code, document, request_key),
        CHECK (is_reprint = 0 OR reprint_reason IS NOT NULL)
      ) STRICT;
      CREATE INDEX print_jobs_by_state ON print_jobs (state, printer, id);`,
  },
  {
    version: 5,
    name: 'maintenance: PIN lockout survives a restart',
    // One row: wrong PIN tries in a row and, once they reach the limit, when the lock ends.
    sql: `
      CREATE TABLE maintenance_lockout (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failed_tries INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT
      ) STRICT;`,
  },
  {
    version: 7,
    name: 'maintenance: the PIN set at the kiosk in place of the shipped one',
    // One row: the scrypt hash of the PIN a technician chose at the first maintenance entry.
    sql: `
      CREATE TABLE maintenance_pin (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pin_hash TEXT NOT NULL,
        changed_at TEXT NOT NULL
      ) STRICT;`,
  },
  {
    version: 9,
    name: 'outbox: what the centre has not acknowledged yet, with personal data sealed to it',
    // Written only when a centre is configured (core/centre/outbox.ts), in the transaction
    // of the event itself; rows up to the centre's watermark are deleted. AUTOINCREMENT:
    // a sequence is never given twice, even after the rows before it are gone.
    sql: `
      CREATE TABLE outbox (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('licence', 'deregistration', 'decision', 'rating', 'print-outcome', 'audit-head', 'session-end')),
        record TEXT NOT NULL,
        sealed TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX outbox_by_kind ON outbox (kind);
      CREATE TABLE outbox_personal_data (
        application_id TEXT NOT NULL PRIMARY KEY REFERENCES applications (id),
        sealed TEXT NOT NULL,
        held_at TEXT NOT NULL
      ) STRICT;`,
  },
  {
    version: 13,
    name: 'centre: the issues and deregistrations this kiosk owes the centre a confirmation of',
    // One row per application approved with a centre configured. 'pending' until the
    // centre answered: the request waits sealed (it holds the ID number) and is cleared
    // once answered; \`decision\` is the approval not yet recorded in the registry (online:
    // the licence is recorded only once the centre confirmed it). \`provisional\`: issued
    // or deregistered offline on the kiosk's own facts, the licence recorded already.
    sql: `
      CREATE TABLE centre_confirmations (
        application_id TEXT NOT NULL PRIMARY KEY REFERENCES applications (id),
        kind TEXT NOT NULL CHECK (kind IN ('issue', 'deregister')),
        credit_code TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'refused', 'conflict')),
        provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
        request_sealed BLOB,
        decision TEXT,
        case_id TEXT,
        reason TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (state <> 'pending' OR request_sealed IS NOT NULL)
      ) STRICT;
      CREATE INDEX centre_confirmations_pending ON centre_confirmations (state) WHERE state = 'pending';
      CREATE INDEX centre_confirmations_by_code ON centre_confirmations (credit_code);`,
  },
  {
    version: 14,
    name: 'centre: credit-code blocks leased from the centre, versions pulled from it',
    // A leased block and how far the kiosk has used it; the next serial is bumped in the
    // transaction that records the licence, as with the configured block's counter.
    sql: `
      CREATE TABLE credit_code_leases (
        id INTEGER PRIMARY KEY,
        region TEXT NOT NULL,
        prefix TEXT NOT NULL,
        first_serial INTEGER NOT NULL,
        last_serial INTEGER NOT NULL,
        next_serial INTEGER NOT NULL,
        expires_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        CHECK (next_serial BETWEEN first_serial AND last_serial + 1)
      ) STRICT;
      CREATE TABLE centre_pulled_versions (
        target TEXT PRIMARY KEY,
        sequence INTEGER NOT NULL,
        version TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        pulled_at TEXT NOT NULL
      ) STRICT;`,
  },
  {
    version: 15,
    name: "fleet: the centre's remote commands this kiosk took, so each runs once",
    // The centre hands a command again until it is acknowledged (an answer can be lost):
    // the id is the key, and the outcome waits here until the centre has it.
    sql: `
      CREATE TABLE fleet_remote_commands (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        params TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('ACKED', 'DONE', 'FAILED')),
        detail TEXT,
        result TEXT,
        received_at TEXT NOT NULL,
        finished_at TEXT,
        reported INTEGER NOT NULL DEFAULT 0 CHECK (reported IN (0, 1))
      ) STRICT;
      CREATE INDEX fleet_remote_commands_unreported ON fleet_remote_commands (reported) WHERE reported = 0;`,
  },
];

export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): KioskDatabase {
  if (file !== ':memory:') {
    // Personal data: 0600 in a 0700 folder. SQLite gives the -wal and -shm files the
    // database file's mode when it creates them.
    makePrivateDir(dirname(file));
    ensurePrivateFile(file);
    for (const companion of [`${file}-wal`, `${file}-shm`]) tightenPrivateFile(companion);
  }
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  switchToWal(db);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations);
  return db;
}

const BUSY_TIMEOUT_MS = 10_000;

/**
 * Switching a new database to WAL needs an exclusive lock. When another process holds a
 * shared lock and waits for its own upgrade, SQLite answers SQLITE_BUSY at once instead of
 * calling the busy handler (it would deadlock), so the busy timeout alone does not help:
 * retry with a short pause until the timeout is spent.
 */
function switchToWal(db: KioskDatabase): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

export function schemaVersion(db: KioskDatabase): number {
  return (db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
}

function migrate(db: KioskDatabase, migrations: readonly Migration[]): void {
  // One IMMEDIATE transaction, the version read inside it: two processes opening a new
  // database at once (the kiosk and kioskctl, or two cores) must not both migrate it.
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;`);
    const current = schemaVersion(db);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  }).immediate();
}
