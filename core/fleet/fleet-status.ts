/**
 * What the kiosk tells the centre in its heartbeat, read from what it already keeps:
 * the devices' status (as the attract screen shows it), the print jobs not yet printed,
 * the versions in force, and today's licences, referrals and rejections with the rules
 * that failed. Counts and rule ids only: no personal data leaves in a heartbeat.
 */
import type { DeviceStatus } from '../../hardware/device';
import type { FleetPendingJob, FleetRuleSetRate, FleetToday, FleetVersions, HeartbeatRequest } from '../../protocol/centre-fleet';
import { readVersions, type AddressDatabaseInfoSource, type RuleSetSource } from '../maintenance/versions';
import { shenzhenDate } from '../registry/local-date';
import type { KioskDatabase } from '../storage/database';

export interface FleetStatusSources {
  db: KioskDatabase;
  devices: { statuses(): DeviceStatus[] };
  addresses: AddressDatabaseInfoSource;
  ruleSets: RuleSetSource;
  now?: () => Date;
}

/** Rule-set rates look back this far, so the rule set before a change is still there to compare with. */
const RATE_DAYS = 7;
const MAX_PENDING_JOBS = 50;

export function readHeartbeat(sources: FleetStatusSources): HeartbeatRequest {
  const now = sources.now?.() ?? new Date();
  return {
    sentAt: now.toISOString(),
    devices: sources.devices.statuses().map((status) => ({
      kind: status.kind,
      driver: status.driver.slice(0, 40),
      level: status.level,
      reasons: [...status.reasons],
      message: status.message.slice(0, 200),
      since: status.since,
    })),
    pendingJobs: pendingJobs(sources.db),
    versions: versions(sources),
    today: today(sources.db, now),
    ruleSetRates: ruleSetRates(sources.db, now),
  };
}

function pendingJobs(db: KioskDatabase): FleetPendingJob[] {
  return db
    .prepare<[number], { id: number; document: string; printer: 'laser' | 'thermal'; state: FleetPendingJob['state']; reason: string | null; created_at: string }>(
      `SELECT id, document, printer, state, reason, created_at FROM print_jobs WHERE state IN ('queued', 'printing', 'waiting') ORDER BY id LIMIT ?`,
    )
    .all(MAX_PENDING_JOBS)
    .map((job) => ({ id: job.id, document: job.document, printer: job.printer, state: job.state, reason: job.reason, createdAt: job.created_at }));
}

function versions(sources: FleetStatusSources): FleetVersions {
  const inForce = readVersions(sources.addresses, sources.ruleSets);
  const address = inForce.addressDatabase;
  return {
    app: inForce.app,
    ruleSets: inForce.ruleSets.map(({ service, version }) => ({ service, version })),
    addressBase: address.available ? address.builtAt.slice(0, 64) : null,
  };
}

/** Shenzhen has no daylight saving: its day starts at 00:00 +08:00. */
function startOfShenzhenDay(now: Date): { date: string; since: string } {
  const date = shenzhenDate(now);
  return { date, since: new Date(`${date}T00:00:00+08:00`).toISOString() };
}

function today(db: KioskDatabase, now: Date): FleetToday {
  const { date, since } = startOfShenzhenDay(now);
  const licences = db.prepare<[string], number>('SELECT COUNT(*) FROM licences WHERE issued_at >= ?').pluck().get(since) ?? 0;
  const outcomes = new Map(
    db
      .prepare<[string], { outcome: string; n: number }>('SELECT outcome, COUNT(*) AS n FROM decisions WHERE decided_at >= ? GROUP BY outcome')
      .all(since)
      .map((row) => [row.outcome, row.n]),
  );
  const reasons = db
    .prepare<[string], { rule: string; count: number }>(
      `SELECT json_extract(r.value, '$.id') AS rule, COUNT(*) AS count
       FROM decisions d, json_each(d.reasons) r
       WHERE d.decided_at >= ? AND d.outcome IN ('refer', 'reject') AND json_extract(r.value, '$.passed') = 0
       GROUP BY rule ORDER BY count DESC, rule LIMIT 50`,
    )
    .all(since)
    .filter((row) => typeof row.rule === 'string');
  return { date, licences, referrals: outcomes.get('refer') ?? 0, rejections: outcomes.get('reject') ?? 0, reasons };
}

function ruleSetRates(db: KioskDatabase, now: Date): FleetRuleSetRate[] {
  const since = new Date(now.getTime() - RATE_DAYS * 86_400_000).toISOString();
  return db
    .prepare<[string], { version: string; first: string; decisions: number; referrals: number }>(
      `SELECT d.rule_set_version AS version, MIN(d.decided_at) AS first, COUNT(*) AS decisions, SUM(d.outcome = 'refer') AS referrals
       FROM decisions d JOIN applications a ON a.id = d.application_id
       WHERE a.kind = 'registration' AND d.decided_at >= ?
       GROUP BY d.rule_set_version ORDER BY first DESC LIMIT 10`,
    )
    .all(since)
    .map((row) => ({ ruleSetVersion: row.version, firstDecidedAt: row.first, decisions: row.decisions, referrals: row.referrals }));
}
