/**
 * Chinese text on a pdfkit page: paragraphs broken by the CJK rules of
 * rules/text/line-breaking with the font's own advance widths, justified to the column,
 * and the spread labels of certificates (名称 spread over the width of 组成形式).
 */
import { breakLines } from '../../rules/text/line-breaking';

export interface Paragraph {
  lines: string[];
  size: number;
  lineHeight: number;
  height: number;
  width: number;
}

/** How a paragraph sets at a size: its lines and its height. Sets the document's font size. */
export function layoutParagraph(doc: PDFKit.PDFDocument, text: string, width: number, size: number, leading = 1.55): Paragraph {
  doc.fontSize(size);
  const lines = breakLines(text, width, (piece) => doc.widthOfString(piece));
  const lineHeight = size * leading;
  return { lines, size, lineHeight, height: lines.length ? (lines.length - 1) * lineHeight + size : 0, width };
}

/** The largest size (of those given, largest first) at which the paragraph fits the height. */
export function fitParagraph(doc: PDFKit.PDFDocument, text: string, width: number, maxHeight: number, sizes: readonly number[], leading?: number): Paragraph {
  let paragraph: Paragraph | undefined;
  for (const size of sizes) {
    paragraph = layoutParagraph(doc, text, width, size, leading);
    if (paragraph.height <= maxHeight) return paragraph;
  }
  if (!paragraph) throw new RangeError('fitParagraph needs at least one size');
  return paragraph;
}

// Stretch a line to the column only when the gap is small: a short line stays ragged.
const MAX_JUSTIFY_GAP_EMS = 2;

/** Draws the lines from the top at y; full lines are justified to the paragraph width. */
export function drawParagraph(doc: PDFKit.PDFDocument, paragraph: Paragraph, x: number, y: number): void {
  doc.fontSize(paragraph.size);
  paragraph.lines.forEach((line, index) => {
    const chars = Array.from(line).length;
    const gap = paragraph.width - doc.widthOfString(line);
    const isLast = index === paragraph.lines.length - 1;
    const justify = !isLast && chars > 1 && gap > 0 && gap < MAX_JUSTIFY_GAP_EMS * paragraph.size;
    doc.text(line, x, y + index * paragraph.lineHeight, { lineBreak: false, characterSpacing: justify ? gap / (chars - 1) : 0 });
  });
}

/** Text spread evenly over a width, first character at x and last ending at x + width. */
export function drawSpread(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, size: number): void {
  doc.fontSize(size);
  const chars = Array.from(text).length;
  const spacing = chars > 1 ? (width - doc.widthOfString(text)) / (chars - 1) : 0;
  doc.text(text, x, y, { lineBreak: false, characterSpacing: Math.max(0, spacing) });
}

/** One line centred on cx; `spacing` is added between characters. */
export function drawCentred(doc: PDFKit.PDFDocument, text: string, cx: number, y: number, size: number, options: { spacing?: number; bold?: boolean } = {}): void {
  doc.fontSize(size);
  const spacing = options.spacing ?? 0;
  const width = doc.widthOfString(text) + spacing * (Array.from(text).length - 1);
  doc.text(text, cx - width / 2, y, { lineBreak: false, characterSpacing: spacing, ...(options.bold ? { fill: true, stroke: true } : {}) });
}

/** Width of one line of text at a size. */
export function textWidth(doc: PDFKit.PDFDocument, text: string, size: number): number {
  doc.fontSize(size);
  return doc.widthOfString(text);
}
