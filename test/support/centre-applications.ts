/**
 * Registrations as a kiosk sends them to the centre: the facts request and the issue
 * that confirms it, one distinct name and house code per number (so only what a test
 * contests is contested), all in 龙岗区 (440307).
 */
import type { FactsRequest, IssueRequest } from '../../protocol/centre';
import { composeCreditCode } from '../../rules/credit-code';

export type RegistrationFactsRequest = Extract<FactsRequest, { service: 'registration' }>;

export interface CentreApplication {
  facts: RegistrationFactsRequest;
  issue: IssueRequest;
}

const DISTRICT = '440307';
const DIGITS = '零一二三四五六七八九';

/** The nth application of a series (`series`: one letter, so two series never share a name or a code). */
export function centreApplication(series: string, n: number): CentreApplication {
  const tradeName = `精锐${[...String(n)].map((d) => DIGITS[Number(d)]).join('')}`;
  const facts: RegistrationFactsRequest = {
    service: 'registration',
    applicationId: `app-${series}-${String(n).padStart(8, '0')}`,
    districtCode: DISTRICT,
    houseCode: `${DISTRICT}00300304${String(series.charCodeAt(0) % 100).padStart(2, '0')}${String(n).padStart(9, '0')}`,
    name: { tradeName: `${series}${tradeName}`.slice(0, 20), industry: '图文设计' },
    maxBusinessesAtAddress: 1,
  };
  const creditCode = composeCreditCode({ authority: '9', entityType: '2', regionCode: DISTRICT, organisationBody: `${series}${String(n).padStart(7, '0')}` });
  const issue: IssueRequest = {
    applicationId: facts.applicationId,
    creditCode,
    districtCode: DISTRICT,
    houseCode: facts.houseCode,
    name: facts.name,
    maxBusinessesAtAddress: facts.maxBusinessesAtAddress,
    fullName: `深圳市龙岗区${facts.name!.tradeName}图文设计店`,
    operatorName: '李明',
    operatorIdNumber: '34052419800101001X',
    issuedAt: new Date().toISOString(),
  };
  return { facts, issue };
}
