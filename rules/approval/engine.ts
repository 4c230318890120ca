// The decision: every rule of the rule set runs on the facts (none is skipped, so the
// applicant and the auditor see the whole picture), then any rejection rejects, else
// any referral refers to a counter, else the application is approved.
import type { Check, ReferenceData } from './check';
import type { Facts, Service } from './facts';
import { fillTemplate, type LocalizedText, type TemplateValue, type TemplateValues } from './localized-text';
import { CHECKS } from './named-checks';
import type { Effect, Rule, RuleSet } from './rule-set';

export type Outcome = 'approve' | Effect;

export interface RuleResult {
  id: string;
  check: string;
  passed: boolean;
  /** What the failure does; null when the rule passed. */
  effect: Effect | null;
  /** The rule's title when it passed, its reason when it failed, placeholders filled in. */
  message: LocalizedText;
}

/** Which version of a data file a decision rests on; the hash is over its canonical content. */
export interface DataStamp {
  version: string;
  hash: string;
}

export interface Decision {
  service: Service;
  outcome: Outcome;
  ruleSet: DataStamp;
  data: { catalogue: DataStamp; nameLists: DataStamp };
  results: RuleResult[];
}

/** The validated rule set and reference data, with the content hashes the core computed. */
export interface ApprovalBasis extends ReferenceData {
  ruleSet: RuleSet;
  hashes: { ruleSet: string; catalogue: string; nameLists: string };
}

export function decide(facts: Facts, basis: ApprovalBasis): Decision {
  const { ruleSet, hashes, catalogue, nameLists } = basis;
  if (facts.service !== ruleSet.service) {
    throw new RangeError(`a ${ruleSet.service} rule set cannot decide a ${facts.service} application`);
  }
  const results = ruleSet.rules.map((rule) => evaluateRule(rule, facts, basis));
  return {
    service: facts.service,
    outcome: aggregateOutcome(results),
    ruleSet: { version: ruleSet.version, hash: hashes.ruleSet },
    data: {
      catalogue: { version: catalogue.version, hash: hashes.catalogue },
      nameLists: { version: nameLists.version, hash: hashes.nameLists },
    },
    results,
  };
}

export function aggregateOutcome(results: readonly Pick<RuleResult, 'effect'>[]): Outcome {
  if (results.some((result) => result.effect === 'reject')) return 'reject';
  if (results.some((result) => result.effect === 'refer')) return 'refer';
  return 'approve';
}

function evaluateRule(rule: Rule, facts: Facts, reference: ReferenceData): RuleResult {
  const check = checksFor(facts)[rule.check];
  if (!check) throw new RangeError(`rule ${rule.id}: no check named ${rule.check} for ${facts.service}`);
  const outcome = check.run(facts, rule.params, reference);
  const values: TemplateValues = { ...parameterValues(rule.params), ...outcome.values };
  return {
    id: rule.id,
    check: rule.check,
    passed: outcome.pass,
    effect: outcome.pass ? null : rule.onFail,
    message: fillTemplate(outcome.pass ? rule.title : rule.reason, values),
  };
}

// Sound because decide() matched the facts' service to the rule set's, and a rule set's
// schema admits only the checks of its own service.
function checksFor(facts: Facts): Readonly<Record<string, Check<Facts>>> {
  return CHECKS[facts.service] as unknown as Readonly<Record<string, Check<Facts>>>;
}

/** A rule's parameters, as far as a text can show them ({years}, {max}, {allowedUsages}). */
function parameterValues(params: unknown): Record<string, TemplateValue> {
  const values: Record<string, TemplateValue> = {};
  for (const [key, value] of Object.entries(params as object)) {
    if (typeof value === 'string' || typeof value === 'number') values[key] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) values[key] = value as string[];
  }
  return values;
}
