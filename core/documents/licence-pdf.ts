/**
 * The licence on paper, 2019 format, landscape: the duplicate (副本) on A4 and the
 * original (正本) on A3. Laid out once in A4 points; the original is the same page
 * scaled by √2, as the two official sizes are.
 */
import type { DocumentFont } from './document-font';
import { drawCertificateBorder } from './border';
import { chineseDate, printedName, QR_CAPTION, scopeText, ANNUAL_REPORT_NOTICE, SUPERVISED_BY, SYSTEM_ADDRESS } from './licence-text';
import type { Licence } from './licence';
import { createPdfDocument, PAPER, type PaperSize } from './pdf-document';
import { drawCentred, drawParagraph, drawSpread, fitParagraph, layoutParagraph, textWidth } from './pdf-text';
import { drawQrCode } from './qr-drawing';
import { drawSeal } from './seal';

export interface LicencePdfOptions {
  /** A4: the duplicate (副本); A3: the original (正本). */
  size: PaperSize;
  font: DocumentFont;
}

export const COPY_MARK: Record<PaperSize, string> = { A4: '（副　本）', A3: '（正　本）' };

// The A4 landscape page, in points.
const PAGE = { width: PAPER.A4.height, height: PAPER.A4.width };
const INK = '#1a1a1a';
const MUTED = '#555555';

const FIELD = {
  labelSize: 13,
  labelWidth: 52, // four ems at 13 pt: every label spreads to the width of 组成形式
  gap: 16,
  valueSize: 13,
  rowGap: 14,
};
const COLUMNS = {
  left: { x: 92, width: 350 },
  right: { x: 472, width: 306 },
  top: 244,
};
// The body ends above the authority's block on the right and the footer on the left.
const LEFT_BOTTOM = 470;
const RIGHT_BOTTOM = 412;
const SCOPE_SIZES = [13, 12, 11, 10.5, 10, 9.5, 9, 8.5, 8] as const;
const VALUE_SIZES = [13, 12, 11, 10, 9] as const;

/**
 * Draws the licence into a new pdfkit document and ends it. The document is a readable
 * stream of the PDF bytes (pdfBytes collects them).
 */
export function renderLicencePdf(licence: Licence, qrPayload: string, { size, font }: LicencePdfOptions): PDFKit.PDFDocument {
  const doc = createPdfDocument({
    size,
    layout: 'landscape',
    font,
    title: `营业执照${COPY_MARK[size]} ${licence.creditCode}`,
    author: licence.authorityName,
    subject: `${printedName(licence.name)} ${licence.operatorName}`,
  });
  if (size === 'A3') doc.scale(PAPER.A3.width / PAPER.A4.width);
  drawCertificateBorder(doc, { x: 20, y: 20, width: PAGE.width - 40, height: PAGE.height - 40 }, 17);
  doc.fillColor(INK);
  drawHeader(doc, licence, qrPayload, size);
  drawFields(doc, licence);
  drawAuthority(doc, licence);
  drawFooter(doc, licence);
  doc.end();
  return doc;
}

function drawHeader(doc: PDFKit.PDFDocument, licence: Licence, qrPayload: string, size: PaperSize): void {
  doc.strokeColor(INK).lineWidth(0.9);
  drawCentred(doc, '营业执照', PAGE.width / 2, 66, 48, { spacing: 22, bold: true });
  drawCentred(doc, COPY_MARK[size], PAGE.width / 2, 132, 17);

  // Top left: the credit code, and the QR code with its caption beside it.
  const left = 66;
  doc.fontSize(11).text('统一社会信用代码', left, 62, { lineBreak: false });
  doc.fontSize(17).text(licence.creditCode, left, 79, { lineBreak: false, characterSpacing: 0.6 });
  const qrSize = 96;
  const qrTop = 106;
  drawQrCode(doc, qrPayload, left - 6, qrTop, qrSize);
  doc.fillColor(MUTED);
  const caption = layoutParagraph(doc, QR_CAPTION, 84, 7.5, 1.45);
  drawParagraph(doc, caption, left + qrSize + 2, qrTop + (qrSize - caption.height) / 2);
  doc.fillColor(INK);
}

interface FieldRow {
  label: string;
  value: string;
  /** A smaller second paragraph under the value. */
  note?: string;
}

function drawFields(doc: PDFKit.PDFDocument, licence: Licence): void {
  const leftRows: FieldRow[] = [
    { label: '名称', value: printedName(licence.name) },
    { label: '类型', value: licence.type },
    { label: '经营者', value: licence.operatorName },
  ];
  const rightRows: FieldRow[] = [
    { label: '组成形式', value: licence.compositionForm },
    { label: '注册日期', value: chineseDate(licence.registrationDate) },
    { label: '经营场所', value: licence.premisesAddress, note: `房屋编码 ${licence.houseCode}` },
  ];
  const leftEnd = drawColumn(doc, leftRows, COLUMNS.left, COLUMNS.top);
  drawColumn(doc, rightRows, COLUMNS.right, COLUMNS.top, RIGHT_BOTTOM);

  // 经营范围 takes what is left of the left column, in the largest size that fits.
  const valueX = COLUMNS.left.x + FIELD.labelWidth + FIELD.gap;
  const valueWidth = COLUMNS.left.width - FIELD.labelWidth - FIELD.gap;
  drawSpread(doc, '经营范围', COLUMNS.left.x, leftEnd, FIELD.labelWidth, FIELD.labelSize);
  const scope = fitParagraph(doc, scopeText(licence), valueWidth, LEFT_BOTTOM - leftEnd, SCOPE_SIZES);
  drawParagraph(doc, scope, valueX, leftEnd + (FIELD.labelSize - scope.size) / 2);
}

/** Label and value rows from `top`; returns where the next row starts. */
function drawColumn(doc: PDFKit.PDFDocument, rows: readonly FieldRow[], column: { x: number; width: number }, top: number, bottom = LEFT_BOTTOM): number {
  const valueX = column.x + FIELD.labelWidth + FIELD.gap;
  const valueWidth = column.width - FIELD.labelWidth - FIELD.gap;
  let y = top;
  for (const row of rows) {
    drawSpread(doc, row.label, column.x, y, FIELD.labelWidth, FIELD.labelSize);
    const value = fitParagraph(doc, row.value, valueWidth, Math.max(FIELD.valueSize, bottom - y - 30), VALUE_SIZES);
    drawParagraph(doc, value, valueX, y + (FIELD.labelSize - value.size) / 2);
    y += value.height;
    if (row.note) {
      doc.fillColor(MUTED);
      const note = layoutParagraph(doc, row.note, valueWidth, 8.5);
      drawParagraph(doc, note, valueX, y + 6);
      doc.fillColor(INK);
      y += 6 + note.height;
    }
    y += FIELD.rowGap + 8;
  }
  return y;
}

/** 登记机关 with the seal over it and the date beneath, bottom right, as stamped. */
function drawAuthority(doc: PDFKit.PDFDocument, licence: Licence): void {
  const cx = 660;
  const labelTop = 440;
  const labelWidth = 88;
  drawSpread(doc, '登记机关', cx - labelWidth / 2, labelTop, labelWidth, 15);
  drawCentred(doc, chineseDate(licence.issueDate), cx, labelTop + 30, 13);
  drawSeal(doc, { cx: cx + 4, cy: labelTop + 10, radius: 52, authorityName: licence.authorityName });
}

function drawFooter(doc: PDFKit.PDFDocument, licence: Licence): void {
  doc.fillColor(MUTED);
  doc.fontSize(8).text(SYSTEM_ADDRESS, 66, 500, { lineBreak: false });
  doc.fontSize(8).text(ANNUAL_REPORT_NOTICE, 66, 513, { lineBreak: false });
  const kioskLine = `自助终端 ${licence.kioskId}`;
  doc.fontSize(7).text(kioskLine, PAGE.width - 66 - textWidth(doc, kioskLine, 7), 532, { lineBreak: false });
  doc.fillColor(INK);
  drawCentred(doc, SUPERVISED_BY, PAGE.width / 2, 530, 10, { spacing: 1 });
}
