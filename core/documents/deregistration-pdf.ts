/**
 * The deregistration notice (准予注销登记通知书), A4 portrait: the decision in a short
 * paragraph, the particulars of the deregistered business in a ruled table, and the
 * authority's name and date under its seal.
 */
import type { DocumentFont } from './document-font';
import type { DeregistrationNotice } from './licence';
import { chineseDate, printedName } from './licence-text';
import { createPdfDocument, PAPER } from './pdf-document';
import { drawCentred, drawParagraph, drawSpread, layoutParagraph, textWidth } from './pdf-text';
import { drawSeal } from './seal';

export const NOTICE_TITLE = '准予注销登记通知书';

const PAGE = PAPER.A4;
const MARGIN = 78;
const INK = '#1a1a1a';
const RULE = '#444444';
const MUTED = '#555555';
const BODY_SIZE = 14;

export function decisionText(notice: DeregistrationNotice): string {
  return (
    `\u3000\u3000你（户）提交的个体工商户注销登记申请，经审查，申请材料齐全，符合法定形式，我局决定准予注销登记。` +
    `注销日期为${chineseDate(notice.deregistrationDate)}，原营业执照正本、副本自该日起作废。`
  );
}

/** Draws the notice into a new pdfkit document and ends it; the document streams the PDF bytes. */
export function renderDeregistrationPdf(notice: DeregistrationNotice, font: DocumentFont): PDFKit.PDFDocument {
  const doc = createPdfDocument({
    size: 'A4',
    layout: 'portrait',
    font,
    title: `${NOTICE_TITLE} ${notice.noticeNumber}`,
    author: notice.authorityName,
    subject: `${printedName(notice.name)} ${notice.creditCode}`,
  });
  const width = PAGE.width - 2 * MARGIN;
  doc.fillColor(INK).strokeColor(INK).lineWidth(0.7);
  drawCentred(doc, NOTICE_TITLE, PAGE.width / 2, 96, 24, { spacing: 5, bold: true });
  drawCentred(doc, notice.noticeNumber, PAGE.width / 2, 142, 12);

  let y = 196;
  doc.fontSize(BODY_SIZE).text(`${notice.name ?? notice.operatorName}：`, MARGIN, y, { lineBreak: false });
  y += BODY_SIZE * 2;
  const decision = layoutParagraph(doc, decisionText(notice), width, BODY_SIZE, 1.9);
  drawParagraph(doc, decision, MARGIN, y);
  y += decision.height + 34;

  y = drawParticulars(doc, notice, MARGIN, y, width);

  const authorityTop = Math.max(y + 70, 600);
  const cx = MARGIN + width * 0.72;
  drawCentred(doc, notice.authorityName, cx, authorityTop, BODY_SIZE);
  drawCentred(doc, chineseDate(notice.deregistrationDate), cx, authorityTop + 28, BODY_SIZE);
  drawSeal(doc, { cx, cy: authorityTop + 12, radius: 60, authorityName: notice.authorityName });

  doc.fillColor(MUTED);
  const footer = `本通知书由自助终端 ${notice.kioskId} 打印，请妥善保管。`;
  doc.fontSize(8).text(footer, (PAGE.width - textWidth(doc, footer, 8)) / 2, PAGE.height - 56, { lineBreak: false });
  doc.end();
  return doc;
}

/** The ruled table of the business's particulars; returns its bottom. */
function drawParticulars(doc: PDFKit.PDFDocument, notice: DeregistrationNotice, x: number, top: number, width: number): number {
  const rows: [string, string][] = [
    ['名称', printedName(notice.name)],
    ['统一社会信用代码', notice.creditCode],
    ['经营者', notice.operatorName],
    ['经营场所', notice.premisesAddress],
    ['注册日期', chineseDate(notice.registrationDate)],
    ['注销日期', chineseDate(notice.deregistrationDate)],
  ];
  const size = 12;
  const labelColumn = 132;
  const padding = 10;
  const labelWidth = labelColumn - 2 * padding;
  const valueWidth = width - labelColumn - 2 * padding;
  doc.strokeColor(RULE).lineWidth(0.6);
  let y = top;
  doc.moveTo(x, y).lineTo(x + width, y).stroke();
  for (const [label, value] of rows) {
    const paragraph = layoutParagraph(doc, value, valueWidth, size, 1.5);
    const height = paragraph.height + 2 * padding;
    doc.fillColor(INK);
    // Short labels spread to four characters, longer ones keep their width; all centred.
    const spread = Math.min(labelWidth, Math.max(4 * size, textWidth(doc, label, size)));
    drawSpread(doc, label, x + (labelColumn - spread) / 2, y + (height - size) / 2, spread, size);
    drawParagraph(doc, paragraph, x + labelColumn + padding, y + padding);
    y += height;
    doc.moveTo(x, y).lineTo(x + width, y).stroke();
  }
  doc.rect(x, top, width, y - top).stroke();
  doc.moveTo(x + labelColumn, top).lineTo(x + labelColumn, y).stroke();
  return y;
}
