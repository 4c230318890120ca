import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScopeCatalogue, shippedFile } from '../../../core/approval/approval-data';
import { DataFileError } from '../../../core/approval/data-file';
import { pinyinInitials } from '../../../core/approval/pinyin-initials';
import { scopeCategories, searchScope, type ScopeQuery } from '../../../rules/approval/scope-catalogue';

const index = loadScopeCatalogue().value;
const names = (query: ScopeQuery) => searchScope(index, query).map((item) => item.name);

describe('the shipped scope catalogue', () => {
  it('covers the four pilot trades with a few hundred items of every class', () => {
    expect(index.items.length).toBeGreaterThanOrEqual(300);
    expect(index.industries.map((i) => i.name['zh-CN'])).toEqual(['餐饮', '文体娱乐', '生活服务', '咨询设计']);
    for (const industry of index.industries) expect(index.items.filter((item) => item.industry === industry.code).length).toBeGreaterThanOrEqual(50);
    const classes = new Set(index.items.map((item) => item.class));
    expect([...classes].sort()).toEqual(['general', 'permit-after', 'permit-before']);
  });

  it('gives each item its pinyin initials, computed at load', () => {
    expect(index.byCode.get('H0101')?.initials[0]).toBe('cyfw');
    expect(pinyinInitials('歌舞娱乐活动')).toBe('gwylhd');
    expect(pinyinInitials('KTV')).toBe('ktv');
  });
});

describe('searchScope', () => {
  it('finds by Chinese text, the exact name first, then names starting with it', () => {
    expect(names({ text: '餐饮服务' })).toEqual(['餐饮服务', '餐饮服务（不产生油烟、异味、废气）', '餐饮服务（仅限现场制售饮品）']);
    expect(names({ text: '理发' })).toEqual(['理发服务']);
  });

  it('finds by keyword: what people call the business', () => {
    expect(names({ text: '奶茶' })).toEqual(expect.arrayContaining(['餐饮服务', '小餐饮', '餐饮服务（仅限现场制售饮品）']));
    expect(names({ text: '剧本杀' })).toEqual(['剧本娱乐活动']);
    expect(names({ text: 'ktv' })).toContain('歌舞娱乐活动');
  });

  it('finds by pinyin initials, typed in any case or full-width', () => {
    expect(names({ text: 'cyfw' })[0]).toBe('餐饮服务');
    expect(names({ text: 'LFFW' })[0]).toBe('理发服务');
    expect(names({ text: 'ｌｆｆｗ' })[0]).toBe('理发服务');
    expect(names({ text: 'pmsj' })).toContain('平面设计');
  });

  it('finds by the start of a code', () => {
    expect(names({ text: 'm0305' })).toEqual(['图文设计制作']);
  });

  it('lists a category, and narrows a search to it', () => {
    const design = searchScope(index, { group: 'M03' });
    expect(design.length).toBeGreaterThan(10);
    expect(design.every((item) => item.group === 'M03')).toBe(true);
    expect(design.map((item) => item.code)).toEqual([...design.map((item) => item.code)].sort());
    expect(names({ text: '设计', industry: 'M' }).every((name) => index.items.find((i) => i.name === name)?.industry === 'M')).toBe(true);
    expect(names({ text: '设计', industry: 'H' })).toEqual([]);
  });

  it('filters by class, e.g. to what a kiosk may approve', () => {
    const approvable = searchScope(index, { classes: ['general', 'permit-after'] });
    expect(approvable.some((item) => item.class === 'permit-before')).toBe(false);
    expect(searchScope(index, { classes: ['permit-before'] }).map((item) => item.name)).toContain('营业性射击场经营');
  });

  it('finds nothing for text that matches no item, and honours the limit', () => {
    expect(names({ text: '量子计算' })).toEqual([]);
    expect(names({ text: 'xyzq' })).toEqual([]);
    expect(searchScope(index, { text: '销售', limit: 5 })).toHaveLength(5);
  });

  it('gives the category tree with counts for browsing', () => {
    const categories = scopeCategories(index);
    expect(categories).toHaveLength(4);
    const total = categories.reduce((sum, c) => sum + c.count, 0);
    expect(total).toBe(index.items.length);
    for (const category of categories) expect(category.groups.reduce((sum, g) => sum + g.count, 0)).toBe(category.count);
  });
});

describe('catalogue file validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalogue-'));
  const shipped = JSON.parse(readFileSync(shippedFile('catalogue'), 'utf8')) as { items: Record<string, unknown>[] };
  let written = 0;

  function problemsWith(items: Record<string, unknown>[]): { field: string; message: string }[] {
    const file = join(dir, `catalogue-${(written += 1)}.json`);
    writeFileSync(file, JSON.stringify({ ...shipped, items }));
    try {
      loadScopeCatalogue(file);
    } catch (error) {
      expect(error).toBeInstanceOf(DataFileError);
      return [...(error as DataFileError).problems];
    }
    throw new Error('loaded');
  }

  it('names a duplicate code, an unknown class, and an item filed under another industry', () => {
    const [first, second, ...rest] = shipped.items;
    expect(problemsWith([first!, { ...second!, code: first!.code }, ...rest])).toEqual([{ field: 'items.1.code', message: expect.stringContaining('twice') }]);
    expect(problemsWith([{ ...first!, class: 'permit' }, second!, ...rest])[0]?.field).toBe('items.0.class');
    expect(problemsWith([{ ...first!, industry: 'R' }, second!, ...rest])).toEqual([{ field: 'items.0.industry', message: expect.stringContaining('belongs to industry H') }]);
  });
});
