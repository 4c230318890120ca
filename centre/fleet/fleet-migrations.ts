/**
 * The fleet's tables (centre migrations 11 and 12): halls, each kiosk's latest
 * heartbeat, alerts with their acknowledgement, remote commands with their states.
 * What staff do goes to the staff audit log (staff_audit).
 */
import type { CentreMigration } from '../postgres/migrations';

export const FLEET_MIGRATIONS: readonly CentreMigration[] = [
  {
    version: 11,
    name: 'fleet: halls, latest heartbeat per kiosk, alerts',
    sql: `
      CREATE TABLE fleet_halls (name text PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
      ALTER TABLE kiosks ADD COLUMN hall text REFERENCES fleet_halls (name);
      -- Only the latest heartbeat of each kiosk: the page shows now, the alerts keep the history.
      CREATE TABLE fleet_status (
        kiosk_id text PRIMARY KEY REFERENCES kiosks (kiosk_id),
        received_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL,
        devices jsonb NOT NULL,
        pending_jobs jsonb NOT NULL,
        versions jsonb NOT NULL,
        today jsonb NOT NULL,
        rule_set_rates jsonb NOT NULL
      );
      CREATE INDEX fleet_status_by_age ON fleet_status (received_at);
      -- An alert is open while its condition holds (cleared_at NULL); at most one open per kiosk and kind.
      CREATE TABLE fleet_alerts (
        id bigserial PRIMARY KEY,
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        kind text NOT NULL CHECK (kind IN ('missed-heartbeat', 'paper-end', 'stuck-job', 'referral-spike')),
        detail jsonb NOT NULL DEFAULT '{}',
        raised_at timestamptz NOT NULL DEFAULT now(),
        cleared_at timestamptz,
        acknowledged_at timestamptz,
        acknowledged_by text
      );
      CREATE UNIQUE INDEX fleet_alerts_one_open ON fleet_alerts (kiosk_id, kind) WHERE cleared_at IS NULL;
      CREATE INDEX fleet_alerts_unacknowledged ON fleet_alerts (kiosk_id) WHERE acknowledged_at IS NULL;`,
  },
  {
    version: 12,
    name: 'fleet: remote commands PENDING → SENT → ACKED → DONE | FAILED | EXPIRED',
    sql: `
      CREATE TABLE fleet_commands (
        id bigserial PRIMARY KEY,
        kiosk_id text NOT NULL REFERENCES kiosks (kiosk_id),
        kind text NOT NULL CHECK (kind IN ('test-print', 'reprint', 'reload-rule-set', 'restart-app', 'collect-logs')),
        params jsonb NOT NULL,
        state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SENT', 'ACKED', 'DONE', 'FAILED', 'EXPIRED')),
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        sent_at timestamptz,
        acked_at timestamptz,
        finished_at timestamptz,
        detail text,
        result jsonb
      );
      CREATE INDEX fleet_commands_waiting ON fleet_commands (kiosk_id, id) WHERE state IN ('PENDING', 'SENT');
      CREATE INDEX fleet_commands_by_kiosk ON fleet_commands (kiosk_id, requested_at DESC);`,
  },
];
