import { describe, expect, it } from 'vitest';
import { loadScopeCatalogue } from '../../../core/approval/approval-data';
import { CatalogueService } from '../../../core/catalogue/catalogue-service';
import { industryTermsOf } from '../../../rules/approval/industry-terms';

describe('industry wordings offered for a scope item', () => {
  it('takes the trade from the standard wording, without how it is carried on', () => {
    expect(industryTermsOf({ name: '图文设计制作', keywords: ['图文', '设计', '制作', '名片'] })).toEqual(['图文设计', '图文设计制作', '图文', '设计', '名片']);
    expect(industryTermsOf({ name: '理发服务', keywords: ['理发', '剪发', '发廊'] })).toEqual(['理发', '理发服务', '剪发']);
  });

  it('leaves out remarks in brackets, kinds of shop and words that say nothing of the trade', () => {
    const terms = industryTermsOf({ name: '餐饮服务（不产生油烟、异味、废气）', keywords: ['饭店', '餐馆', '奶茶', '批发', 'KTV'] });
    expect(terms).toEqual(['餐饮', '餐饮服务', '奶茶']);
  });

  it('gives every offered catalogue item at least one wording, each a valid industry of 2-12 characters, with its initials', () => {
    const catalogue = new CatalogueService(loadScopeCatalogue().value);
    const items = catalogue.industries().flatMap((i) => catalogue.search({ industry: i.code }));
    expect(items.length).toBeGreaterThan(50);
    for (const item of items) {
      expect(item.industryTerms.length, item.name).toBeGreaterThan(0);
      for (const { term } of item.industryTerms) expect(Array.from(term).length).toBeGreaterThanOrEqual(2);
    }
    const design = catalogue.search({ text: 'M0305' })[0];
    expect(design?.industryTerms[0]).toEqual({ term: '图文设计', initials: 'twsj' });
  });
});
