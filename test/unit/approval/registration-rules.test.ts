import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../../../rules/id-number';
import { decideRegistration, failedRules, resultOf, type RegistrationInput } from './fixtures';

/** A valid ID number for a birth date (YYYYMMDD), in Longgang. */
function idNumberBornOn(birth: string, sequence = '001'): string {
  const first17 = `440307${birth}${sequence}`;
  return first17 + idCheckCharacter(first17);
}

function bornOn(birth: string) {
  return (f: RegistrationInput) => {
    f.applicant.birthDate = birth;
    f.applicant.idNumber = idNumberBornOn(birth);
  };
}

interface FailingCase {
  rule: string;
  alter: (facts: RegistrationInput) => void;
  effect: 'reject' | 'refer';
  /** Fragments the Chinese and English reasons contain. */
  says: [string, string];
  /** Other rules that fail with the same alteration. */
  alsoFails?: string[];
}

const failing: Record<string, FailingCase> = {
  'a 17-year-old': { rule: 'adult', alter: bornOn('20060602'), effect: 'reject', says: ['您现在17周岁', 'you are 17'] },
  'an ID number that does not add up': {
    rule: 'id-number-valid',
    alter: (f) => (f.applicant.idNumber = '340524198001010013'),
    effect: 'reject',
    says: ['校验不通过', 'does not add up'],
  },
  'an ID number whose birth date is not the card’s': {
    rule: 'id-number-valid',
    alter: (f) => (f.applicant.birthDate = '19800102'),
    effect: 'reject',
    says: ['出生日期不一致', 'differs from the birth date on the card'],
  },
  'an expired card': {
    rule: 'id-card-in-date',
    alter: (f) => (f.applicant.validTo = '20240531'),
    effect: 'reject',
    says: ['身份证已过有效期', 'has expired'],
  },
  'a card not valid yet': {
    rule: 'id-card-in-date',
    alter: (f) => (f.applicant.validFrom = '20240602'),
    effect: 'reject',
    says: ['尚未生效', 'not valid yet'],
  },
  'a face that did not match': {
    rule: 'face-matched',
    alter: (f) => Object.assign(f.face, { matched: false, distance: 0.7 }),
    effect: 'refer',
    says: ['差异0.70', 'distance 0.70'],
  },
  'a face matched by a looser kiosk threshold than the rule set allows': {
    rule: 'face-matched',
    alter: (f) => Object.assign(f.face, { matched: true, distance: 0.59, threshold: 0.6 }),
    effect: 'refer',
    says: ['上限0.57', 'limit 0.57'],
  },
  'a failed liveness check': { rule: 'liveness', alter: (f) => (f.face.livenessPassed = false), effect: 'refer', says: ['活体检测未通过', 'liveness check did not pass'] },
  'a house code the address base lacks': {
    rule: 'address-exists',
    alter: (f) => (f.address = { houseCode: f.address.houseCode, exists: false, flagged: false }),
    effect: 'reject',
    says: ['没有房屋编码4403070030030400042000003', 'has no house code 4403070030030400042000003'],
    alsoFails: ['address-usage'],
  },
  'a flat recorded as a home': { rule: 'address-usage', alter: (f) => (f.address.usage = '住宅'), effect: 'reject', says: ['登记用途为“住宅”', 'use as "住宅"'] },
  'a demolished building': { rule: 'address-not-demolished', alter: (f) => (f.address.status = 'demolished'), effect: 'reject', says: ['已拆除', 'demolished'] },
  'premises the grid inspectors flagged': { rule: 'address-not-flagged', alter: (f) => (f.address.flagged = true), effect: 'refer', says: ['网格员标记', 'grid inspectors'] },
  'premises already at the limit': {
    rule: 'businesses-per-address',
    alter: (f) => (f.lists.activeBusinessesAtAddress = 1),
    effect: 'refer',
    says: ['已有1户', '1 active business(es)'],
  },
  'no scope chosen': { rule: 'scope-chosen', alter: (f) => (f.form.scope = []), effect: 'reject', says: ['至少选择一项', 'at least one'] },
  'only permit-after scope items': {
    rule: 'scope-has-general-item',
    alter: (f) => (f.form.scope = ['H0101']),
    effect: 'reject',
    says: ['一般经营项目', 'general item'],
  },
  'a scope code outside the catalogue': {
    rule: 'scope-in-catalogue',
    alter: (f) => f.form.scope.push('Z9999'),
    effect: 'reject',
    says: ['目录以外的项目：Z9999', 'not in the catalogue: Z9999'],
  },
  'a scope item that needs a permit first': {
    rule: 'scope-without-prior-permit',
    alter: (f) => f.form.scope.push('R0317'),
    effect: 'refer',
    says: ['营业性射击场经营（R0317）', '营业性射击场经营（R0317）'],
  },
  'a name with Latin letters': {
    rule: 'name-well-formed',
    alter: (f) => f.form.name && (f.form.name.tradeName = 'JR'),
    effect: 'reject',
    says: ['字号中的“J”是字母', 'contains the letter "J"'],
  },
  'a name calling itself a company': {
    rule: 'name-well-formed',
    alter: (f) => f.form.name && (f.form.name.organisationForm = '公司'),
    effect: 'reject',
    says: ['不能使用“公司”', 'may not call itself "公司"'],
  },
  'a name already taken in the district and trade': {
    rule: 'name-unique',
    alter: (f) => f.lists.existingNames.push({ districtCode: '440307', tradeName: '精锐', industry: '图文设计' }),
    effect: 'reject',
    says: ['深圳市龙岗区精锐图文设计店', '深圳市龙岗区精锐图文设计店'],
  },
  'a phone number that is not a mobile number': { rule: 'phone', alter: (f) => (f.form.phone = '0755 1234'), effect: 'reject', says: ['0755 1234', 'not a valid 11-digit'] },
  'an applicant on the restricted list': {
    rule: 'not-restricted',
    alter: (f) => f.lists.restrictedIdNumbers.push('34052419800101001x'),
    effect: 'reject',
    says: ['限制登记名单', 'barred from registering'],
  },
};

describe('registration rules', () => {
  it('approve the example application, every rule passing with its title', () => {
    const decision = decideRegistration();
    expect(decision.outcome).toBe('approve');
    expect(failedRules(decision)).toEqual([]);
    expect(resultOf(decision, 'adult')).toEqual({
      id: 'adult',
      check: 'minimumAge',
      passed: true,
      effect: null,
      message: { 'zh-CN': '申请人年满18周岁', en: 'The applicant is at least 18 years old' },
    });
    expect(decision.results).toHaveLength(18);
  });

  it.each(Object.entries(failing))('fail on %s', (_name, c) => {
    const decision = decideRegistration(c.alter);
    expect(failedRules(decision).sort()).toEqual([c.rule, ...(c.alsoFails ?? [])].sort());
    const result = resultOf(decision, c.rule);
    expect(result).toMatchObject({ passed: false, effect: c.effect });
    expect(result.message['zh-CN']).toContain(c.says[0]);
    expect(result.message.en).toContain(c.says[1]);
    expect(decision.outcome).toBe(c.effect);
  });

  describe('pass at the edges', () => {
    const passes = (alter: (f: RegistrationInput) => void) => expect(failedRules(decideRegistration(alter))).toEqual([]);

    it('an applicant turning 18 today', () => passes(bornOn('20060601')));
    it('a card on its last valid day, and a 长期 card', () => {
      passes((f) => (f.applicant.validTo = '20240601'));
      passes((f) => (f.applicant.validTo = '长期'));
    });
    it('an ID number typed with a lower-case x and spaces', () => passes((f) => (f.applicant.idNumber = '340524 19800101 001x')));
    it('a face exactly at the limit', () => passes((f) => Object.assign(f.face, { distance: 0.45, threshold: 0.45 })));
    it('premises recorded for offices or mixed use', () => {
      passes((f) => (f.address.usage = '办公'));
      passes((f) => (f.address.usage = '商住'));
    });
    it('scope items whose permit comes after registration', () => passes((f) => (f.form.scope = ['M0305', 'H0101', 'H0102'])));
    it('scope codes typed in lower case or twice', () => passes((f) => (f.form.scope = ['m0305', 'M0305'])));
    it('a business without a name (both name rules pass)', () => {
      const decision = decideRegistration((f) => (f.form.name = null));
      expect(decision.outcome).toBe('approve');
      expect(resultOf(decision, 'name-well-formed').message['zh-CN']).toContain('不使用名称');
    });
    it('the same trade name in another trade or another district', () => {
      passes((f) => f.lists.existingNames.push({ districtCode: '440307', tradeName: '精锐', industry: '餐饮' }));
      passes((f) => f.lists.existingNames.push({ districtCode: '440304', tradeName: '精锐', industry: '图文设计' }));
    });
    it('a mobile number typed with hyphens or full-width digits', () => {
      passes((f) => (f.form.phone = '138-0013-8000'));
      passes((f) => (f.form.phone = '１３８００１３８０００'));
    });
    it('a restricted list naming other people', () => passes((f) => f.lists.restrictedIdNumbers.push(idNumberBornOn('19900101'))));
    it('premises below the per-address limit', () => passes((f) => (f.lists.activeBusinessesAtAddress = 0)));
  });

  it('a rejection outweighs referrals, and every rule still reports', () => {
    const decision = decideRegistration((f) => {
      f.face.livenessPassed = false;
      f.form.scope.push('R0317');
      f.form.phone = '';
    });
    expect(decision.outcome).toBe('reject');
    expect(failedRules(decision).sort()).toEqual(['liveness', 'phone', 'scope-without-prior-permit']);
    expect(decision.results).toHaveLength(18);
  });

  it('the name region must be the district of the premises', () => {
    const decision = decideRegistration((f) => f.form.name && (f.form.name.region = '深圳市福田区'));
    expect(resultOf(decision, 'name-well-formed').message['zh-CN']).toContain('应为“深圳市龙岗区”');
  });
});
