import { describe, expect, it } from 'vitest';
import { approvalBasis, loadShippedRuleSet } from '../../../core/approval/approval-data';
import { formValidator } from '../../../core/session/form-validation';

const validate = formValidator(approvalBasis(loadShippedRuleSet('registration')), '440307');
const NAME = { region: '深圳市龙岗区', tradeName: '精锐', industry: '图文设计', organisationForm: '店' };

describe('live validation of the registration form', () => {
  it('finds nothing wrong with a complete form', () => {
    expect(validate({ name: NAME, scope: ['M0305'], compositionForm: '个人经营', phone: '138 0013 8000' })).toEqual([]);
  });

  it('says in both languages what is wrong, one problem per field', () => {
    const problems = validate({ name: { ...NAME, tradeName: '中国' }, scope: [], compositionForm: '个人经营', phone: '12345' });
    expect(problems.map((p) => p.field)).toEqual(['scope', 'name', 'phone']);
    const name = problems.find((p) => p.field === 'name');
    expect(name?.message['zh-CN']).toContain('中国');
    expect(name?.message.en).toMatch(/中国/);
    expect(problems.find((p) => p.field === 'phone')?.message['zh-CN']).toContain('12345');
  });

  it('asks on the form for a general item when only permit-after items are chosen', () => {
    const problems = validate({ name: NAME, scope: ['H0101'], compositionForm: '个人经营', phone: '13800138000' });
    expect(problems).toEqual([{ code: 'scope-has-general-item', field: 'scope', message: expect.objectContaining({ 'zh-CN': expect.stringContaining('一般经营项目') }) }]);
    expect(validate({ name: NAME, scope: ['H0101', 'M0305'], compositionForm: '个人经营', phone: '13800138000' })).toEqual([]);
  });

  it('accepts a business without a name', () => {
    expect(validate({ name: null, scope: ['M0305'], compositionForm: '家庭经营', phone: '13800138000' })).toEqual([]);
  });
});
