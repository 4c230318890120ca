/**
 * Rollout by rings: a new rule set goes to the canary kiosks first. Once the canaries
 * have decided `minDecisions` applications on it, it goes to every kiosk, unless their
 * referral rate on it is above `factor` times the rate of the rule sets in general use
 * (the last 30 days of every kiosk's decisions), in which case it stops by itself:
 * no further kiosk gets it. Without canary kiosks a rule set goes to all at once.
 * The evidence is the decisions the kiosks sync (`centre_decisions`, without personal data).
 */
import type { Pool } from 'pg';

export interface RolloutSettings {
  factor: number;
  minDecisions: number;
}

export const DEFAULT_ROLLOUT_SETTINGS: RolloutSettings = { factor: 1.5, minDecisions: 30 };

export type Ring = 'canary' | 'all';

interface Rates {
  n: number;
  referred: number;
}

export class Rollouts {
  constructor(
    private readonly pool: Pool,
    private readonly settings: RolloutSettings = DEFAULT_ROLLOUT_SETTINGS,
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
      const canary = await this.rates(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE d.outcome = 'referred')::int AS referred
           FROM centre_decisions d JOIN kiosk_rings k ON k.kiosk_id = d.kiosk_id AND k.ring = 'canary'
          WHERE d.service = $1 AND d.rule_set_version = $2`,
        [service, version],
      );
      if (!canary || canary.n < this.settings.minDecisions) continue;
      const baseline = await this.rates(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE outcome = 'referred')::int AS referred
           FROM centre_decisions
          WHERE service = $1 AND rule_set_version <> $2 AND decided_at > now() - interval '30 days'
            -- Only rule sets in general use: not one still on trial or stopped.
            AND rule_set_version NOT IN (SELECT version FROM rule_set_rollouts WHERE service = $1 AND stage <> 'all')`,
        [service, version],
      );
      const canaryRate = canary.referred / canary.n;
      const baselineRate = baseline && baseline.n > 0 ? baseline.referred / baseline.n : 0;
      const stage = canaryRate > 0 && canaryRate > this.settings.factor * baselineRate ? 'halted' : 'all';
      await this.pool.query(
        `UPDATE rule_set_rollouts SET stage = $3, decided_at = now(), canary_rate = $4, baseline_rate = $5 WHERE service = $1 AND version = $2 AND stage = 'canary'`,
        [service, version, stage, canaryRate, baselineRate],
      );
    }
  }

  /** The counts, or undefined while the kiosks' decisions are not synced to this centre yet (no table). */
  private async rates(sql: string, params: unknown[]): Promise<Rates | undefined> {
    try {
      return (await this.pool.query<Rates>(sql, params)).rows[0];
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return undefined;
      throw error;
    }
  }
}
