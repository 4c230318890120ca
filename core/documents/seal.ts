/**
 * The registering authority's seal, drawn as vectors: a red ring, a five-pointed star
 * in the centre and the authority's name along the upper arc, each character upright
 * towards the rim, as on a Chinese official seal. Slightly translucent, like ink over
 * the print beneath it.
 */

export const SEAL_RED = '#d7141a';
const INK_OPACITY = 0.82;
// The name spans at most this much of the circle, centred on the top.
const MAX_ARC_DEGREES = 250;

export interface SealSpec {
  cx: number;
  cy: number;
  radius: number;
  authorityName: string;
}

export function drawSeal(doc: PDFKit.PDFDocument, { cx, cy, radius, authorityName }: SealSpec): void {
  doc.save();
  doc.fillColor(SEAL_RED).strokeColor(SEAL_RED).fillOpacity(INK_OPACITY).strokeOpacity(INK_OPACITY);
  doc.lineWidth(radius * 0.055).circle(cx, cy, radius * 0.965).stroke();
  drawStar(doc, cx, cy, radius * 0.3);
  drawArcText(doc, { cx, cy, radius, authorityName });
  doc.restore();
}

function drawStar(doc: PDFKit.PDFDocument, cx: number, cy: number, outer: number): void {
  const inner = outer * 0.382;
  const points: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const angle = (Math.PI / 5) * i - Math.PI / 2;
    points.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  doc.polygon(...points).fill();
}

function drawArcText(doc: PDFKit.PDFDocument, { cx, cy, radius, authorityName }: SealSpec): void {
  const chars = Array.from(authorityName);
  const n = chars.length;
  const size = radius * 0.27;
  // Characters stand on a circle just inside the ring, tops towards it.
  const textRadius = radius * 0.88 - size / 2;
  const naturalStep = (size * 1.05) / textRadius;
  const maxStep = n > 1 ? ((MAX_ARC_DEGREES / (n - 1)) * Math.PI) / 180 : 0;
  const step = Math.min(naturalStep, maxStep);
  // A long name is set condensed, as seal engravers do, so neighbours do not touch.
  const condense = Math.max(0.5, Math.min(1, step / naturalStep));
  const start = (-step * (n - 1)) / 2;
  // Engraved seal characters are heavier than print: stroke the outlines as well as fill them.
  doc.fontSize(size).lineWidth(size * 0.035);
  chars.forEach((char, index) => {
    const angle = start + step * index;
    const width = doc.widthOfString(char);
    doc.save();
    doc.translate(cx + textRadius * Math.sin(angle), cy - textRadius * Math.cos(angle));
    doc.rotate((angle * 180) / Math.PI, { origin: [0, 0] });
    doc.scale(condense, 1, { origin: [0, 0] });
    // pdfkit places text by the top of its line box; the ideograph's centre is about half an em below.
    doc.text(char, -width / 2, -size * 0.5, { lineBreak: false, fill: true, stroke: true });
    doc.restore();
  });
}
