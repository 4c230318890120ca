/**
 * The card reader's photo format, as other tools write it: BMP files made by ffmpeg and
 * ImageMagick from a real photo decode to exactly the pixels of the lossless PNG they
 * were made from.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageFileError, readImageFile } from '../../../core/face/image-file';
import type { PixelBuffer } from '../../../face/face-image';
import { FACES_DEV_DIR } from '../../support/faces-dev';

const dir = mkdtempSync(join(tmpdir(), 'bmp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(tool: 'ffmpeg' | 'convert', args: string[]): void {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${tool} not found: run scripts/setup-system (${result.error.message})`);
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr}`);
}

function rgbOf(image: PixelBuffer): number[] {
  return Array.from(image.data).filter((_, i) => i % 4 !== 3);
}

/** The same picture stored top-down: rows in reading order, a negative height. */
function topDown(bmp: Buffer): Buffer {
  const out = Buffer.from(bmp);
  const offset = out.readUInt32LE(10);
  const height = out.readInt32LE(22);
  const stride = (out.length - offset) / height;
  for (let row = 0; row < height; row += 1) bmp.copy(out, offset + row * stride, offset + (height - 1 - row) * stride, offset + (height - row) * stride);
  out.writeInt32LE(-height, 22);
  return out;
}

// 102 x 126 is the reader's size (rows of 306 bytes padded to 308); 101 px wide pads 303 to 304.
const SIZES = [
  { width: 102, height: 126 },
  { width: 101, height: 75 },
] as const;

const WRITERS = {
  'ffmpeg 24-bit': (png: string, out: string) => run('ffmpeg', ['-v', 'error', '-y', '-i', png, '-pix_fmt', 'bgr24', out]),
  'ffmpeg 32-bit BGRA': (png: string, out: string) => run('ffmpeg', ['-v', 'error', '-y', '-i', png, '-pix_fmt', 'bgra', out]),
  'ImageMagick 24-bit (BMP3)': (png: string, out: string) => run('convert', [png, '-type', 'TrueColor', `BMP3:${out}`]),
  'ImageMagick 32-bit with bit masks (BMP4 header)': (png: string, out: string) =>
    run('convert', [png, '-alpha', 'set', '-define', 'bmp:format=bmp4', `BMP:${out}`]),
};

const sources = new Map<string, { png: string; pixels: PixelBuffer }>();
beforeAll(async () => {
  for (const { width, height } of SIZES) {
    const png = join(dir, `source-${width}x${height}.png`);
    run('convert', [join(FACES_DEV_DIR, 'obama', '1.jpg'), '-resize', `${width}x${height}!`, `PNG24:${png}`]);
    sources.set(`${width}x${height}`, { png, pixels: await readImageFile(png) });
  }
});

describe('BMP photos, as the card reader\'s decoder returns them', () => {
  for (const { width, height } of SIZES) {
    for (const [writer, write] of Object.entries(WRITERS)) {
      it(`reads a ${width} x ${height} ${writer} BMP, bottom-up and top-down, pixel for pixel`, async () => {
        const source = sources.get(`${width}x${height}`)!;
        const bottomUp = join(dir, `${writer.replace(/\W+/g, '-')}-${width}.bmp`);
        write(source.png, bottomUp);
        const topDownFile = `${bottomUp}.top-down.bmp`;
        writeFileSync(topDownFile, topDown(readFileSync(bottomUp)));

        for (const file of [bottomUp, topDownFile]) {
          const image = await readImageFile(file);
          expect(image).toMatchObject({ width, height });
          expect(rgbOf(image)).toEqual(rgbOf(source.pixels));
          expect(image.data.filter((_, i) => i % 4 === 3).every((alpha) => alpha === 255)).toBe(true);
        }
      });
    }
  }

  it('says why a BMP cannot be used: palette colours, or cut short', async () => {
    const source = sources.get('102x126')!;
    const palette = join(dir, 'palette.bmp');
    run('convert', [source.png, '-type', 'Palette', `BMP3:${palette}`]);
    await expect(readImageFile(palette)).rejects.toThrow(/8 bits per pixel \(24 or 32 are read\)/);

    const cut = join(dir, 'cut.bmp');
    WRITERS['ffmpeg 24-bit'](source.png, cut);
    writeFileSync(cut, readFileSync(cut).subarray(0, 5000));
    const error = await readImageFile(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageFileError);
    expect(error).toMatchObject({ reason: 'corrupt', message: expect.stringMatching(/cannot decode the BMP image: the BMP pixel data is cut short/) });
  });
});
