// Texts the applicant reads, in every language the kiosk speaks, with {placeholders}
// that a rule fills from its parameters and from what its check found.
import { z } from 'zod';
import type { Language } from '../language';

export type LocalizedText = Readonly<Record<Language, string>>;

export const LocalizedTextSchema = z
  .object({
    'zh-CN': z.string().trim().min(1, 'expected the Chinese text'),
    en: z.string().trim().min(1, 'expected the English text'),
  })
  .strict();

/** A value for a placeholder: the same in every language, or one per language. */
export type TemplateValue = string | number | readonly string[] | LocalizedText;
export type TemplateValues = Readonly<Record<string, TemplateValue>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

export function placeholdersIn(text: LocalizedText): string[] {
  return [...new Set([...text['zh-CN'].matchAll(PLACEHOLDER), ...text.en.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/** Replaces each {name} by its value; a placeholder without a value is left as written. */
export function fillTemplate(text: LocalizedText, values: TemplateValues): LocalizedText {
  const fill = (language: Language) =>
    text[language].replace(PLACEHOLDER, (whole, name: string) => {
      const value = values[name];
      return value === undefined ? whole : renderValue(value, language);
    });
  return { 'zh-CN': fill('zh-CN'), en: fill('en') };
}

function renderValue(value: TemplateValue, language: Language): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (isStringList(value)) return listIn(value, language);
  return value[language];
}

function isStringList(value: TemplateValue): value is readonly string[] {
  return Array.isArray(value);
}

function listIn(items: readonly string[], language: Language): string {
  return items.join(language === 'zh-CN' ? '、' : ', ');
}

/** Joins localized sentences or phrases: Chinese without spaces, English with one. */
export function joinLocalized(parts: readonly LocalizedText[], separator: LocalizedText = { 'zh-CN': '', en: ' ' }): LocalizedText {
  return {
    'zh-CN': parts.map((part) => part['zh-CN']).join(separator['zh-CN']),
    en: parts.map((part) => part.en).join(separator.en),
  };
}

/** One text per language from a describer such as describeIdProblem. */
export function inEveryLanguage(describe: (language: Language) => string): LocalizedText {
  return { 'zh-CN': describe('zh-CN'), en: describe('en') };
}
