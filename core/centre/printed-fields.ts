/** What a kiosk sends with /v1/issue so the centre's public check shows the licence as printed. */
import type { PrintedLicenceFields } from '../../protocol/centre-licence-check';
import type { Licence } from '../documents/licence';
import { printedLicence } from '../printing/print-documents';
import type { Registry } from '../registry/registry';

export function printedFieldsOf(licence: Licence): PrintedLicenceFields {
  const { type, compositionForm, premisesAddress, businessScope, permitScope, registrationDate, authorityName } = licence;
  return { type, compositionForm, premisesAddress, businessScope, permitScope, registrationDate, authorityName };
}

/** The printed fields of the licence the registry will record for this approval, before it is recorded. */
export function printedFieldsToIssue(registry: Pick<Registry, 'licenceToIssue'>, applicationId: string, creditCode: string, issuedAt: string): PrintedLicenceFields {
  return printedFieldsOf(printedLicence(registry.licenceToIssue(applicationId, creditCode, issuedAt)));
}
