/**
 * The web app's two languages. A text is a pair { 'zh-CN', en }, so a page keeps its
 * own words beside its code (no shared table to collide in) and a missing translation
 * is a type error. The shell's own words are in SHELL_TEXT.
 */
import { createContext, useContext } from 'react';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Text = Record<Language, string>;

export const LanguageContext = createContext<Language>('zh-CN');

/** The language chosen in the header's switch. */
export function useLanguage(): Language {
  return useContext(LanguageContext);
}

/** `t(text)` in the chosen language; `{name}` placeholders filled from `values`. */
export function useT(): (text: Text, values?: Record<string, string | number>) => string {
  const language = useLanguage();
  return (text, values = {}) => text[language].replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

const STORAGE_KEY = 'miaopi-centre-language';

export function storedLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'zh-CN';
}

export function storeLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
}

export const SHELL_TEXT = {
  appName: { 'zh-CN': '秒批 · 登记中心', en: 'Miaopi · Registration centre' },
  skipToContent: { 'zh-CN': '跳到正文', en: 'Skip to content' },
  navigation: { 'zh-CN': '页面导航', en: 'Pages' },
  switchLanguage: { 'zh-CN': 'English', en: '中文' },
  switchLanguageLabel: { 'zh-CN': 'Switch to English', en: '切换为中文' },
  signedInAs: { 'zh-CN': '{name}（{role}）', en: '{name} ({role})' },
  signOut: { 'zh-CN': '退出登录', en: 'Sign out' },
  loading: { 'zh-CN': '正在加载…', en: 'Loading…' },
  loadFailed: { 'zh-CN': '页面未能加载，请刷新重试', en: 'The page could not be loaded: reload to try again' },
  forbidden: { 'zh-CN': '您的岗位无权查看此页面', en: 'Your role may not see this page' },
  notFound: { 'zh-CN': '没有这个页面', en: 'There is no such page' },
  backHome: { 'zh-CN': '返回首页', en: 'Back to the start page' },
  role: {
    technician: { 'zh-CN': '运维技术员', en: 'technician' },
    inspector: { 'zh-CN': '网格员', en: 'grid inspector' },
    supervisor: { 'zh-CN': '主管', en: 'supervisor' },
    admin: { 'zh-CN': '管理员', en: 'administrator' },
  },
} satisfies Record<string, Text | Record<string, Text>>;
