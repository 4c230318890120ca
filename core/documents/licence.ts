/**
 * The licence as it is printed (个体工商户营业执照, 2019 format) and the deregistration
 * notice (准予注销登记通知书): every field on the paper, validated. Field names follow the
 * registry's (core/registry/licences.ts) where they mean the same thing.
 */
import { z } from 'zod';
import { COMPOSITION_FORMS } from '../../rules/approval/facts';
import { parseIsoDate } from '../../rules/calendar-date';
import { composeCreditCode, validateCreditCode } from '../../rules/credit-code';

export const LICENCE_TYPE = '个体工商户';

const isoDate = z.string().refine((text) => parseIsoDate(text) !== undefined, 'expected a real date written YYYY-MM-DD');
const creditCode = z.string().refine((text) => {
  const checked = validateCreditCode(text);
  return checked.ok && checked.code === text;
}, 'expected a valid unified social credit code in capitals, without spaces');
const text = z.string().trim().min(1);
const kioskId = z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, 'expected the kiosk id, e.g. LG-PH-01');

export const Licence = z
  .object({
    /** 统一社会信用代码 */
    creditCode,
    /** 名称: an individual business may have none (null). */
    name: text.nullable(),
    /** 类型 */
    type: z.literal(LICENCE_TYPE).default(LICENCE_TYPE),
    /** 经营者 */
    operatorName: text,
    /** 组成形式 */
    compositionForm: z.enum(COMPOSITION_FORMS),
    /** 经营场所, the address the house code resolved to. */
    premisesAddress: text,
    /** The 25-digit house code of the premises: what the grid inspectors trace the licence by. */
    houseCode: z.string().regex(/^\d{25}$/, 'expected the 25-digit house code'),
    /** 经营范围: the catalogue wording of each general item (一般经营项目), in order. */
    businessScope: z.array(text).min(1, 'expected at least one business-scope item'),
    /** Items that need a permit after registration (许可经营项目), if any. */
    permitScope: z.array(text).default([]),
    /** 注册日期 */
    registrationDate: isoDate,
    /** 登记机关, as on its seal. */
    authorityName: text,
    /** The date under the seal: the day this licence was issued (a reissue is later than registration). */
    issueDate: isoDate,
    /** The kiosk that issued it. */
    kioskId,
  })
  .strict();

export type Licence = z.output<typeof Licence>;
export type LicenceInput = z.input<typeof Licence>;

export const DeregistrationNotice = z
  .object({
    /** 文号, e.g. 深市监龙个销字〔2019〕第000123号 */
    noticeNumber: text,
    creditCode,
    name: text.nullable(),
    operatorName: text,
    premisesAddress: text,
    registrationDate: isoDate,
    /** The day deregistration took effect; the licence is void from then on. */
    deregistrationDate: isoDate,
    authorityName: text,
    kioskId,
  })
  .strict();

export type DeregistrationNotice = z.output<typeof DeregistrationNotice>;

/** The Longgang pilot's first 秒批 day, a Longgang house code and a valid credit code. */
export function sampleLicence(): Licence {
  return Licence.parse({
    creditCode: composeCreditCode({ authority: '9', entityType: '2', regionCode: '440307', organisationBody: 'MA5G8K2L' }),
    name: '深圳市龙岗区精锐图文设计店',
    operatorName: '张伟',
    compositionForm: '个人经营',
    premisesAddress: '深圳市龙岗区平湖街道平湖社区平安大道42号平湖商业中心1栋101',
    houseCode: '4403070030030400042000003',
    businessScope: ['图文设计制作', '广告设计、代理', '平面设计', '数字内容制作服务（不含出版发行）', '打字复印', '办公服务', '办公用品销售', '文具用品零售', '工艺美术品及礼仪用品销售（象牙及其制品除外）'],
    permitScope: ['包装装潢印刷品印刷'],
    registrationDate: '2019-03-20',
    authorityName: '深圳市市场监督管理局龙岗监管局',
    issueDate: '2019-03-20',
    kioskId: 'LG-PH-01',
  } satisfies LicenceInput);
}

export function sampleDeregistrationNotice(): DeregistrationNotice {
  const licence = sampleLicence();
  return DeregistrationNotice.parse({
    noticeNumber: '深市监龙个销字〔2024〕第000123号',
    creditCode: licence.creditCode,
    name: licence.name,
    operatorName: licence.operatorName,
    premisesAddress: licence.premisesAddress,
    registrationDate: licence.registrationDate,
    deregistrationDate: '2024-06-18',
    authorityName: licence.authorityName,
    kioskId: licence.kioskId,
  });
}
