/**
 * What a test print puts on paper: enough to prove the path end to end (Chinese text,
 * a QR code, the cut, the page) and to tell which kiosk and when, nothing of anyone's.
 */
import type { SlipJob } from '../../hardware/thermal/slip-job';
import type { DocumentFont } from '../documents/document-font';
import { createPdfDocument, PAPER, pdfBytes, POINTS_PER_MM } from '../documents/pdf-document';

/** The heading of every test print; the e2e test and technicians look for it. */
export const TEST_PRINT_TITLE = '打印测试 · Test print';

export interface TestPrintStamp {
  kioskId: string;
  /** ISO instant. */
  at: string;
}

function lines({ kioskId, at }: TestPrintStamp): string[] {
  return [`终端 Kiosk：${kioskId}`, `时间 Time：${at}`, '中文打印正常：个体工商户营业执照'];
}

export function testSlip(stamp: TestPrintStamp): SlipJob {
  return {
    elements: [
      { kind: 'text', text: TEST_PRINT_TITLE, align: 'center', bold: true, size: { width: 2, height: 2 } },
      { kind: 'feed', lines: 1 },
      ...lines(stamp).map((text) => ({ kind: 'text' as const, text })),
      { kind: 'feed', lines: 1 },
      { kind: 'qr', payload: `TEST ${stamp.kioskId} ${stamp.at}`, align: 'center', moduleSize: 6 },
    ],
    cut: 'full',
  };
}

export function testPagePdf(stamp: TestPrintStamp, font: DocumentFont): Promise<Buffer> {
  const doc = createPdfDocument({ size: 'A4', layout: 'portrait', font, title: TEST_PRINT_TITLE, author: stamp.kioskId, subject: 'maintenance test page' });
  const margin = 20 * POINTS_PER_MM;
  // A frame at the margins shows at a glance whether the printer clips or shifts the page.
  doc.lineWidth(1).rect(margin, margin, PAPER.A4.width - 2 * margin, PAPER.A4.height - 2 * margin).stroke();
  doc.fontSize(24).text(TEST_PRINT_TITLE, margin + 20, margin + 30);
  doc.fontSize(12);
  lines(stamp).forEach((line, i) => doc.text(line, margin + 20, margin + 90 + i * 24));
  doc.end();
  return pdfBytes(doc);
}
