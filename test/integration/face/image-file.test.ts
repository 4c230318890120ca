import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImageFileError, readImageFile } from '../../../core/face/image-file';
import { ensureSampleSet, type SampleSet } from '../../support/face-samples';

const dir = mkdtempSync(join(tmpdir(), 'face-image-'));
let set: SampleSet;
beforeAll(async () => {
  set = await ensureSampleSet('quick');
}, 180_000);

async function reason(file: string): Promise<string> {
  try {
    await readImageFile(file);
  } catch (error) {
    if (error instanceof ImageFileError) return error.reason;
    throw error;
  }
  return 'read';
}

describe('reading photos from files', () => {
  it('decodes JPEG and PNG into RGBA pixels', async () => {
    const person = set.people[0]!;
    const jpeg = await readImageFile(person.idPhotos[0]!);
    expect(jpeg).toMatchObject({ width: 102, height: 126 });
    expect(jpeg.data).toHaveLength(102 * 126 * 4);
    const png = await readImageFile(person.liveFrames.find((f) => f.endsWith('.png'))!);
    expect(png).toMatchObject({ width: 640, height: 480 });
    expect(png.data).toHaveLength(640 * 480 * 4);
  });

  it('says why a file cannot be used: missing, not an image, or damaged', async () => {
    expect(await reason(join(dir, 'missing.jpg'))).toBe('unreadable');
    writeFileSync(join(dir, 'notes.txt'), 'not a photo');
    expect(await reason(join(dir, 'notes.txt'))).toBe('not-an-image');
    const png = readFileSync(set.people[0]!.liveFrames.find((f) => f.endsWith('.png'))!);
    writeFileSync(join(dir, 'cut.png'), png.subarray(0, 200));
    expect(await reason(join(dir, 'cut.png'))).toBe('corrupt');
  });
});
