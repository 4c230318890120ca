import { describe, expect, it } from 'vitest';
import { aggregateOutcome, decide } from '../../../rules/approval/engine';
import { RegistrationFacts } from '../../../rules/approval/facts';
import { RuleSetSchema } from '../../../rules/approval/rule-set';
import { deregistrationBasis, deregistrationInput, registrationBasis, registrationInput } from './fixtures';

const passed = { effect: null };
const rejected = { effect: 'reject' as const };
const referred = { effect: 'refer' as const };

describe('aggregateOutcome', () => {
  it('approves only when every rule passed', () => {
    expect(aggregateOutcome([passed, passed])).toBe('approve');
  });
  it('any rejection rejects, whatever else failed', () => {
    expect(aggregateOutcome([passed, rejected])).toBe('reject');
    expect(aggregateOutcome([referred, rejected, referred])).toBe('reject');
  });
  it('otherwise any referral refers to a counter', () => {
    expect(aggregateOutcome([passed, referred])).toBe('refer');
    expect(aggregateOutcome([referred, referred])).toBe('refer');
  });
});

describe('decide', () => {
  it('stamps the decision with the rule set version and the hashes it was given', () => {
    const basis = registrationBasis();
    const decision = decide(RegistrationFacts.parse(registrationInput()), { ...basis, hashes: { ruleSet: 'r'.repeat(64), catalogue: 'c'.repeat(64), nameLists: 'n'.repeat(64) } });
    expect(decision.ruleSet).toEqual({ version: '2024.1', hash: 'r'.repeat(64) });
    expect(decision.data).toEqual({ catalogue: { version: '2024.1', hash: 'c'.repeat(64) }, nameLists: { version: '2024.1', hash: 'n'.repeat(64) } });
  });

  it('runs the rules in the order of the file, each one reported', () => {
    const basis = registrationBasis();
    const decision = decide(RegistrationFacts.parse(registrationInput()), basis);
    expect(decision.results.map((r) => r.id)).toEqual(basis.ruleSet.rules.map((r) => r.id));
  });

  it('follows the data: a parameter or an effect changed in the rule set changes the decision', () => {
    const basis = registrationBasis();
    const stricter = RuleSetSchema.parse({
      ...basis.ruleSet,
      rules: basis.ruleSet.rules.map((rule) => (rule.id === 'adult' ? { ...rule, params: { years: 50 }, onFail: 'refer' } : rule)),
    });
    const decision = decide(RegistrationFacts.parse(registrationInput()), { ...basis, ruleSet: stricter });
    expect(decision.outcome).toBe('refer');
    expect(decision.results[0]).toMatchObject({ id: 'adult', passed: false, effect: 'refer' });
    expect(decision.results[0]?.message['zh-CN']).toBe('申请人须年满50周岁，您现在44周岁。');
  });

  it('refuses to decide an application of another service', () => {
    expect(() => decide(deregistrationInput(), registrationBasis())).toThrow(/registration rule set cannot decide a deregistration application/);
    expect(() => decide(RegistrationFacts.parse(registrationInput()), deregistrationBasis())).toThrow(RangeError);
  });

  it('is deterministic: the same facts give the same decision', () => {
    const facts = RegistrationFacts.parse(registrationInput());
    expect(decide(facts, registrationBasis())).toEqual(decide(facts, registrationBasis()));
  });
});
