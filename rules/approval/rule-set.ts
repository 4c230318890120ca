// A rule set is data: which named checks run, with which parameters, whether a failure
// rejects the application or refers it to a counter, and what the applicant is told.
//
// Why not a generic rules engine (json-rules-engine is not installed, and the like):
// their rules are free-form conditions over facts, so the logic itself lives in data
// that no type checker or unit test sees. Here each check is a pure, tested function,
// and the file only picks checks, sets their parameters (validated per check by zod
// when the file is loaded) and words the outcome. Policy changes (the age, the usages
// that allow a business, the per-address limit, reject or refer) stay data changes;
// a new kind of check is a reviewed code change.
import { z } from 'zod';
import type { Check } from './check';
import type { Service } from './facts';
import { LocalizedTextSchema, placeholdersIn, type LocalizedText } from './localized-text';
import { CHECKS } from './named-checks';

export const EFFECTS = ['reject', 'refer'] as const;
export type Effect = (typeof EFFECTS)[number];

export interface Rule {
  id: string;
  check: string;
  params: unknown;
  onFail: Effect;
  /** What the rule requires, shown when it passes, e.g. 申请人年满18周岁. */
  title: LocalizedText;
  /** Why the application failed it, shown when it fails. */
  reason: LocalizedText;
}

export interface RuleSet {
  service: Service;
  version: string;
  description?: string;
  rules: Rule[];
}

function ruleSchema(checks: Readonly<Record<string, Check<never>>>) {
  const options = Object.entries(checks).map(([name, check]) =>
    z
      .object({
        id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a rule id in lower case with hyphens, e.g. adult'),
        check: z.literal(name),
        params: check.params,
        onFail: z.enum(EFFECTS),
        title: LocalizedTextSchema,
        reason: LocalizedTextSchema,
      })
      .strict(),
  );
  const [first, ...rest] = options;
  if (!first) throw new Error('a service without checks');
  return z.discriminatedUnion('check', [first, ...rest]);
}

function ruleSetSchema<S extends Service>(service: S, checks: Readonly<Record<string, Check<never>>>) {
  return z
    .object({
      service: z.literal(service),
      version: z.string().trim().min(1).max(40),
      description: z.string().optional(),
      rules: z.array(ruleSchema(checks)).min(1),
    })
    .strict()
    .superRefine((ruleSet, context) => {
      const seen = new Set<string>();
      ruleSet.rules.forEach((rule, index) => {
        if (seen.has(rule.id)) context.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `rule id ${rule.id} is used twice` });
        seen.add(rule.id);
        const check = checks[rule.check];
        if (!check) return;
        const fromParams = Object.keys(rule.params as object);
        // A title is shown when the rule passes, when only the parameters are sure to be known.
        const texts = [
          ['title', fromParams],
          ['reason', [...fromParams, ...check.placeholders]],
        ] as const;
        for (const [field, known] of texts) {
          const unknown = placeholdersIn(rule[field]).filter((name) => !known.includes(name));
          if (unknown.length) {
            context.addIssue({
              code: 'custom',
              path: ['rules', index, field],
              message: `unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')}; ${rule.check} offers ${known.map((name) => `{${name}}`).join(', ') || 'none'}`,
            });
          }
        }
      });
    });
}

/** A rule-set file's content, checked in full: every bad field is reported with its path. */
export const RuleSetSchema = z.discriminatedUnion('service', [
  ruleSetSchema('registration', CHECKS.registration),
  ruleSetSchema('deregistration', CHECKS.deregistration),
]);
