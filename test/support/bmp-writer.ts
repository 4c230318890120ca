/** Writes pixels as the card readers' WLT decoders return them: a 24-bit, bottom-up BGR BMP with padded rows. */
import type { PixelBuffer } from '../../face/face-image';

export function encodeBmp24(pixels: PixelBuffer): Buffer {
  const { width, height, data } = pixels;
  const stride = Math.ceil((width * 3) / 4) * 4;
  const offset = 54;
  const out = Buffer.alloc(offset + stride * height);
  out.write('BM', 0, 'ascii');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(offset, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(stride * height, 34);
  for (let y = 0; y < height; y += 1) {
    const row = offset + (height - 1 - y) * stride;
    for (let x = 0; x < width; x += 1) {
      const from = (y * width + x) * 4;
      out[row + x * 3] = data[from + 2]!;
      out[row + x * 3 + 1] = data[from + 1]!;
      out[row + x * 3 + 2] = data[from]!;
    }
  }
  return out;
}
