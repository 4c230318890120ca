import { PNG } from 'pngjs';

/** A checkerboard PNG, black where (x + y) is even. */
export function checkerPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const value = (x + y) % 2 === 0 ? 0 : 255;
      png.data[at] = png.data[at + 1] = png.data[at + 2] = value;
      png.data[at + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
