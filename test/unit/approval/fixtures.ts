/** Applications for the approval tests: the shipped example (which approves), altered one fact at a time. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalBasis, loadShippedRuleSet } from '../../../core/approval/approval-data';
import { decide, type Decision, type RuleResult } from '../../../rules/approval/engine';
import { DeregistrationFacts, RegistrationFacts } from '../../../rules/approval/facts';

export const EXAMPLE_FILE = join(process.cwd(), 'assets', 'examples', 'application.json');

export type RegistrationInput = ReturnType<typeof registrationInput>;
export type DeregistrationInput = ReturnType<typeof deregistrationInput>;

/** The shipped example application, as plain data to alter. */
export function registrationInput() {
  return RegistrationFacts.parse(JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')));
}

export function deregistrationInput() {
  const { today, applicant, face } = registrationInput();
  return DeregistrationFacts.parse({
    service: 'deregistration',
    today,
    applicant,
    face,
    licence: { creditCode: '92440300MA5EQ7GQ4X', status: 'active', operatorIdNumber: applicant.idNumber },
  });
}

export const registrationBasis = () => approvalBasis(loadShippedRuleSet('registration'));
export const deregistrationBasis = () => approvalBasis(loadShippedRuleSet('deregistration'));

export function decideRegistration(alter: (facts: RegistrationInput) => void = () => {}): Decision {
  const facts = registrationInput();
  alter(facts);
  return decide(RegistrationFacts.parse(facts), registrationBasis());
}

export function decideDeregistration(alter: (facts: DeregistrationInput) => void = () => {}): Decision {
  const facts = deregistrationInput();
  alter(facts);
  return decide(DeregistrationFacts.parse(facts), deregistrationBasis());
}

export function resultOf(decision: Decision, id: string): RuleResult {
  const result = decision.results.find((r) => r.id === id);
  if (!result) throw new Error(`no rule ${id} in the decision`);
  return result;
}

/** The ids of the rules that failed. */
export function failedRules(decision: Decision): string[] {
  return decision.results.filter((r) => !r.passed).map((r) => r.id);
}
