/** What a kiosk sends with /v1/issue so the centre's public check shows the licence as printed. */
import type { PrintedLicenceFields } from '../../protocol/centre-licence-check';
import type { Licence } from '../documents/licence';

export function printedFieldsOf(licence: Licence): PrintedLicenceFields {
  const { type, compositionForm, premisesAddress, businessScope, permitScope, registrationDate, authorityName } = licence;
  return { type, compositionForm, premisesAddress, businessScope, permitScope, registrationDate, authorityName };
}
