/**
 * The centre's schema: versioned migrations in plain SQL, applied in order, each in
 * its own transaction. Several centre processes may start at once against one
 * database: a session-level advisory lock makes the first one migrate while the
 * others wait, then find nothing left to do.
 */
import type { Pool } from 'pg';
import { FLEET_MIGRATIONS } from '../fleet/fleet-migrations';
import { REGISTRY_FUNCTIONS_MIGRATION } from '../registry/registry-functions';

export interface CentreMigration {
  version: number;
  name: string;
  sql: string;
}

/** Any bigint would do; this one spells "miaopi" in ASCII. */
const MIGRATION_LOCK = '120950046552169';

// Sorted by number, however the list below is ordered (areas add theirs at the end).
export const CENTRE_MIGRATIONS: readonly CentreMigration[] = ([
  {
    version: 1,
    name: 'kiosks and their keys, request nonces, refusals',
    sql: `
      CREATE TABLE kiosks (
        kiosk_id text PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('awaiting-enrolment', 'active', 'revoked')),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- SHA-256 of the one-time code; cleared when it is used.
        enrol_code_hash text,
        enrol_code_expires_at timestamptz,
        enrolled_at timestamptz,
        revoked_at timestamptz
      );
      CREATE TABLE kiosk_keys (
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        key_id text NOT NULL,
        public_key text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        PRIMARY KEY (kiosk_id, key_id)
      );
      -- Nonces seen within the time window: a second use is a replay.
      CREATE TABLE request_nonces (
        kiosk_id text NOT NULL,
        nonce text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kiosk_id, nonce)
      );
      CREATE INDEX request_nonces_by_time ON request_nonces (seen_at);
      CREATE TABLE refused_requests (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        kiosk_id text,
        reason text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        remote text
      );`,
  },
  {
    version: 2,
    name: 'registry: operators, licences, names and address occupancy, deregistrations, decisions, ratings',
    sql: `
      -- The legal record of who runs a business. The ID number is sealed (AES-256-GCM,
      -- key outside the database) and found by its HMAC, never stored in clear.
      CREATE TABLE operators (
        id bigserial PRIMARY KEY,
        id_number_hmac bytea NOT NULL UNIQUE,
        id_number_sealed bytea NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE licences (
        credit_code text PRIMARY KEY,
        application_id text NOT NULL UNIQUE,
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        operator_id bigint NOT NULL REFERENCES operators (id),
        full_name text,
        district_code text NOT NULL,
        trade_name text,
        industry text,
        house_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'deregistered')),
        provisional boolean NOT NULL DEFAULT false,
        issued_at timestamptz NOT NULL,
        deregistered_at timestamptz
      );
      CREATE INDEX licences_active_by_operator ON licences (operator_id) WHERE status = 'active';
      -- One row per name in a district and trade: a lease while an application is decided
      -- (lease_expires_at set), a licence's for good once issued (credit_code set).
      CREATE TABLE name_occupancy (
        district_code text NOT NULL,
        trade_name text NOT NULL,
        industry text NOT NULL,
        application_id text NOT NULL,
        kiosk_id text NOT NULL,
        credit_code text REFERENCES licences (credit_code),
        lease_expires_at timestamptz,
        PRIMARY KEY (district_code, trade_name, industry),
        CHECK ((credit_code IS NULL) <> (lease_expires_at IS NULL))
      );
      -- One row per place taken at a house code, by a lease or an active licence.
      CREATE TABLE address_occupancy (
        house_code text NOT NULL,
        application_id text NOT NULL,
        kiosk_id text NOT NULL,
        credit_code text REFERENCES licences (credit_code),
        lease_expires_at timestamptz,
        PRIMARY KEY (house_code, application_id),
        CHECK ((credit_code IS NULL) <> (lease_expires_at IS NULL))
      );
      CREATE TABLE deregistrations (
        application_id text PRIMARY KEY,
        credit_code text NOT NULL UNIQUE REFERENCES licences (credit_code),
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        deregistered_at timestamptz NOT NULL
      );
      -- Decisions without personal data: what was decided, on which rules, and why.
      CREATE TABLE decisions (
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        application_id text NOT NULL,
        service text NOT NULL CHECK (service IN ('registration', 'deregistration')),
        outcome text NOT NULL CHECK (outcome IN ('approve', 'reject', 'refer')),
        rule_set_version text NOT NULL,
        rule_set_hash text NOT NULL,
        failed_rules jsonb NOT NULL DEFAULT '[]',
        decided_at timestamptz NOT NULL,
        PRIMARY KEY (kiosk_id, application_id)
      );
      CREATE TABLE ratings (
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        session_id text NOT NULL,
        stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
        rated_at timestamptz NOT NULL,
        PRIMARY KEY (kiosk_id, session_id)
      );`,
  },
  {
    version: 3,
    name: 'downstream data: credit-code block leases, rule-set, address-base and restricted-list versions',
    sql: `
      -- A kiosk allocates credit codes only inside a block it leases; blocks never overlap.
      CREATE TABLE credit_code_block_leases (
        id bigserial PRIMARY KEY,
        region text NOT NULL,
        prefix text NOT NULL,
        first_serial bigint NOT NULL,
        last_serial bigint NOT NULL CHECK (last_serial >= first_serial),
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        leased_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        returned_at timestamptz,
        UNIQUE (region, prefix, first_serial)
      );
      CREATE TABLE rule_set_versions (
        service text NOT NULL CHECK (service IN ('registration', 'deregistration')),
        version text NOT NULL,
        sha256 text NOT NULL,
        content jsonb NOT NULL,
        signature text NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (service, version)
      );
      CREATE TABLE address_base_versions (
        version text PRIMARY KEY,
        sha256 text NOT NULL,
        rooms bigint NOT NULL,
        base_version text REFERENCES address_base_versions (version),
        published_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE restricted_list_versions (
        version integer PRIMARY KEY,
        sha256 text NOT NULL,
        entries integer NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now()
      );
      -- The numbers themselves are personal data: sealed like the operators'.
      CREATE TABLE restricted_list_entries (
        version integer NOT NULL REFERENCES restricted_list_versions (version),
        id_number_hmac bytea NOT NULL,
        id_number_sealed bytea NOT NULL,
        PRIMARY KEY (version, id_number_hmac)
      );`,
  },
  {
    version: 4,
    name: 'journey: what a deregistration elsewhere needs of a licence; cases for staff',
    sql: `
      -- Printed on the licence; another kiosk prints them on the deregistration notice.
      ALTER TABLE licences ADD COLUMN premises_address text, ADD COLUMN composition_form text;
      -- A provisional licence (issued offline on a kiosk's own facts, already printed) that
      -- collides with the registry: kept here for staff, never merged into it silently.
      CREATE TABLE cases (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('provisional-conflict')),
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        application_id text NOT NULL,
        credit_code text NOT NULL,
        -- What collided: the name, the address's limit, or the credit code itself.
        conflict text NOT NULL CHECK (conflict IN ('name', 'address', 'credit-code')),
        district_code text NOT NULL,
        trade_name text,
        industry text,
        house_code text NOT NULL,
        full_name text,
        operator_id bigint NOT NULL REFERENCES operators (id),
        issued_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
        opened_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        UNIQUE (kiosk_id, application_id)
      );
      CREATE INDEX cases_open ON cases (opened_at) WHERE status = 'open';`,
  },
  {
    version: 5,
    name: 'kiosk sync: inbox and watermarks, the records kiosks send, the tables the staff pages read',
    // Written only by /v1/sync (centre/sync/inbox.ts); never the registry's own state,
    // which /v1/issue and /v1/deregister change. Every record is keyed (kiosk_id, sequence):
    // the kiosk's outbox sequence. centre_decisions also takes 'rejected' (a rule refused).
    sql: `
      -- One row per record applied: a batch delivered twice finds its rows here and applies nothing.
      CREATE TABLE centre_sync_inbox (
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        sequence bigint NOT NULL,
        kind text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kiosk_id, sequence)
      );
      -- The highest sequence of each kiosk the centre holds: what /v1/sync answers.
      CREATE TABLE centre_sync_watermarks (
        kiosk_id text PRIMARY KEY REFERENCES kiosks (kiosk_id),
        watermark bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE centre_decisions (kiosk_id text NOT NULL, sequence bigint NOT NULL, application_id text NOT NULL,
        service text NOT NULL CHECK (service IN ('registration','deregistration')), outcome text NOT NULL CHECK (outcome IN ('approved','referred','rejected')),
        reasons text[] NOT NULL DEFAULT '{}', rule_set_version text NOT NULL, decided_at timestamptz NOT NULL, PRIMARY KEY (kiosk_id, sequence));
      CREATE TABLE centre_ratings (kiosk_id text NOT NULL, sequence bigint NOT NULL, score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
        rated_at timestamptz NOT NULL, PRIMARY KEY (kiosk_id, sequence));
      CREATE TABLE centre_session_ends (kiosk_id text NOT NULL, sequence bigint NOT NULL, service text, last_step text NOT NULL,
        end_reason text NOT NULL, card_to_licence_ms integer, ended_at timestamptz NOT NULL, PRIMARY KEY (kiosk_id, sequence));
      CREATE TABLE centre_print_outcomes (kiosk_id text NOT NULL, sequence bigint NOT NULL, credit_code text, document text NOT NULL,
        outcome text NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (kiosk_id, sequence));
      -- sequence: the outbox record that carried the head; audit_seq: the entry's number in the kiosk's chain.
      CREATE TABLE centre_audit_heads (kiosk_id text PRIMARY KEY, sequence bigint NOT NULL, head_hash text NOT NULL, at timestamptz NOT NULL,
        audit_seq bigint NOT NULL);
      -- Licences and deregistrations as the kiosk recorded them. The ID number arrives sealed to
      -- the centre's key and is kept sealed with the centre's ID-number vault and found by HMAC.
      CREATE TABLE centre_licence_records (
        kiosk_id text NOT NULL,
        sequence bigint NOT NULL,
        application_id text NOT NULL,
        credit_code text NOT NULL,
        full_name text,
        house_code text NOT NULL,
        premises_address text NOT NULL,
        composition_form text NOT NULL,
        registration_date date NOT NULL,
        issued_at timestamptz NOT NULL,
        operator_name text,
        id_number_hmac bytea,
        id_number_sealed bytea,
        PRIMARY KEY (kiosk_id, sequence)
      );
      CREATE INDEX centre_licence_records_by_code ON centre_licence_records (credit_code);
      CREATE TABLE centre_deregistration_records (
        kiosk_id text NOT NULL,
        sequence bigint NOT NULL,
        application_id text NOT NULL,
        credit_code text NOT NULL,
        deregistered_at timestamptz NOT NULL,
        operator_name text,
        id_number_hmac bytea,
        id_number_sealed bytea,
        PRIMARY KEY (kiosk_id, sequence)
      );
      CREATE INDEX centre_deregistration_records_by_code ON centre_deregistration_records (credit_code);`,
  },
  {
    version: 9,
    name: 'staff accounts, their sessions, the staff audit log',
    sql: `
      CREATE TABLE staff_accounts (
        id bigserial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('technician', 'inspector', 'supervisor', 'admin')),
        -- scrypt$N$r$p$salt$hash (base64url): centre/staff/passwords.ts
        password_hash text NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      -- The cookie carries a random id; only its SHA-256 is stored, so a copy of the table opens no session.
      CREATE TABLE staff_sessions (
        id_hash bytea PRIMARY KEY,
        staff_id bigint NOT NULL REFERENCES staff_accounts (id),
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz
      );
      CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
      -- Every staff action: sign-ins (and failures), sign-outs, page opens, every change.
      CREATE TABLE staff_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        staff_id bigint REFERENCES staff_accounts (id),
        staff_name text,
        action text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        remote text
      );
      CREATE INDEX staff_audit_by_time ON staff_audit (at);`,
  },
  {
    version: 10,
    name: 'the printed fields of each licence, for the public check /v/<payload>',
    sql: `
      -- What the paper shows beyond the licences row: no ID number, no house code.
      CREATE TABLE licence_printed_fields (
        credit_code text PRIMARY KEY REFERENCES licences (credit_code),
        type text NOT NULL,
        composition_form text NOT NULL,
        premises_address text NOT NULL,
        business_scope text[] NOT NULL,
        permit_scope text[] NOT NULL DEFAULT '{}',
        registration_date date NOT NULL,
        authority_name text NOT NULL
      );`,
  },
  {
    version: 7,
    name: 'downstream by version: credit-code series, published files kept byte for byte with their signatures',
    sql: `
      -- Where the next block of a region starts, as an index over the centre's prefixes
      -- (prefix position * 1,000,000 + serial). Taken under this row's lock: two centre
      -- processes can never hand out the same block.
      CREATE TABLE credit_code_series (
        region text PRIMARY KEY,
        next_index bigint NOT NULL DEFAULT 0
      );
      CREATE INDEX credit_code_block_leases_held ON credit_code_block_leases (kiosk_id, region) WHERE returned_at IS NULL;
      -- A signature covers bytes: keep the publisher's text as it was, not re-serialised JSON.
      ALTER TABLE rule_set_versions ALTER COLUMN content TYPE text USING content::text;
      ALTER TABLE rule_set_versions ALTER COLUMN signature DROP NOT NULL;
      ALTER TABLE rule_set_versions ADD COLUMN sequence bigserial UNIQUE;
      ALTER TABLE address_base_versions ADD COLUMN sequence bigserial UNIQUE;
      ALTER TABLE address_base_versions ADD COLUMN content text NOT NULL DEFAULT '';
      ALTER TABLE address_base_versions ADD COLUMN signature text;`,
  },
  {
    version: 8,
    name: 'rollout by rings: canary kiosks, and each rule set\'s stage',
    sql: `
      -- Kiosks that get a new rule set first; every other kiosk is in the ring "all".
      CREATE TABLE kiosk_rings (
        kiosk_id text PRIMARY KEY REFERENCES kiosks (kiosk_id),
        ring text NOT NULL CHECK (ring IN ('canary'))
      );
      -- A rule set goes to the canaries, then to all, or stops where it is (halted).
      CREATE TABLE rule_set_rollouts (
        service text NOT NULL,
        version text NOT NULL,
        stage text NOT NULL CHECK (stage IN ('canary', 'all', 'halted')),
        started_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        canary_rate double precision,
        baseline_rate double precision,
        PRIMARY KEY (service, version),
        FOREIGN KEY (service, version) REFERENCES rule_set_versions (service, version)
      );`,
  },
  {
    version: 13,
    name: 'grid inspection: inspectors of grids, visits to new businesses, licences flagged for review',
    sql: `
      -- Who inspects which grid: the house code's first 14 digits (district, street, community, grid).
      CREATE TABLE inspection_grids (
        grid_code text PRIMARY KEY CHECK (grid_code ~ '^[0-9]{14}$'),
        inspector text NOT NULL,
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX inspection_grids_by_inspector ON inspection_grids (inspector);
      -- The visit to a new business after its approval: one per licence, by the grid's inspector.
      CREATE TABLE inspection_visits (
        credit_code text PRIMARY KEY REFERENCES licences (credit_code),
        inspector text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('operating', 'not-found', 'address-false', 'other-business')),
        notes text CHECK (char_length(notes) <= 500),
        visited_at timestamptz NOT NULL DEFAULT now()
      );
      -- A licence whose address was found false waits for review (shown on /v/… and in /fleet).
      CREATE TABLE licence_review_flags (
        credit_code text PRIMARY KEY REFERENCES licences (credit_code),
        reason text NOT NULL CHECK (reason IN ('address-false')),
        flagged_by text NOT NULL,
        flagged_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      );
      -- New businesses by grid and issue date: the inspection lists and the CSV export.
      CREATE INDEX licences_by_grid ON licences ((substr(house_code, 1, 14)), issued_at);`,
  },
  {
    version: 14,
    name: 'what the centre knows of a room: community, grid and address from the address base',
    sql: `
      CREATE TABLE address_rooms (
        house_code text PRIMARY KEY CHECK (house_code ~ '^[0-9]{25}$'),
        community text NOT NULL,
        grid text NOT NULL,
        -- Road, number, building and room, as the licence prints them after the street.
        address text NOT NULL
      );`,
  },
  {
    version: 18,
    name: 'rollout page: who changed a rollout\'s stage, since when the canaries\' decisions count, the factor it was judged by',
    sql: `
      -- NULL: the stage changed by itself (the canaries' rate), else the staff member who changed it.
      ALTER TABLE rule_set_rollouts ADD COLUMN stage_changed_by text;
      -- A resumed trial judges only the canaries' decisions the centre receives from then on (NULL: all of them).
      ALTER TABLE rule_set_rollouts ADD COLUMN evidence_since timestamptz;
      ALTER TABLE rule_set_rollouts ADD COLUMN factor double precision;
      -- By the centre's clock: a kiosk's decided_at is its own, and kiosk clocks drift.
      ALTER TABLE centre_decisions ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();`,
  },
  ...FLEET_MIGRATIONS,
  REGISTRY_FUNCTIONS_MIGRATION,
] satisfies CentreMigration[]).sort((a, b) => a.version - b.version);

export const CENTRE_SCHEMA_VERSION = Math.max(0, ...CENTRE_MIGRATIONS.map((m) => m.version));

/** Applies what is missing; returns the versions this call applied. */
export async function migrate(pool: Pool, migrations: readonly CentreMigration[] = CENTRE_MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    // By number, whatever order the areas' entries were merged in.
    const pending = migrations.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`centre migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
      }
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
