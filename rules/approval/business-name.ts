// An individual business's name: 行政区划 + 字号 + 行业 + 组织形式, e.g.
// 深圳市龙岗区 + 精锐 + 图文设计 + 店. The same check serves the name builder on screen
// (live, as the applicant types) and the approval rules, so both say the same thing.
import { z } from 'zod';
import type { Language } from '../language';

export const BusinessNameParts = z
  .object({
    /** 行政区划, e.g. 深圳市龙岗区. */
    region: z.string(),
    /** 字号, e.g. 精锐. */
    tradeName: z.string(),
    /** 行业, e.g. 图文设计. */
    industry: z.string(),
    /** 组织形式, e.g. 店. */
    organisationForm: z.string(),
  })
  .strict();
export type BusinessNameParts = z.output<typeof BusinessNameParts>;
export type NamePart = keyof BusinessNameParts;
const PART_ORDER: readonly NamePart[] = ['region', 'tradeName', 'industry', 'organisationForm'];

export const ExistingBusinessName = z
  .object({
    districtCode: z.string().regex(/^\d{6}$/, 'expected a six-digit district code such as 440307'),
    tradeName: z.string().min(1),
    industry: z.string().min(1),
  })
  .strict();
export type ExistingBusinessName = z.output<typeof ExistingBusinessName>;

const word = z.string().trim().min(1);
const lengthRange = z
  .object({ min: z.number().int().positive(), max: z.number().int().positive() })
  .strict()
  .refine((range) => range.min <= range.max, { message: 'expected min not to exceed max', path: ['max'] });

const Place = z.object({ names: z.array(word).min(1), shortNames: z.array(word) }).strict();

/** The word lists and limits a name is checked against (assets/data/name-lists.json). */
export const NameLists = z
  .object({
    note: z.string().optional(),
    version: z.string().trim().min(1),
    /** Words no name may contain, e.g. 中国 国际. */
    forbiddenWords: z.array(word).min(1),
    stateOrgans: z.array(word),
    foreignCountries: z.array(word),
    organisationForms: z.object({ allowed: z.array(word).min(1), forbidden: z.array(word) }).strict(),
    tradeNameLength: lengthRange,
    industryLength: lengthRange,
    /**
     * Per district: the names a business name may start with (深圳市龙岗区). A 字号 may
     * contain none of them, nor be one of the short forms (龙岗).
     */
    regions: z.array(Place.extend({ districtCode: z.string().regex(/^\d{6}$/, 'expected a six-digit district code') }).strict()).min(1),
    /** The province and the city: a 字号 may not use their names either. */
    otherPlaces: z.array(Place),
    /** A 字号 made only of these reads as a number (一二三, 壹贰叁) and is refused. */
    numeralCharacters: word,
  })
  .strict()
  .superRefine((lists, context) => {
    const overlap = lists.organisationForms.allowed.filter((form) => lists.organisationForms.forbidden.includes(form));
    if (overlap.length) {
      context.addIssue({ code: 'custom', path: ['organisationForms', 'forbidden'], message: `listed as both allowed and forbidden: ${overlap.join(', ')}` });
    }
  });
export type NameLists = z.output<typeof NameLists>;

export type BadCharacterKind = 'latin' | 'digit' | 'other';

export type NameProblem =
  | { code: 'empty-part'; part: NamePart }
  | { code: 'bad-character'; part: NamePart; character: string; kind: BadCharacterKind }
  | { code: 'trade-name-length'; length: number; min: number; max: number }
  | { code: 'industry-length'; length: number; min: number; max: number }
  | { code: 'numerals-only'; tradeName: string }
  | { code: 'unknown-region'; region: string }
  | { code: 'region-elsewhere'; region: string; expected: readonly string[] }
  | { code: 'place-name-in-trade-name'; word: string }
  | { code: 'forbidden-word'; word: string }
  | { code: 'state-organ'; word: string }
  | { code: 'foreign-country'; word: string }
  | { code: 'forbidden-organisation-form'; form: string }
  | { code: 'unknown-organisation-form'; form: string; allowed: readonly string[] }
  | { code: 'duplicate'; name: string };

export interface BusinessNameCheck {
  ok: boolean;
  /** The parts joined, as the licence would print them. */
  name: string;
  problems: NameProblem[];
}

export interface NameContext {
  /** The district of the premises: the region part must be one of its names. */
  districtCode?: string;
  /** With districtCode: names already taken in that district, to catch a duplicate live. */
  existingNames?: readonly ExistingBusinessName[];
}

/** Every problem with a name, in the order the applicant fills the parts in. */
export function checkBusinessName(input: BusinessNameParts, lists: NameLists, context: NameContext = {}): BusinessNameCheck {
  const parts = normaliseParts(input);
  const problems: NameProblem[] = [];

  for (const part of PART_ORDER) {
    const text = parts[part];
    if (text === '') {
      problems.push({ code: 'empty-part', part });
      continue;
    }
    const bad = Array.from(text).find((char) => !isHan(char));
    if (bad !== undefined) problems.push({ code: 'bad-character', part, character: bad, kind: badCharacterKind(bad) });
  }

  if (parts.region !== '') problems.push(...regionProblems(parts.region, lists, context.districtCode));
  if (parts.tradeName !== '') problems.push(...tradeNameProblems(parts.tradeName, lists));
  if (parts.industry !== '') {
    const length = Array.from(parts.industry).length;
    const { min, max } = lists.industryLength;
    if (length < min || length > max) problems.push({ code: 'industry-length', length, min, max });
  }
  problems.push(...organisationFormProblems(parts, lists));
  problems.push(...forbiddenWordProblems(parts.tradeName + parts.industry + parts.organisationForm, lists));

  if (context.districtCode !== undefined && context.existingNames) {
    const duplicate = findDuplicateName(parts, context.districtCode, context.existingNames);
    if (duplicate) problems.push({ code: 'duplicate', name: duplicate.tradeName + duplicate.industry });
  }
  return { ok: problems.length === 0, name: composeBusinessName(parts), problems };
}

/** A registered name in the same district with the same 字号 and 行业, if any. */
export function findDuplicateName(
  input: BusinessNameParts,
  districtCode: string,
  existingNames: readonly ExistingBusinessName[],
): ExistingBusinessName | undefined {
  const parts = normaliseParts(input);
  // Registered names were checked (Chinese characters only) when registered, so trimming
  // is all they need; the lists may be long.
  return existingNames.find(
    (existing) => existing.districtCode === districtCode && existing.tradeName.trim() === parts.tradeName && existing.industry.trim() === parts.industry,
  );
}

export function composeBusinessName(parts: BusinessNameParts): string {
  return PART_ORDER.map((part) => normalise(parts[part])).join('');
}

function normaliseParts(parts: BusinessNameParts): BusinessNameParts {
  return {
    region: normalise(parts.region),
    tradeName: normalise(parts.tradeName),
    industry: normalise(parts.industry),
    organisationForm: normalise(parts.organisationForm),
  };
}

// NFKC folds the full-width letters and digits an IME produces, so they are caught as such.
function normalise(text: string): string {
  return text.normalize('NFKC').trim();
}

function isHan(char: string): boolean {
  return /^\p{Script=Han}$/u.test(char);
}

function badCharacterKind(char: string): BadCharacterKind {
  if (/\p{Script=Latin}/u.test(char)) return 'latin';
  if (/\p{Nd}/u.test(char)) return 'digit';
  return 'other';
}

function regionProblems(region: string, lists: NameLists, districtCode: string | undefined): NameProblem[] {
  const named = lists.regions.find((entry) => entry.names.includes(region));
  if (!named) return [{ code: 'unknown-region', region }];
  if (districtCode !== undefined && named.districtCode !== districtCode) {
    const expected = lists.regions.find((entry) => entry.districtCode === districtCode)?.names ?? [];
    return [{ code: 'region-elsewhere', region, expected }];
  }
  return [];
}

function tradeNameProblems(tradeName: string, lists: NameLists): NameProblem[] {
  const problems: NameProblem[] = [];
  const characters = Array.from(tradeName);
  const { min, max } = lists.tradeNameLength;
  if (characters.length < min || characters.length > max) problems.push({ code: 'trade-name-length', length: characters.length, min, max });
  if (characters.every((char) => lists.numeralCharacters.includes(char))) problems.push({ code: 'numerals-only', tradeName });
  // A short form alone (龙岗) is the place; inside a longer 字号 it may mean something else (龙岗 in 卧龙岗).
  const places = [...lists.regions, ...lists.otherPlaces];
  const placeName =
    places.flatMap((place) => place.names).find((name) => tradeName.includes(name)) ??
    places.flatMap((place) => place.shortNames).find((name) => tradeName === name);
  if (placeName !== undefined) problems.push({ code: 'place-name-in-trade-name', word: placeName });
  return problems;
}

function organisationFormProblems(parts: BusinessNameParts, lists: NameLists): NameProblem[] {
  const { allowed, forbidden } = lists.organisationForms;
  // 公司 and the like are refused wherever they appear, not only as the last part.
  const forbiddenForm = forbidden.find((form) => (parts.tradeName + parts.industry + parts.organisationForm).includes(form));
  if (forbiddenForm !== undefined) return [{ code: 'forbidden-organisation-form', form: forbiddenForm }];
  if (parts.organisationForm !== '' && !allowed.includes(parts.organisationForm)) {
    return [{ code: 'unknown-organisation-form', form: parts.organisationForm, allowed }];
  }
  return [];
}

type WordProblem = Extract<NameProblem, { code: 'forbidden-word' | 'state-organ' | 'foreign-country' }>;

function forbiddenWordProblems(body: string, lists: NameLists): WordProblem[] {
  const foundIn = (code: WordProblem['code'], words: readonly string[]): WordProblem[] =>
    words.filter((word) => body.includes(word)).map((word) => ({ code, word }));
  const found = [
    ...foundIn('forbidden-word', lists.forbiddenWords),
    ...foundIn('state-organ', lists.stateOrgans),
    ...foundIn('foreign-country', lists.foreignCountries),
  ];
  // 印度尼西亚 is one country, not also 印度: a word found only inside a longer one is not reported.
  return found.filter((problem) => !found.some((other) => other.word.length > problem.word.length && other.word.includes(problem.word)));
}

// ---- Messages for the applicant ----

const PART_NAMES: Readonly<Record<NamePart, Readonly<Record<Language, string>>>> = {
  region: { 'zh-CN': '行政区划', en: 'administrative division' },
  tradeName: { 'zh-CN': '字号', en: 'trade name (字号)' },
  industry: { 'zh-CN': '行业', en: 'industry' },
  organisationForm: { 'zh-CN': '组织形式', en: 'organisation form' },
};

export function describeNameProblem(problem: NameProblem, lang: Language): string {
  return lang === 'zh-CN' ? describeInChinese(problem) : describeInEnglish(problem);
}

function describeInChinese(problem: NameProblem): string {
  switch (problem.code) {
    case 'empty-part':
      return `请填写名称中的${PART_NAMES[problem.part]['zh-CN']}。`;
    case 'bad-character': {
      const part = PART_NAMES[problem.part]['zh-CN'];
      if (problem.kind === 'latin') return `${part}中的“${problem.character}”是字母：名称只能使用汉字，不能使用字母或拼音。`;
      if (problem.kind === 'digit') return `${part}中的“${problem.character}”是数字：名称只能使用汉字，不能使用数字。`;
      return `${part}中的“${problem.character}”是符号：名称只能使用汉字，不能使用标点、空格或其他符号。`;
    }
    case 'trade-name-length':
      return `字号应为${problem.min}至${problem.max}个汉字，现在是${problem.length}个。`;
    case 'industry-length':
      return `行业表述应为${problem.min}至${problem.max}个汉字，现在是${problem.length}个。`;
    case 'numerals-only':
      return `字号“${problem.tradeName}”只由数字组成，不能使用。`;
    case 'unknown-region':
      return `“${problem.region}”不是可用的行政区划名称，请按经营场所所在区选择，如“深圳市龙岗区”。`;
    case 'region-elsewhere':
      return `行政区划“${problem.region}”与经营场所所在区不一致，应为“${problem.expected.join('”或“')}”。`;
    case 'place-name-in-trade-name':
      return `字号不能使用行政区划名称“${problem.word}”。`;
    case 'forbidden-word':
      return `名称不能含有“${problem.word}”字样。`;
    case 'state-organ':
      return `名称不能含有国家机关或其简称“${problem.word}”。`;
    case 'foreign-country':
      return `名称不能含有外国国家名称“${problem.word}”。`;
    case 'forbidden-organisation-form':
      return `个体工商户名称不能使用“${problem.form}”字样。`;
    case 'unknown-organisation-form':
      return `组织形式“${problem.form}”不可用，请选择：${problem.allowed.join('、')}。`;
    case 'duplicate':
      return `本区同行业已有“${problem.name}”，请换一个字号。`;
  }
}

function describeInEnglish(problem: NameProblem): string {
  switch (problem.code) {
    case 'empty-part':
      return `Please fill in the ${PART_NAMES[problem.part].en} of the name.`;
    case 'bad-character': {
      const part = PART_NAMES[problem.part].en;
      if (problem.kind === 'latin') return `The ${part} contains the letter "${problem.character}": a name uses Chinese characters only, no Latin letters or pinyin.`;
      if (problem.kind === 'digit') return `The ${part} contains the digit "${problem.character}": a name uses Chinese characters only, no digits.`;
      return `The ${part} contains the symbol "${problem.character}": a name uses Chinese characters only, no punctuation, spaces or other symbols.`;
    }
    case 'trade-name-length':
      return `The trade name (字号) must have ${problem.min} to ${problem.max} Chinese characters; it has ${problem.length}.`;
    case 'industry-length':
      return `The industry must be described in ${problem.min} to ${problem.max} Chinese characters; it has ${problem.length}.`;
    case 'numerals-only':
      return `The trade name "${problem.tradeName}" is only a number and cannot be used.`;
    case 'unknown-region':
      return `"${problem.region}" is not an administrative division a name can start with. Choose the district of the premises, e.g. 深圳市龙岗区.`;
    case 'region-elsewhere':
      return `The administrative division "${problem.region}" is not the district of the premises; it should be "${problem.expected.join('" or "')}".`;
    case 'place-name-in-trade-name':
      return `The trade name may not use the place name "${problem.word}".`;
    case 'forbidden-word':
      return `A name may not contain "${problem.word}".`;
    case 'state-organ':
      return `A name may not contain the name of a state organ, "${problem.word}".`;
    case 'foreign-country':
      return `A name may not contain the name of a foreign country, "${problem.word}".`;
    case 'forbidden-organisation-form':
      return `An individual business may not call itself "${problem.form}".`;
    case 'unknown-organisation-form':
      return `"${problem.form}" is not an organisation form an individual business can use; choose one of ${problem.allowed.join(', ')}.`;
    case 'duplicate':
      return `"${problem.name}" is already registered in this district and trade. Please choose another trade name.`;
  }
}
