/**
 * Turns a print job into what its printer takes, always from the registry's licence row
 * (never from what the session held), so a reprint or a job resumed after a crash
 * prints exactly what was registered. The QR statement is signed anew each time: Ed25519
 * is deterministic, so it is the same statement.
 */
import { renderDeregistrationPdf } from '../documents/deregistration-pdf';
import type { DocumentFont } from '../documents/document-font';
import { DeregistrationNotice, Licence as PrintedLicence } from '../documents/licence';
import { renderLicencePdf } from '../documents/licence-pdf';
import { licenceSlip } from '../documents/licence-slip';
import { pdfBytes } from '../documents/pdf-document';
import type { Licence } from '../registry/licences';
import { shenzhenDate } from '../registry/local-date';
import type { SigningKey } from '../signing/kiosk-keys';
import { signLicence } from '../signing/licence-statement';
import { qrText } from '../../protocol/licence-statement';
import type { PrintDocument, PrinterKind } from './printer-target';

export type DocumentKind = 'licence-a4' | 'licence-a3' | 'slip' | 'deregistration-notice';

export const DOCUMENT_KINDS: readonly DocumentKind[] = ['licence-a4', 'licence-a3', 'slip', 'deregistration-notice'];

/** The licence itself (on paper or, as a fallback, as a slip); not the deregistration notice. */
export function isLicenceDocument(document: DocumentKind): boolean {
  return document !== 'deregistration-notice';
}

export class DocumentRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentRenderError';
  }
}

export interface DocumentSources {
  licence(creditCode: string): Licence | undefined;
  /** Loaded once (preloadDocuments); only needed for PDFs. */
  font(): DocumentFont;
  signingKey: Pick<SigningKey, 'keyId' | 'privateKey'>;
  /** The kiosk's centre: its QR codes then hold `<centre>/v/<payload>`, checkable by any phone. */
  centreUrl?: string | null;
}

/** The registry's licence as the documents print it. */
export function printedLicence(licence: Licence): PrintedLicence {
  return PrintedLicence.parse({
    creditCode: licence.creditCode,
    name: licence.name,
    operatorName: licence.operatorName,
    compositionForm: licence.compositionForm,
    premisesAddress: licence.premisesAddress,
    houseCode: licence.houseCode,
    businessScope: licence.businessScope,
    permitScope: licence.permitScope,
    registrationDate: licence.registrationDate,
    authorityName: licence.authorityName,
    issueDate: shenzhenDate(new Date(licence.issuedAt)),
    kioskId: licence.kioskId,
  });
}

/**
 * The notice's number (文号) is the authority's; the kiosk has none to hand out, so it
 * numbers the notice by the credit code, which is deregistered once only (unconfirmed:
 * to be replaced by the authority's numbering when it is known).
 */
export function deregistrationNotice(licence: Licence): DeregistrationNotice {
  if (!licence.deregistrationDate) throw new DocumentRenderError(`licence ${licence.creditCode} is not deregistered: no notice to print`);
  return DeregistrationNotice.parse({
    noticeNumber: `个销字〔${licence.deregistrationDate.slice(0, 4)}〕第${licence.creditCode}号`,
    creditCode: licence.creditCode,
    name: licence.name,
    operatorName: licence.operatorName,
    premisesAddress: licence.premisesAddress,
    registrationDate: licence.registrationDate,
    deregistrationDate: licence.deregistrationDate,
    authorityName: licence.authorityName,
    kioskId: licence.kioskId,
  });
}

export async function renderPrintDocument(sources: DocumentSources, creditCode: string, document: DocumentKind, printer: PrinterKind): Promise<PrintDocument> {
  const licence = sources.licence(creditCode);
  if (!licence) throw new DocumentRenderError(`no licence ${creditCode} in the registry`);
  if (document === 'deregistration-notice') {
    if (printer !== 'laser') throw new DocumentRenderError('the deregistration notice is printed on the laser printer only');
    return { format: 'pdf', bytes: await pdfBytes(renderDeregistrationPdf(deregistrationNotice(licence), sources.font())) };
  }
  const printed = printedLicence(licence);
  const payload = qrText(signLicence(printed, sources.signingKey), sources.centreUrl);
  // The receipt printer can only print the slip, whichever licence document was asked for.
  if (printer === 'thermal' || document === 'slip') {
    if (printer !== 'thermal') throw new DocumentRenderError('the slip is printed on the receipt printer only');
    return { format: 'slip', slip: licenceSlip(printed, payload) };
  }
  const size = document === 'licence-a3' ? 'A3' : 'A4';
  return { format: 'pdf', bytes: await pdfBytes(renderLicencePdf(printed, payload, { size, font: sources.font() })) };
}
