/**
 * Decodes the BMP that card readers' WLT decoders return (102 x 126, 24-bit, bottom-up
 * BGR) into RGBA pixels. Uncompressed 24- and 32-bit only, bottom-up or top-down, rows
 * padded to 4 bytes, 32-bit channels by bit masks (BI_BITFIELDS) or BGRX; alpha is
 * dropped, a face needs none. Ours rather than bmp-js/bmp-ts: those are unmaintained
 * (2018), rely on Node's Buffer (this runs in the renderer too), return ABGR and ignore
 * a 32-bit file's masks; what a reader produces needs these few lines.
 */
import type { PixelBuffer } from './face-image';

const FILE_HEADER = 14;
const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
/** Far beyond an ID photo or a camera frame; refuses a header that would allocate gigabytes. */
const MAX_PIXELS = 40_000_000;

export class BmpError extends Error {
  override name = 'BmpError';
}

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length > FILE_HEADER && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

interface Channel {
  shift: number;
  /** Largest value of the channel, to scale it to 0..255. */
  max: number;
}

export function decodeBmp(bytes: Uint8Array): PixelBuffer {
  if (!isBmp(bytes)) throw new BmpError('not a BMP file (no "BM" signature)');
  if (bytes.length < FILE_HEADER + 16) throw new BmpError('the BMP header is cut short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(FILE_HEADER, true);
  if (headerSize < 40) throw new BmpError(`unsupported BMP header of ${headerSize} bytes (OS/2 bitmaps are not read)`);
  if (bytes.length < FILE_HEADER + 40) throw new BmpError('the BMP header is cut short');
  const width = view.getInt32(18, true);
  const signedHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(signedHeight);
  const bottomUp = signedHeight > 0;
  if (width <= 0 || height === 0 || width * height > MAX_PIXELS) throw new BmpError(`implausible BMP size ${width} x ${signedHeight}`);
  if (bitsPerPixel !== 24 && bitsPerPixel !== 32) throw new BmpError(`unsupported BMP of ${bitsPerPixel} bits per pixel (24 or 32 are read)`);

  const channels = channelsOf(view, bitsPerPixel, compression, headerSize);
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  // The last row need not carry its padding.
  if (pixelOffset + stride * (height - 1) + width * bytesPerPixel > bytes.length) throw new BmpError('the BMP pixel data is cut short');

  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row += 1) {
    let source = pixelOffset + (bottomUp ? height - 1 - row : row) * stride;
    let target = row * width * 4;
    for (let x = 0; x < width; x += 1, source += bytesPerPixel, target += 4) {
      if (channels) {
        const value = view.getUint32(source, true);
        data[target] = scaled(value, channels[0]);
        data[target + 1] = scaled(value, channels[1]);
        data[target + 2] = scaled(value, channels[2]);
      } else {
        data[target] = bytes[source + 2]!;
        data[target + 1] = bytes[source + 1]!;
        data[target + 2] = bytes[source]!;
      }
      data[target + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Red, green and blue of a 32-bit pixel from its masks; undefined for plain BGR(X) bytes. */
function channelsOf(view: DataView, bitsPerPixel: number, compression: number, headerSize: number): [Channel, Channel, Channel] | undefined {
  if (compression === BI_RGB) return undefined;
  if (bitsPerPixel !== 32 || (compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS)) {
    throw new BmpError(`unsupported BMP compression ${compression} at ${bitsPerPixel} bits per pixel (uncompressed only)`);
  }
  // The masks sit right after a 40-byte header, or inside a V2..V5 header at the same place.
  const masksAt = FILE_HEADER + 40;
  if (view.byteLength < masksAt + 12 || headerSize < 40) throw new BmpError('the BMP colour masks are cut short');
  const masks = [0, 4, 8].map((offset) => view.getUint32(masksAt + offset, true));
  return masks.map((mask) => {
    if (mask === 0) throw new BmpError('a BMP colour mask is empty');
    let shift = 0;
    while (((mask >>> shift) & 1) === 0) shift += 1;
    return { shift, max: mask >>> shift };
  }) as [Channel, Channel, Channel];
}

function scaled(value: number, { shift, max }: Channel): number {
  const channel = (value >>> shift) & max;
  return max === 255 ? channel : Math.round((channel * 255) / max);
}
