/**
 * The kiosk's counters for technicians, read from what is already recorded: decisions
 * from the registry, sessions and ratings from the audit log. Nothing is counted twice
 * or kept in a second place that could disagree.
 */
import { RATING_LEVELS, type Counters } from '../contract';
import type { KioskDatabase } from '../storage/database';

/**
 * The audit events the journey writes (core/session/kiosk-machine.ts): one per session
 * started, and one per rating with `data.stars` 1 (非常不满意) … 5 (非常满意).
 */
export const SESSION_STARTED_EVENT = 'journey.started';
export const SESSION_RATED_EVENT = 'journey.rated';

/** RATING_LEVELS runs from 非常满意 (5 stars) down to 非常不满意 (1 star). */
function starsOf(index: number): number {
  return 5 - index;
}

export function readCounters(db: KioskDatabase): Counters {
  const outcomes = new Map(
    db
      .prepare<[], { outcome: string; n: number }>('SELECT outcome, COUNT(*) AS n FROM decisions GROUP BY outcome')
      .all()
      .map((row) => [row.outcome, row.n]),
  );
  const approvals = outcomes.get('approve') ?? 0;
  const rejections = outcomes.get('reject') ?? 0;
  const referrals = outcomes.get('refer') ?? 0;
  const decisions = approvals + rejections + referrals;
  return {
    sessions: db.prepare<[string], number>('SELECT COUNT(*) FROM audit_log WHERE event = ?').pluck().get(SESSION_STARTED_EVENT) ?? 0,
    decisions,
    approvals,
    rejections,
    referrals,
    passRate: decisions === 0 ? null : approvals / decisions,
    rejectionsByRule: rejectionsByRule(db),
    ratings: ratings(db),
  };
}

/** Each rejecting rule (engine RuleResult: passed false, effect reject) of every rejected application. */
function rejectionsByRule(db: KioskDatabase): Counters['rejectionsByRule'] {
  return db
    .prepare<[], { rule: string; count: number }>(
      `SELECT json_extract(r.value, '$.id') AS rule, COUNT(*) AS count
       FROM decisions d, json_each(d.reasons) r
       WHERE d.outcome = 'reject' AND json_extract(r.value, '$.passed') = 0 AND json_extract(r.value, '$.effect') = 'reject'
       GROUP BY rule ORDER BY count DESC, rule`,
    )
    .all()
    .filter((row) => typeof row.rule === 'string');
}

function ratings(db: KioskDatabase): Counters['ratings'] {
  const counted = new Map(
    db
      .prepare<[string], { stars: number; n: number }>(
        `SELECT json_extract(data, '$.stars') AS stars, COUNT(*) AS n FROM audit_log WHERE event = ? GROUP BY stars`,
      )
      .all(SESSION_RATED_EVENT)
      .map((row) => [row.stars, row.n]),
  );
  return RATING_LEVELS.map((level, i) => ({ level, count: counted.get(starsOf(i)) ?? 0 }));
}
