/**
 * The business-scope catalogue as the details screen browses it: industries to pick
 * from, and a search by words, pinyin initials or code. Only items a kiosk can register
 * are offered; items that need a permit before registration belong at a counter.
 */
import { searchScope, type ScopeIndex } from '../../rules/approval/scope-catalogue';
import type { CatalogueIndustry, CatalogueItem } from '../contract';

const OFFERED_CLASSES = ['general', 'permit-after'] as const;
const MAX_RESULTS = 60;

export class CatalogueService {
  constructor(private readonly index: ScopeIndex) {}

  industries(): CatalogueIndustry[] {
    return this.index.industries.map((industry) => ({ code: industry.code, name: industry.name }));
  }

  search(query: { text?: string; industry?: string }): CatalogueItem[] {
    return searchScope(this.index, { ...query, classes: OFFERED_CLASSES, limit: MAX_RESULTS }).map((item) => ({
      code: item.code,
      name: item.name,
      industry: item.industry,
      class: item.class,
      industryTerms: [...item.industryTerms],
    }));
  }
}
