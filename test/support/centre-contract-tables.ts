/**
 * The centre tables the pages read, exactly as the brief's contract gives them (created by
 * `outbox`'s migration 5). Until that migration is on this branch, page tests create them
 * here; IF NOT EXISTS makes this a no-op once it is.
 */
import type pg from 'pg';

export const CONTRACT_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS centre_decisions (kiosk_id text NOT NULL, sequence bigint NOT NULL, application_id text NOT NULL,
  service text NOT NULL CHECK (service IN ('registration','deregistration')), outcome text NOT NULL CHECK (outcome IN ('approved','referred')),
  reasons text[] NOT NULL DEFAULT '{}', rule_set_version text NOT NULL, decided_at timestamptz NOT NULL, PRIMARY KEY (kiosk_id, sequence));
CREATE TABLE IF NOT EXISTS centre_ratings (kiosk_id text NOT NULL, sequence bigint NOT NULL, score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  rated_at timestamptz NOT NULL, PRIMARY KEY (kiosk_id, sequence));
CREATE TABLE IF NOT EXISTS centre_session_ends (kiosk_id text NOT NULL, sequence bigint NOT NULL, service text, last_step text NOT NULL,
  end_reason text NOT NULL, card_to_licence_ms integer, ended_at timestamptz NOT NULL, PRIMARY KEY (kiosk_id, sequence));`;

export async function ensureContractTables(pool: pg.Pool): Promise<void> {
  await pool.query(CONTRACT_TABLES_SQL);
}
