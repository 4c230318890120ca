/** Licences issued through the real /v1/issue of a centre, as a kiosk issues them, for the pages' tests. */
import type { CentreClient } from '../../core/centre/centre-client';
import { composeCreditCode } from '../../rules/credit-code';

let serial = 0;
/** One operator may run several businesses: the tests need no more than one. */
const OPERATOR_ID_NUMBER = '34052419800101001X';

export interface TestLicence {
  houseCode: string;
  /** When the kiosk issued it (the tests backdate licences to make tasks overdue). */
  issuedAt: Date;
  tradeName?: string;
  operatorName?: string;
}

/** Issues a licence for a distinct name and operator; returns its credit code. */
export async function issueTestLicence(client: CentreClient, licence: TestLicence): Promise<string> {
  serial += 1;
  const number = `${process.pid % 1000}${String(serial).padStart(5, '0')}`.slice(-8);
  const districtCode = licence.houseCode.slice(0, 6);
  const creditCode = composeCreditCode({ authority: '9', entityType: '2', regionCode: districtCode, organisationBody: `MA${number.slice(-6)}` });
  const tradeName = licence.tradeName ?? `测试${String.fromCodePoint(0x4e00 + serial)}`;
  await client.issue({
    applicationId: `app-${creditCode}`,
    creditCode,
    districtCode,
    houseCode: licence.houseCode,
    name: { tradeName, industry: '餐饮' },
    maxBusinessesAtAddress: 5,
    fullName: `深圳市${tradeName}餐饮店`,
    operatorName: licence.operatorName ?? '李明',
    operatorIdNumber: OPERATOR_ID_NUMBER,
    issuedAt: licence.issuedAt.toISOString(),
  });
  return creditCode;
}
