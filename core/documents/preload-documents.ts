/**
 * Everything a licence needs before the first applicant is approved: the font read
 * and parsed, and one unseen rendering of the sample licence and slip. The first
 * rendering in a process is several times slower than the rest (JIT compilation,
 * fontkit's lazily parsed tables), and nobody should wait for that at the printer.
 */
import { encodeSlip } from '../../hardware/thermal/slip-escpos';
import { loadDocumentFont, type DocumentFont } from './document-font';
import { sampleLicence } from './licence';
import { renderLicencePdf } from './licence-pdf';
import { licenceSlip } from './licence-slip';
import { pdfBytes } from './pdf-document';

// As long as a real statement, so the QR code takes the same path; it certifies nothing.
const WARM_UP_PAYLOAD = `MP1.WARM-UP.00000000.${'0'.repeat(190)}`;

export async function preloadDocuments(font: DocumentFont = loadDocumentFont()): Promise<DocumentFont> {
  const licence = sampleLicence();
  await pdfBytes(renderLicencePdf(licence, WARM_UP_PAYLOAD, { size: 'A4', font }));
  encodeSlip(licenceSlip(licence, WARM_UP_PAYLOAD));
  return font;
}
