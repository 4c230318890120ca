/**
 * Rollout by rings: a new rule set goes to the canary kiosks first. Once the canaries
 * have decided `minDecisions` applications on it, it goes to every kiosk, unless their
 * referral rate on it is above `factor` times the rate of the rule sets in general use
 * (the last 30 days of every kiosk's decisions), in which case it stops by itself:
 * no further kiosk gets it. Without canary kiosks a rule set goes to all at once.
 * The evidence is the decisions the kiosks sync (`centre_decisions`, without personal data).
 *
 * Staff (the rollout page) may also promote a rule set to every kiosk, halt it, or
 * resume a halted one on the canaries: a resumed trial is judged on the canaries'
 * decisions the centre receives from then on (by the centre's clock, not the kiosks'),
 * not on those that stopped it.
 */
import type { Pool } from 'pg';
import type { RolloutAction, RolloutStage } from '../../protocol/centre-rollout';
import { inTransaction } from '../postgres/transaction';

export interface RolloutSettings {
  factor: number;
  minDecisions: number;
}

export const DEFAULT_ROLLOUT_SETTINGS: RolloutSettings = { factor: 1.5, minDecisions: 30 };

export type Ring = 'canary' | 'all';

export interface Rates {
  n: number;
  referred: number;
}

/** The canaries' decisions on a version (since its trial began) and the baseline's. */
export interface RolloutEvidence {
  canary: Rates;
  baseline: Rates;
}

/** The stages each action moves a rollout from, and where to. */
const TRANSITIONS: Record<RolloutAction, { from: readonly RolloutStage[]; to: RolloutStage }> = {
  promote: { from: ['canary', 'halted'], to: 'all' },
  halt: { from: ['canary', 'all'], to: 'halted' },
  resume: { from: ['halted'], to: 'canary' },
};

export function actionsFrom(stage: RolloutStage | null): RolloutAction[] {
  return stage === null ? [] : (Object.keys(TRANSITIONS) as RolloutAction[]).filter((action) => TRANSITIONS[action].from.includes(stage));
}

export type ActOutcome = { changed: true; from: RolloutStage; to: RolloutStage } | { changed: false; problem: 'not-found' | 'wrong-stage'; stage: RolloutStage | null };

const NO_DECISIONS: Rates = { n: 0, referred: 0 };

export class Rollouts {
  constructor(
    private readonly pool: Pool,
    readonly settings: RolloutSettings = DEFAULT_ROLLOUT_SETTINGS,
  ) {}

  /** Puts a kiosk in a ring; false when the centre does not know it. */
  async setRing(kioskId: string, ring: Ring): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM kiosks WHERE kiosk_id = $1', [kioskId]);
    if (rowCount !== 1) return false;
    if (ring === 'all') await this.pool.query('DELETE FROM kiosk_rings WHERE kiosk_id = $1', [kioskId]);
    else await this.pool.query(`INSERT INTO kiosk_rings (kiosk_id, ring) VALUES ($1, 'canary') ON CONFLICT (kiosk_id) DO NOTHING`, [kioskId]);
    return true;
  }

  /** A newly published rule set: to the canaries if there are any, else to all. */
  async start(service: string, version: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO rule_set_rollouts (service, version, stage)
       VALUES ($1, $2, CASE WHEN EXISTS (SELECT 1 FROM kiosk_rings) THEN 'canary' ELSE 'all' END) ON CONFLICT DO NOTHING`,
      [service, version],
    );
  }

  /** Promotes or halts each rule set of the service whose canaries have decided enough on it. */
  async advance(service: string): Promise<void> {
    const { rows } = await this.pool.query<{ version: string }>(`SELECT version FROM rule_set_rollouts WHERE service = $1 AND stage = 'canary'`, [service]);
    for (const { version } of rows) {
      const evidence = await this.evidence(service, version);
      if (!evidence || evidence.canary.n < this.settings.minDecisions) continue;
      const canaryRate = evidence.canary.referred / evidence.canary.n;
      const baselineRate = evidence.baseline.n > 0 ? evidence.baseline.referred / evidence.baseline.n : 0;
      const stage = canaryRate > 0 && canaryRate > this.settings.factor * baselineRate ? 'halted' : 'all';
      await this.pool.query(
        `UPDATE rule_set_rollouts SET stage = $3, decided_at = now(), canary_rate = $4, baseline_rate = $5, factor = $6, stage_changed_by = NULL
          WHERE service = $1 AND version = $2 AND stage = 'canary'`,
        [service, version, stage, canaryRate, baselineRate, this.settings.factor],
      );
    }
  }

  /**
   * The canaries' decisions on the version since its trial (re)started, and the baseline;
   * undefined while the kiosks' decisions are not synced to this centre yet (no table).
   */
  async evidence(service: string, version: string): Promise<RolloutEvidence | undefined> {
    const canary = await this.rates(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE d.outcome = 'referred')::int AS referred
         FROM centre_decisions d JOIN kiosk_rings k ON k.kiosk_id = d.kiosk_id AND k.ring = 'canary'
        WHERE d.service = $1 AND d.rule_set_version = $2
          AND d.received_at >= coalesce((SELECT evidence_since FROM rule_set_rollouts WHERE service = $1 AND version = $2), '-infinity')`,
      [service, version],
    );
    if (!canary) return undefined;
    const baseline = await this.rates(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE outcome = 'referred')::int AS referred
         FROM centre_decisions
        WHERE service = $1 AND rule_set_version <> $2 AND decided_at > now() - interval '30 days'
          -- Only rule sets in general use: not one still on trial or stopped.
          AND rule_set_version NOT IN (SELECT version FROM rule_set_rollouts WHERE service = $1 AND stage <> 'all')`,
      [service, version],
    );
    return { canary, baseline: baseline ?? NO_DECISIONS };
  }

  /**
   * A staff member's promote, halt or resume, allowed only from the stages TRANSITIONS
   * names (two pages acting at once: the second finds the stage changed and is told so).
   */
  async act(action: RolloutAction, service: string, version: string, by: string): Promise<ActOutcome> {
    const { from, to } = TRANSITIONS[action];
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ stage: RolloutStage }>('SELECT stage FROM rule_set_rollouts WHERE service = $1 AND version = $2 FOR UPDATE', [service, version]);
      const stage = rows[0]?.stage;
      if (stage === undefined) return { changed: false, problem: 'not-found', stage: null };
      if (!from.includes(stage)) return { changed: false, problem: 'wrong-stage', stage };
      await client.query(
        `UPDATE rule_set_rollouts SET stage = $3, decided_at = now(), stage_changed_by = $4,
                evidence_since = CASE WHEN $3 = 'canary' THEN now() ELSE evidence_since END
          WHERE service = $1 AND version = $2`,
        [service, version, to, by],
      );
      return { changed: true, from: stage, to };
    });
  }

  private async rates(sql: string, params: unknown[]): Promise<Rates | undefined> {
    try {
      return (await this.pool.query<Rates>(sql, params)).rows[0];
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return undefined;
      throw error;
    }
  }
}
