import { describe, expect, it } from 'vitest';
import { loadNameLists } from '../../../core/approval/approval-data';
import { checkBusinessName, composeBusinessName, describeNameProblem, NameLists, type BusinessNameParts } from '../../../rules/approval/business-name';

const lists = loadNameLists().value;
const GOOD: BusinessNameParts = { region: '深圳市龙岗区', tradeName: '精锐', industry: '图文设计', organisationForm: '店' };

function problems(change: Partial<BusinessNameParts>, context = {}) {
  return checkBusinessName({ ...GOOD, ...change }, lists, context).problems;
}

describe('checkBusinessName', () => {
  it('accepts a well-formed name and composes it', () => {
    expect(checkBusinessName(GOOD, lists, { districtCode: '440307' })).toEqual({ ok: true, name: '深圳市龙岗区精锐图文设计店', problems: [] });
    expect(composeBusinessName({ ...GOOD, tradeName: ' 精锐 ' })).toBe('深圳市龙岗区精锐图文设计店');
  });

  it.each(['店', '厂', '馆', '部', '行', '中心', '工作室', '坊'])('accepts the organisation form %s', (form) => {
    expect(problems({ organisationForm: form })).toEqual([]);
  });

  it.each([
    ['公司', '公司'],
    ['有限公司', '有限公司'],
    ['企业', '企业'],
    ['农民专业合作社', '农民专业合作社'],
  ])('refuses the organisation form %s', (form, reported) => {
    expect(problems({ organisationForm: form })).toEqual([{ code: 'forbidden-organisation-form', form: reported }]);
  });

  it('refuses 公司 hidden in the industry, and a form that is not on the list', () => {
    expect(problems({ industry: '科技公司', organisationForm: '店' })).toEqual([{ code: 'forbidden-organisation-form', form: '公司' }]);
    expect(problems({ organisationForm: '大厦' })).toEqual([{ code: 'unknown-organisation-form', form: '大厦', allowed: lists.organisationForms.allowed }]);
  });

  it.each(['中国', '中华', '全国', '国家', '国际'])('refuses the forbidden word %s', (word) => {
    expect(problems({ tradeName: word })).toContainEqual({ code: 'forbidden-word', word });
  });

  it('refuses names of state organs and foreign countries, a country once even inside a longer one', () => {
    expect(problems({ industry: '公安局服务' })).toContainEqual({ code: 'state-organ', word: '公安局' });
    expect(problems({ tradeName: '美国' })).toEqual([{ code: 'foreign-country', word: '美国' }]);
    expect(problems({ industry: '印度尼西亚餐饮' })).toEqual([{ code: 'foreign-country', word: '印度尼西亚' }]);
  });

  it('keeps 朝鲜族 and 内蒙古 usable: only the full country names are listed', () => {
    expect(problems({ tradeName: '朝鲜族' })).toEqual([]);
    expect(problems({ industry: '内蒙古烤肉' })).toEqual([]);
  });

  it('refuses Latin letters, pinyin, digits (also full-width) and punctuation, naming the part', () => {
    expect(problems({ tradeName: 'Jr' })).toEqual([{ code: 'bad-character', part: 'tradeName', character: 'J', kind: 'latin' }]);
    expect(problems({ tradeName: 'jīng锐' })).toContainEqual({ code: 'bad-character', part: 'tradeName', character: 'j', kind: 'latin' });
    expect(problems({ tradeName: '精锐８' })).toContainEqual({ code: 'bad-character', part: 'tradeName', character: '8', kind: 'digit' });
    expect(problems({ industry: '图文·设计' })).toEqual([{ code: 'bad-character', part: 'industry', character: '·', kind: 'other' }]);
    expect(problems({ tradeName: '精 锐' })).toContainEqual({ code: 'bad-character', part: 'tradeName', character: ' ', kind: 'other' });
  });

  it('keeps the 字号 to 2-4 characters and refuses one that is only a number', () => {
    expect(problems({ tradeName: '精' })).toEqual([{ code: 'trade-name-length', length: 1, min: 2, max: 4 }]);
    expect(problems({ tradeName: '精锐图文快印' })).toEqual([{ code: 'trade-name-length', length: 6, min: 2, max: 4 }]);
    expect(problems({ tradeName: '精锐快印' })).toEqual([]);
    expect(problems({ tradeName: '一二三' })).toEqual([{ code: 'numerals-only', tradeName: '一二三' }]);
    expect(problems({ tradeName: '壹贰' })).toEqual([{ code: 'numerals-only', tradeName: '壹贰' }]);
    expect(problems({ tradeName: '三和' })).toEqual([]);
  });

  it('refuses a place name as the 字号 but not a word that merely contains a short form', () => {
    expect(problems({ tradeName: '龙岗' })).toEqual([{ code: 'place-name-in-trade-name', word: '龙岗' }]);
    expect(problems({ tradeName: '深圳市' })).toEqual([{ code: 'place-name-in-trade-name', word: '深圳市' }]);
    expect(problems({ tradeName: '卧龙岗' })).toEqual([]);
  });

  it('requires a known region, and with a district that district’s name', () => {
    expect(problems({ region: '北京市' })).toEqual([{ code: 'unknown-region', region: '北京市' }]);
    expect(problems({ region: '深圳市福田区' })).toEqual([]);
    expect(problems({ region: '深圳市福田区' }, { districtCode: '440307' })).toEqual([{ code: 'region-elsewhere', region: '深圳市福田区', expected: ['深圳市龙岗区'] }]);
  });

  it('asks for every missing part', () => {
    expect(problems({ tradeName: '', industry: '  ' }).map((p) => p.code)).toEqual(['empty-part', 'empty-part']);
  });

  it('reports a duplicate live when given the names taken in the district', () => {
    const existingNames = [{ districtCode: '440307', tradeName: '精锐', industry: '图文设计' }];
    expect(problems({}, { districtCode: '440307', existingNames })).toEqual([{ code: 'duplicate', name: '精锐图文设计' }]);
    expect(problems({}, { districtCode: '440304', existingNames: existingNames.map((n) => ({ ...n, districtCode: '440304' })) })).toEqual([
      { code: 'region-elsewhere', region: '深圳市龙岗区', expected: ['深圳市福田区'] },
      { code: 'duplicate', name: '精锐图文设计' },
    ]);
    expect(problems({ industry: '餐饮' }, { districtCode: '440307', existingNames })).toEqual([]);
  });

  it('describes every problem in both languages, naming what was wrong', () => {
    const all = [
      ...problems({ tradeName: 'A', industry: '国际公司', organisationForm: '' }),
      ...problems({ region: '深圳市福田区', tradeName: '龙岗' }, { districtCode: '440307' }),
    ];
    expect(all.length).toBeGreaterThan(4);
    for (const problem of all) {
      for (const language of ['zh-CN', 'en'] as const) expect(describeNameProblem(problem, language)).toMatch(/\S{4}/);
    }
    expect(describeNameProblem({ code: 'forbidden-word', word: '国际' }, 'zh-CN')).toBe('名称不能含有“国际”字样。');
    expect(describeNameProblem({ code: 'trade-name-length', length: 5, min: 2, max: 4 }, 'en')).toBe('The trade name (字号) must have 2 to 4 Chinese characters; it has 5.');
  });
});

describe('name lists', () => {
  it('refuse a form listed as both allowed and forbidden', () => {
    const result = NameLists.safeParse({ ...lists, organisationForms: { allowed: ['店', '公司'], forbidden: ['公司'] } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['organisationForms', 'forbidden']);
  });
});
