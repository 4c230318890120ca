// A check is a named, pure predicate over the facts. A rule in a rule-set file picks a
// check by name and gives its parameters; the check's zod schema validates them when
// the file is loaded, so a typo in a parameter is caught before any decision.
import { z } from 'zod';
import type { NameLists } from './business-name';
import type { TemplateValues } from './localized-text';
import type { ScopeIndex } from './scope-catalogue';

/** The reference data some checks consult besides the facts. */
export interface ReferenceData {
  catalogue: ScopeIndex;
  nameLists: NameLists;
}

export interface CheckOutcome {
  pass: boolean;
  /** Values for the {placeholders} of the rule's texts, e.g. { age: 17 }. */
  values?: TemplateValues;
}

/** A check with its parameter type erased, as the rule-set schema and the engine hold it. */
export interface Check<F> {
  readonly params: z.ZodType;
  /** The placeholders this check fills (beyond its parameters), for rule texts to use. */
  readonly placeholders: readonly string[];
  run(facts: F, params: unknown, reference: ReferenceData): CheckOutcome;
}

export interface CheckSpec<F, S extends z.ZodType> {
  params: S;
  placeholders?: readonly string[];
  run(facts: F, params: z.output<S>, reference: ReferenceData): CheckOutcome;
}

export function defineCheck<F, S extends z.ZodType>(spec: CheckSpec<F, S>): Check<F> {
  return {
    params: spec.params,
    placeholders: spec.placeholders ?? [],
    // The engine only passes parameters that this schema has already validated.
    run: (facts, params, reference) => spec.run(facts, params as z.output<S>, reference),
  };
}

/** For checks that take no parameters: `{}` or none at all in the file. */
export const NO_PARAMS = z.object({}).strict().default({});

export const pass = (values?: TemplateValues): CheckOutcome => ({ pass: true, values });
export const fail = (values?: TemplateValues): CheckOutcome => ({ pass: false, values });

