/** Reads a JPEG, PNG or BMP photo into RGBA pixels (jpeg-js, pngjs, face/bmp-image), or says why it cannot. */
import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeBmp, isBmp } from '../../face/bmp-image';
import type { PixelBuffer } from '../../face/face-image';

export class ImageFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'unreadable' | 'not-an-image' | 'corrupt',
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'ImageFileError';
  }
}

/** Larger photos are refused: a camera frame or an ID photo is far smaller. */
const MAX_PIXELS = 40_000_000;

export async function readImageFile(file: string): Promise<PixelBuffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ImageFileError(file, 'unreadable', `cannot read: ${(error as Error).message}`);
  }
  return decodeImage(bytes, file);
}

/** `maxPixels` refuses larger pictures before their pixels are allocated (JPEG) or after decoding (PNG). */
export function decodeImage(bytes: Buffer, file = '(buffer)', maxPixels = MAX_PIXELS): PixelBuffer {
  const kind = imageKind(bytes);
  if (!kind) throw new ImageFileError(file, 'not-an-image', 'not a JPEG, PNG or BMP file');
  try {
    if (kind === 'jpeg') {
      const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: maxPixels / 1e6 });
      return { width, height, data };
    }
    if (kind === 'bmp') return decodeBmp(bytes);
    const png = PNG.sync.read(bytes);
    if (png.width * png.height > maxPixels) throw new Error('image too large');
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
  } catch (error) {
    throw new ImageFileError(file, 'corrupt', `cannot decode the ${kind.toUpperCase()} image: ${(error as Error).message}`);
  }
}

function imageKind(bytes: Buffer): 'jpeg' | 'png' | 'bmp' | undefined {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (isBmp(bytes)) return 'bmp';
  return undefined;
}
