import { describe, expect, it } from 'vitest';
import { licencesToCsv } from '../../../core/registry/grid-export';
import type { Licence } from '../../../core/registry/licences';

const licence: Licence = {
  creditCode: '92440307K7000100XX',
  applicationId: 'a1',
  kioskId: 'LG-PH-01',
  name: '深圳市龙岗区"精锐"图文设计店',
  type: '个体工商户',
  operatorName: '张三',
  operatorIdNumberMasked: '440307********0012',
  compositionForm: '个人经营',
  premisesAddress: '深圳市龙岗区平湖街道新木路42号, 101室',
  houseCode: '4403070030030400042000003',
  gridCode: '44030700300304',
  businessScope: ['图文设计制作'],
  permitScope: [],
  registrationDate: '2026-03-20',
  issuedAt: '2026-03-20T02:00:00.000Z',
  authorityRegion: '440307',
  authorityName: '深圳市市场监督管理局龙岗监管局',
  status: 'active',
  deregisteredAt: null,
  deregistrationDate: null,
};

describe('the grid inspectors\' CSV', () => {
  it('has a header and one quoted-as-needed line per licence, for spreadsheet programs', () => {
    const csv = licencesToCsv([licence, { ...licence, creditCode: '92440307K7000101YY', name: null, status: 'deregistered' }]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '统一社会信用代码,名称,经营者,经营场所,房屋编码,网格,注册日期,状态',
      '92440307K7000100XX,"深圳市龙岗区""精锐""图文设计店",张三,"深圳市龙岗区平湖街道新木路42号, 101室",4403070030030400042000003,44030700300304,2026-03-20,存续',
      '92440307K7000101YY,,张三,"深圳市龙岗区平湖街道新木路42号, 101室",4403070030030400042000003,44030700300304,2026-03-20,已注销',
      '',
    ]);
  });

  it('an export without licences still has its header', () => {
    expect(licencesToCsv([])).toBe('\uFEFF统一社会信用代码,名称,经营者,经营场所,房屋编码,网格,注册日期,状态\r\n');
  });
});
