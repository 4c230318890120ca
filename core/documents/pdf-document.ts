/** A pdfkit document set in the document font, and its bytes. */
import PDFDocument from 'pdfkit';
import type { DocumentFont } from './document-font';

export const POINTS_PER_MM = 72 / 25.4;

/** Paper sizes in points, portrait; the licence turns them to landscape. */
export const PAPER = {
  A4: { width: 595.28, height: 841.89 },
  A3: { width: 841.89, height: 1190.55 },
} as const;
export type PaperSize = keyof typeof PAPER;

export interface PdfOptions {
  size: PaperSize;
  layout: 'portrait' | 'landscape';
  font: DocumentFont;
  title: string;
  author: string;
  subject: string;
}

export function createPdfDocument({ size, layout, font, title, author, subject }: PdfOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size,
    layout,
    margin: 0,
    // No standard font: it would load Helvetica's metrics from disk for nothing.
    font: null as unknown as string,
    info: { Title: title, Author: author, Subject: subject, Creator: '秒批 licence kiosk', Producer: 'PDFKit' },
    lang: 'zh-CN',
    displayTitle: true,
  });
  // pdfkit takes a parsed fontkit face as a font source; its type declarations do not say so.
  doc.font(font.faceForDocument() as unknown as PDFKit.Mixins.PDFFontSource);
  return doc;
}

/** Collects every byte of a document that was (or will be) ended. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
