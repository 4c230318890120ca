/** A QR code drawn as vector squares, crisp at any print resolution. */
import { create } from 'qrcode';

// ISO/IEC 18004 asks for four modules of light margin around the symbol.
export const QUIET_ZONE_MODULES = 4;

/** Error correction M (15 %): survives a fold or a scuff without growing the symbol much. */
export function qrModules(payload: string): { size: number; isDark(row: number, column: number): boolean } {
  const { modules } = create(payload, { errorCorrectionLevel: 'M' });
  return { size: modules.size, isDark: (row, column) => Boolean(modules.get(row, column)) };
}

/** Draws the symbol with its quiet zone in a square of `size` points whose top-left corner is (x, y). */
export function drawQrCode(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, size: number): void {
  const qr = qrModules(payload);
  const module = size / (qr.size + 2 * QUIET_ZONE_MODULES);
  const origin = { x: x + QUIET_ZONE_MODULES * module, y: y + QUIET_ZONE_MODULES * module };
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < qr.size; row++) {
    // One rectangle per run of dark modules keeps the page content small.
    let runStart = -1;
    for (let column = 0; column <= qr.size; column++) {
      const dark = column < qr.size && qr.isDark(row, column);
      if (dark && runStart < 0) runStart = column;
      if (!dark && runStart >= 0) {
        doc.rect(origin.x + runStart * module, origin.y + row * module, (column - runStart) * module, module);
        runStart = -1;
      }
    }
  }
  doc.fill('#000000');
  doc.restore();
}
