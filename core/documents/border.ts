/**
 * The certificate's decorative frame: a band between a heavy outer rule and a fine
 * inner rule, filled with interlaced waves (a simple guilloche) and a rosette in each
 * corner, in the warm brown of the printed licence forms.
 */

const FRAME_BROWN = '#a47b3f';
const WAVE_BROWN = '#c8a468';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function drawCertificateBorder(doc: PDFKit.PDFDocument, box: Box, band: number): void {
  const { x, y, width, height } = box;
  doc.save();
  doc.strokeColor(FRAME_BROWN).lineWidth(band * 0.09).rect(x, y, width, height).stroke();
  doc.lineWidth(band * 0.035).rect(x + band, y + band, width - 2 * band, height - 2 * band).stroke();
  doc.lineWidth(band * 0.02).rect(x + band * 1.18, y + band * 1.18, width - 2.36 * band, height - 2.36 * band).stroke();

  const mid = band / 2;
  const sides: [number, number, number, number][] = [
    [x + band, y + mid, x + width - band, y + mid],
    [x + width - mid, y + band, x + width - mid, y + height - band],
    [x + width - band, y + height - mid, x + band, y + height - mid],
    [x + mid, y + height - band, x + mid, y + band],
  ];
  doc.strokeColor(WAVE_BROWN).lineWidth(band * 0.03);
  for (const [x1, y1, x2, y2] of sides) drawWaves(doc, x1, y1, x2, y2, band);
  for (const [cx, cy] of [
    [x + mid, y + mid],
    [x + width - mid, y + mid],
    [x + width - mid, y + height - mid],
    [x + mid, y + height - mid],
  ] as const) {
    drawRosette(doc, cx, cy, band * 0.38);
  }
  doc.restore();
}

/** Three interlaced sine waves along one side, a whole number of periods long so the corners meet. */
function drawWaves(doc: PDFKit.PDFDocument, x1: number, y1: number, x2: number, y2: number, band: number): void {
  const length = Math.hypot(x2 - x1, y2 - y1);
  const periods = Math.max(1, Math.round(length / (band * 1.4)));
  const [ux, uy] = [(x2 - x1) / length, (y2 - y1) / length];
  const [nx, ny] = [-uy, ux];
  const stepsPerPeriod = 12;
  const steps = periods * stepsPerPeriod;
  const waves = [
    { amplitude: band * 0.34, phase: 0, frequency: 1 },
    { amplitude: band * 0.34, phase: Math.PI, frequency: 1 },
    { amplitude: band * 0.16, phase: Math.PI / 2, frequency: 2 },
  ];
  for (const { amplitude, phase, frequency } of waves) {
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      const offset = amplitude * Math.sin(2 * Math.PI * periods * frequency * t + phase);
      const px = x1 + ux * length * t + nx * offset;
      const py = y1 + uy * length * t + ny * offset;
      if (i === 0) doc.moveTo(px, py);
      else doc.lineTo(px, py);
    }
  }
  doc.stroke();
}

function drawRosette(doc: PDFKit.PDFDocument, cx: number, cy: number, radius: number): void {
  doc.circle(cx, cy, radius).stroke();
  for (let i = 0; i < 8; i++) {
    const angle = (Math.PI / 4) * i;
    doc.circle(cx + Math.cos(angle) * radius * 0.5, cy + Math.sin(angle) * radius * 0.5, radius * 0.5).stroke();
  }
  doc.fillColor(FRAME_BROWN).circle(cx, cy, radius * 0.18).fill();
}
