// The technicians' counters, read from the registry's decisions and the audit log.
import { describe, expect, it } from 'vitest';
import type { DecisionInput } from '../../../core/registry/registry';
import { readCounters, SESSION_RATED_EVENT, SESSION_STARTED_EVENT } from '../../../core/maintenance/counters';
import { APPROVED, openTestRegistry, registration } from '../../support/registry';

function failed(id: string, effect: 'reject' | 'refer') {
  return { id, check: id, passed: false, effect, message: { 'zh-CN': id, en: id } };
}
const passed = { id: 'age', check: 'age', passed: true, effect: null, message: { 'zh-CN': '年龄', en: 'age' } };

function decision(outcome: DecisionInput['outcome'], reasons: unknown[]): DecisionInput {
  return { ...APPROVED, outcome, reasons };
}

describe('maintenance counters', () => {
  it('start at zero with no pass rate', () => {
    const { db } = openTestRegistry();
    expect(readCounters(db)).toMatchObject({ sessions: 0, decisions: 0, approvals: 0, passRate: null, rejectionsByRule: [] });
    expect(readCounters(db).ratings.map((r) => r.count)).toEqual([0, 0, 0, 0, 0]);
  });

  it('count decisions by outcome, rejections by the rule that rejected, sessions and ratings', () => {
    const { db, registry, audit } = openTestRegistry();
    const outcomes: [DecisionInput['outcome'], unknown[]][] = [
      ['approve', [passed]],
      ['approve', [passed]],
      ['approve', [passed]],
      ['reject', [passed, failed('business-name-duplicate', 'reject'), failed('scope-permit', 'refer')]],
      ['reject', [failed('business-name-duplicate', 'reject'), failed('age', 'reject')]],
      ['refer', [failed('scope-permit', 'refer')]],
    ];
    outcomes.forEach(([outcome, reasons], n) => registry.decide(registry.submit(registration(n)).id, decision(outcome, reasons)));
    for (let i = 0; i < 7; i++) audit.append(SESSION_STARTED_EVENT, {});
    for (const stars of [5, 5, 4, 1]) audit.append(SESSION_RATED_EVENT, { stars });

    const counters = readCounters(db);
    expect(counters).toMatchObject({ sessions: 7, decisions: 6, approvals: 3, rejections: 2, referrals: 1, passRate: 0.5 });
    // A rule that only referred does not count as a rejection.
    expect(counters.rejectionsByRule).toEqual([
      { rule: 'business-name-duplicate', count: 2 },
      { rule: 'age', count: 1 },
    ]);
    expect(counters.ratings).toEqual([
      { level: '非常满意', count: 2 },
      { level: '满意', count: 1 },
      { level: '基本满意', count: 0 },
      { level: '不满意', count: 0 },
      { level: '非常不满意', count: 1 },
    ]);
  });
});
