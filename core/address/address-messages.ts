/** Why a house code gives no address, in the applicant's words. */
import { describeHouseCodeProblem } from '../../rules/house-code';
import type { Language } from '../../rules/language';
import type { AddressProblem } from './address-record';

export function describeAddressProblem(problem: AddressProblem, lang: Language): string {
  if (problem.code !== 'not-found') return describeHouseCodeProblem(problem, lang);
  const building = problem.houseCode.slice(0, 19);
  const room = problem.houseCode.slice(19);
  if (lang === 'zh-CN') {
    return problem.buildingKnown
      ? `楼栋编码${building}在地址库中，但该楼栋没有编号为${room}的房间，请核对房屋编码的最后6位。`
      : `地址库中没有房屋编码${problem.houseCode}，请核对。如编码无误，请到人工窗口办理。`;
  }
  return problem.buildingKnown
    ? `Building ${building} is known, but it has no room ${room}. Please check the last six digits of the house code.`
    : `House code ${problem.houseCode} is not in the address database. Please check it; if it is right, please go to a service counter.`;
}
