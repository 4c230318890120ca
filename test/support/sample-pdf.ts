/** A small one-page PDF made with pdfkit, in a standard font so pdftotext can read it back. */
import PDFDocument from 'pdfkit';

export function samplePdf(lines: readonly string[]): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  doc.fontSize(18);
  for (const line of lines) doc.text(line);
  doc.end();
  return done;
}
