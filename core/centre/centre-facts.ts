/**
 * The centre's cross-kiosk facts, joined to what the kiosk knows itself, in the shape
 * the approval rules take. The rules stay the same with or without a centre: a name
 * the centre says is taken becomes one more existing name in the district, and the
 * address counts the larger of the two tallies (the kiosk's own licences may not have
 * reached the centre yet).
 */
import type { RuleSet } from '../../rules/approval/rule-set';
import type { FactsRequest, RegistrationFactsAnswer } from '../../protocol/centre';

export interface LocalRegistryFacts {
  existingNames: { districtCode: string; tradeName: string; industry: string }[];
  activeBusinessesAtAddress: number;
}

type RegistrationFactsRequest = Extract<FactsRequest, { service: 'registration' }>;

export function mergeRegistrationFacts(local: LocalRegistryFacts, request: RegistrationFactsRequest, answer: RegistrationFactsAnswer): LocalRegistryFacts {
  const takenAtCentre = answer.nameTaken && request.name ? [{ districtCode: request.districtCode, tradeName: request.name.tradeName, industry: request.name.industry }] : [];
  return {
    existingNames: [...local.existingNames, ...takenAtCentre],
    activeBusinessesAtAddress: Math.max(local.activeBusinessesAtAddress, answer.activeBusinessesAtAddress),
  };
}

/** The rule set's limit of active businesses at one house code (its businessesPerAddress rule), else none. */
export function addressLimit(ruleSet: RuleSet): number {
  const rule = ruleSet.rules.find((r) => r.check === 'businessesPerAddress');
  const max = (rule?.params as { max?: unknown } | undefined)?.max;
  return typeof max === 'number' ? max : 1000;
}
