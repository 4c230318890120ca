/**
 * What the rollout page shows, read from PostgreSQL: every published rule set with its
 * stage and the evidence behind it, the address deltas and restricted lists (which go to
 * every kiosk at once), and which version each kiosk runs by its latest heartbeat, with
 * its ring and hall. Reading advances the trials first, so the page never shows a
 * rollout on trial that the canaries' decisions have already settled.
 */
import type { Pool } from 'pg';
import type { PublishedVersionView, RateView, RolloutAction, RolloutKioskView, RolloutStage, RolloutState, RuleSetRolloutView } from '../../protocol/centre-rollout';
import type { FleetVersions } from '../../protocol/centre-fleet';
import { actionsFrom, type Rates, type Rollouts } from './rollouts';

const SERVICES = ['registration', 'deregistration'] as const;
/** Rows per kind of publication: the newest first. */
const SHOWN = 20;

interface RuleSetRow {
  service: 'registration' | 'deregistration';
  version: string;
  sequence: string;
  published_at: Date;
  stage: RolloutStage | null;
  decided_at: Date | null;
  stage_changed_by: string | null;
  canary_rate: number | null;
  baseline_rate: number | null;
  factor: number | null;
}

export async function readRolloutState(pool: Pool, rollouts: Rollouts, mayAct: boolean): Promise<RolloutState> {
  for (const service of SERVICES) await rollouts.advance(service);
  const [ruleSets, addressDeltas, restrictedLists, kiosks] = await Promise.all([
    pool.query<RuleSetRow>(
      `SELECT v.service, v.version, v.sequence, v.published_at, r.stage, r.decided_at, r.stage_changed_by, r.canary_rate, r.baseline_rate, r.factor
         FROM rule_set_versions v LEFT JOIN rule_set_rollouts r ON r.service = v.service AND r.version = v.version
        ORDER BY v.sequence DESC LIMIT ${SHOWN}`,
    ),
    published(pool, 'SELECT version, sequence, published_at, rooms AS size FROM address_base_versions WHERE sequence IS NOT NULL ORDER BY sequence DESC'),
    published(pool, 'SELECT version::text, version AS sequence, published_at, entries AS size FROM restricted_list_versions ORDER BY version DESC'),
    pool.query<{ kiosk_id: string; hall: string | null; canary: boolean; received_at: Date | null; versions: FleetVersions | null }>(
      `SELECT k.kiosk_id, k.hall, r.kiosk_id IS NOT NULL AS canary, s.received_at, s.versions
         FROM kiosks k LEFT JOIN kiosk_rings r ON r.kiosk_id = k.kiosk_id LEFT JOIN fleet_status s ON s.kiosk_id = k.kiosk_id
        WHERE k.status = 'active' ORDER BY r.kiosk_id IS NULL, k.hall NULLS LAST, k.kiosk_id`,
    ),
  ]);
  return {
    serverTime: new Date().toISOString(),
    ruleSets: await Promise.all(ruleSets.rows.map((row) => ruleSetView(row, rollouts, mayAct))),
    addressDeltas,
    restrictedLists,
    kiosks: kiosks.rows.map(
      (k): RolloutKioskView => ({
        kioskId: k.kiosk_id,
        hall: k.hall,
        ring: k.canary ? 'canary' : 'all',
        lastHeartbeatAt: k.received_at?.toISOString() ?? null,
        ruleSets: k.versions?.ruleSets ?? null,
        addressBase: k.versions?.addressBase ?? null,
      }),
    ),
  };
}

async function ruleSetView(row: RuleSetRow, rollouts: Rollouts, mayAct: boolean): Promise<RuleSetRolloutView> {
  // Only a trial still running needs counting; a settled one shows the rates it was settled on.
  const evidence = row.stage === 'canary' ? await rollouts.evidence(row.service, row.version) : undefined;
  const actions: RolloutAction[] = mayAct ? actionsFrom(row.stage) : [];
  return {
    service: row.service,
    version: row.version,
    sequence: Number(row.sequence),
    publishedAt: row.published_at.toISOString(),
    stage: row.stage,
    stageChangedAt: row.decided_at?.toISOString() ?? null,
    stageChangedBy: row.stage_changed_by,
    canary: rateView(evidence?.canary),
    baseline: rateView(evidence?.baseline),
    decidedCanaryRate: row.canary_rate,
    decidedBaselineRate: row.baseline_rate,
    factor: row.factor ?? rollouts.settings.factor,
    minDecisions: rollouts.settings.minDecisions,
    actions,
  };
}

function rateView(rates: Rates | undefined): RateView {
  const decisions = rates?.n ?? 0;
  const referrals = rates?.referred ?? 0;
  return { decisions, referrals, rate: decisions > 0 ? referrals / decisions : null };
}

async function published(pool: Pool, sql: string): Promise<PublishedVersionView[]> {
  const { rows } = await pool.query<{ version: string; sequence: string | number; published_at: Date; size: string | number }>(`${sql} LIMIT ${SHOWN}`);
  return rows.map((row) => ({ version: row.version, sequence: Number(row.sequence), publishedAt: row.published_at.toISOString(), size: Number(row.size) }));
}
