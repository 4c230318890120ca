import { describe, expect, it } from 'vitest';
import { describeAddressProblem } from '../../../core/address/address-messages';
import { describeHouseCodeProblem } from '../../../rules/house-code';

const CODE = '4403070030030400042000999';

describe('reasons a house code gives no address', () => {
  it('tells a missing room of a known building apart from an unknown code, in both languages', () => {
    const room = describeAddressProblem({ code: 'not-found', houseCode: CODE, buildingKnown: true }, 'zh-CN');
    expect(room).toContain('4403070030030400042');
    expect(room).toContain('000999');
    expect(room).toContain('最后6位');
    const unknown = describeAddressProblem({ code: 'not-found', houseCode: CODE, buildingKnown: false }, 'zh-CN');
    expect(unknown).toContain(CODE);
    expect(unknown).toContain('人工窗口');
    expect(describeAddressProblem({ code: 'not-found', houseCode: CODE, buildingKnown: true }, 'en')).toMatch(/no room 000999/);
    expect(describeAddressProblem({ code: 'not-found', houseCode: CODE, buildingKnown: false }, 'en')).toMatch(/not in the address database/);
  });

  it('uses the house-code wording for a malformed code', () => {
    const problem = { code: 'wrong-length', expectedLength: 25, actualLength: 24 } as const;
    expect(describeAddressProblem(problem, 'zh-CN')).toBe(describeHouseCodeProblem(problem, 'zh-CN'));
    expect(describeAddressProblem(problem, 'en')).toBe(describeHouseCodeProblem(problem, 'en'));
  });
});
