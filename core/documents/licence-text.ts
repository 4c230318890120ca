/** How the licence's fields read on paper, shared by the PDF and the thermal slip. */
import { requireIsoDate } from '../../rules/calendar-date';
import type { Licence } from './licence';

/**
 * 名称 of a business registered without one. Our choice (the official rendering is not
 * documented): the field stays on the licence, so nobody can write a name into it.
 */
export const NO_NAME = '（无）';

export const QR_CAPTION = '扫描二维码登录\u2018国家企业信用信息公示系统\u2019了解更多登记、备案、许可、监管信息。';
export const SYSTEM_ADDRESS = '国家企业信用信息公示系统网址：http://www.gsxt.gov.cn';
export const ANNUAL_REPORT_NOTICE = '市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告。';
export const SUPERVISED_BY = '国家市场监督管理总局监制';

export function printedName(name: string | null): string {
  return name ?? NO_NAME;
}

/** '2019-03-20' → '2019年03月20日', as dates are written on licences. */
export function chineseDate(iso: string): string {
  const { year, month, day } = requireIsoDate(iso, 'date');
  return `${year}年${String(month).padStart(2, '0')}月${String(day).padStart(2, '0')}日`;
}

/** 经营范围 as one paragraph: 一般经营项目是：A；B。许可经营项目是：C。 */
export function scopeText(licence: Pick<Licence, 'businessScope' | 'permitScope'>): string {
  const general = `一般经营项目是：${licence.businessScope.join('；')}。`;
  return licence.permitScope.length ? `${general}许可经营项目是：${licence.permitScope.join('；')}。` : general;
}
