// The business-scope catalogue (经营范围登记规范表述目录 style): standard wording the
// applicant chooses from, never types. Each item is a general item (一般项目), or needs
// a permit obtained after registration (后置许可) or before it (前置许可). Searched on
// the touch screen by Chinese text, by pinyin initials (cyfw → 餐饮服务) and by category.
import { z } from 'zod';
import { industryTermsOf } from './industry-terms';
import { LocalizedTextSchema } from './localized-text';

export const SCOPE_CLASSES = ['general', 'permit-after', 'permit-before'] as const;
export type ScopeClass = (typeof SCOPE_CLASSES)[number];

const ScopeGroup = z
  .object({ code: z.string().regex(/^[A-Z]\d{2}$/, 'expected the industry letter and two digits, e.g. H01'), name: LocalizedTextSchema })
  .strict();

const Industry = z
  .object({
    code: z.string().regex(/^[A-Z]$/, 'expected one capital letter'),
    name: LocalizedTextSchema,
    groups: z.array(ScopeGroup).min(1),
  })
  .strict();

const ScopeItem = z
  .object({
    code: z.string().regex(/^[A-Z]\d{4}$/, 'expected the group code and two digits, e.g. H0101'),
    name: z.string().trim().min(1),
    class: z.enum(SCOPE_CLASSES),
    industry: z.string(),
    group: z.string(),
    keywords: z.array(z.string().trim().min(1)).default([]),
  })
  .strict();

export const ScopeCatalogue = z
  .object({
    /** Where the wording comes from and what is unconfirmed, for people reading the file. */
    note: z.string().optional(),
    version: z.string().trim().min(1),
    industries: z.array(Industry).min(1),
    items: z.array(ScopeItem).min(1),
  })
  .strict()
  .superRefine((catalogue, context) => {
    const groups = new Map<string, string>();
    catalogue.industries.forEach((industry, i) => {
      industry.groups.forEach((group, g) => {
        const path = ['industries', i, 'groups', g, 'code'];
        if (!group.code.startsWith(industry.code)) context.addIssue({ code: 'custom', path, message: `expected a code starting with ${industry.code}` });
        if (groups.has(group.code)) context.addIssue({ code: 'custom', path, message: `group ${group.code} is listed twice` });
        groups.set(group.code, industry.code);
      });
    });
    const codes = new Set<string>();
    const names = new Set<string>();
    catalogue.items.forEach((item, i) => {
      const issue = (field: string, message: string) => context.addIssue({ code: 'custom', path: ['items', i, field], message });
      if (codes.has(item.code)) issue('code', `item ${item.code} is listed twice`);
      if (names.has(item.name)) issue('name', `item ${item.name} is listed twice`);
      codes.add(item.code);
      names.add(item.name);
      const industryOfGroup = groups.get(item.group);
      if (industryOfGroup === undefined) issue('group', `unknown group ${item.group}`);
      else if (industryOfGroup !== item.industry) issue('industry', `group ${item.group} belongs to industry ${industryOfGroup}`);
      else if (!item.code.startsWith(item.group)) issue('code', `expected a code starting with its group ${item.group}`);
    });
  });

export type ScopeCatalogue = z.output<typeof ScopeCatalogue>;
export type ScopeItem = z.output<typeof ScopeItem>;
export type Industry = z.output<typeof Industry>;

export interface IndexedScopeItem extends ScopeItem {
  /** Pinyin initials of the name, then of each keyword, lower case: 餐饮服务 → cyfw. */
  initials: readonly string[];
  /** Wordings of the industry in a name for this item, with their pinyin initials (图文设计, twsj). */
  industryTerms: readonly { term: string; initials: string }[];
}

export interface ScopeIndex {
  readonly version: string;
  readonly industries: readonly Industry[];
  readonly items: readonly IndexedScopeItem[];
  readonly byCode: ReadonlyMap<string, IndexedScopeItem>;
}

/**
 * Prepares the catalogue for search. `initialsOf` turns Chinese text into its pinyin
 * initials; it is passed in so that this module needs no pinyin dictionary.
 */
export function indexScopeCatalogue(catalogue: ScopeCatalogue, initialsOf: (text: string) => string): ScopeIndex {
  const items = catalogue.items.map((item) => ({
    ...item,
    initials: [item.name, ...item.keywords].map((text) => initialsOf(text).toLowerCase()),
    industryTerms: industryTermsOf(item).map((term) => ({ term, initials: initialsOf(term).toLowerCase() })),
  }));
  return {
    version: catalogue.version,
    industries: catalogue.industries,
    items,
    byCode: new Map(items.map((item) => [item.code, item])),
  };
}

export interface ScopeQuery {
  /** Chinese text, pinyin initials or the start of a code; empty lists the whole category. */
  text?: string;
  industry?: string;
  group?: string;
  classes?: readonly ScopeClass[];
  limit?: number;
}

/** Best matches first: the name itself, then words in the name, keywords, initials; ties in code order. */
export function searchScope(index: ScopeIndex, query: ScopeQuery): IndexedScopeItem[] {
  const text = normaliseQuery(query.text ?? '');
  const ranked: { item: IndexedScopeItem; rank: number }[] = [];
  for (const item of index.items) {
    if (query.industry !== undefined && item.industry !== query.industry) continue;
    if (query.group !== undefined && item.group !== query.group) continue;
    if (query.classes !== undefined && !query.classes.includes(item.class)) continue;
    const rank = text === '' ? 0 : matchRank(item, text);
    if (rank !== undefined) ranked.push({ item, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || (a.item.code < b.item.code ? -1 : 1));
  const found = ranked.map((entry) => entry.item);
  return query.limit === undefined ? found : found.slice(0, query.limit);
}

// Full-width letters from an IME fold to ASCII; spaces and case do not matter.
function normaliseQuery(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function matchRank(item: IndexedScopeItem, text: string): number | undefined {
  if (item.name === text) return 0;
  if (item.name.startsWith(text) || item.code.toLowerCase().startsWith(text)) return 1;
  if (item.name.includes(text)) return 2;
  if (item.keywords.some((keyword) => keyword.toLowerCase() === text)) return 3;
  if (item.keywords.some((keyword) => keyword.toLowerCase().includes(text))) return 4;
  if (!/^[a-z]+$/.test(text)) return undefined;
  const [nameInitials = '', ...keywordInitials] = item.initials;
  if (nameInitials.startsWith(text)) return 5;
  if (keywordInitials.some((initials) => initials.startsWith(text))) return 6;
  if (nameInitials.includes(text)) return 7;
  return undefined;
}

export interface ScopeCategory {
  code: string;
  name: Industry['name'];
  count: number;
  groups: { code: string; name: Industry['name']; count: number }[];
}

/** The category tree for browsing by touch, with how many items each category holds. */
export function scopeCategories(index: ScopeIndex): ScopeCategory[] {
  const countIn = (field: 'industry' | 'group', code: string) => index.items.filter((item) => item[field] === code).length;
  return index.industries.map((industry) => ({
    code: industry.code,
    name: industry.name,
    count: countIn('industry', industry.code),
    groups: industry.groups.map((group) => ({ code: group.code, name: group.name, count: countIn('group', group.code) })),
  }));
}
