/**
 * ID photos are tight crops. Real photos (../shared/data/faces-dev) cut far tighter than
 * a typical ID photo, face slightly turned in several of them: the still-photo pipeline
 * still finds the one face and describes it as the same person, yet two people side by
 * side remain "several faces".
 */
import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadNodeFaceAnalyser } from '../../../core/face/node-face';
import { descriptorDistance } from '../../../face/descriptor';
import type { FaceAnalyser } from '../../../face/face-analyser';
import type { PixelBuffer } from '../../../face/face-image';
import { DEFAULT_FACE_SETTINGS } from '../../../face/settings';
import { FACES_DEV_DIR, frameRealPhoto } from '../../support/faces-dev';

let analyser: FaceAnalyser;
beforeAll(async () => {
  analyser = await loadNodeFaceAnalyser();
}, 180_000);

/**
 * Photos and how much tighter than a usual ID photo they are cut (2 = half the width
 * and height around the face): each of these was "no face" before.
 */
const TIGHT_CROPS = {
  'biden/2.jpg': 1.6,
  'kit-harington/3.jpg': 1.6,
  'obama/4.jpg': 1.6,
  'alex-lacamoire/3.png': 2,
  'alex-lacamoire/1.jpg': 2.4,
  'rose-leslie/1.jpg': 2.4,
};

async function descriptor(image: PixelBuffer): Promise<Float32Array> {
  const described = await analyser.describeStill(image);
  if (!described.ok) throw new Error(`no usable face: ${described.reason}`);
  return described.descriptor;
}

function sideBySide(left: PixelBuffer, right: PixelBuffer): PixelBuffer {
  const width = left.width + right.width;
  const data = new Uint8Array(width * left.height * 4);
  for (let y = 0; y < left.height; y += 1) {
    data.set(left.data.subarray(y * left.width * 4, (y + 1) * left.width * 4), y * width * 4);
    data.set(right.data.subarray(y * right.width * 4, (y + 1) * right.width * 4), (y * width + left.width) * 4);
  }
  return { width, height: left.height, data };
}

describe('tightly cropped ID photos', () => {
  for (const [photo, zoom] of Object.entries(TIGHT_CROPS)) {
    it(`finds the one face in ${photo} cut ${zoom} times tighter and matches it with the usual crop`, async () => {
      const file = `${FACES_DEV_DIR}/${photo}`;
      const usual = await descriptor(await frameRealPhoto(file, { kind: 'id' }));
      const tight = await descriptor(await frameRealPhoto(file, { kind: 'id', zoom }));
      expect(descriptorDistance(usual, tight), basename(photo)).toBeLessThanOrEqual(DEFAULT_FACE_SETTINGS.threshold);
    });
  }

  it('still calls two people side by side "several faces"', async () => {
    const [left, right] = await Promise.all(['obama/1.jpg', 'rose-leslie/2.jpg'].map((p) => frameRealPhoto(`${FACES_DEV_DIR}/${p}`, { kind: 'id' })));
    expect(await analyser.describeStill(sideBySide(left!, right!))).toEqual({ ok: false, reason: 'several-faces' });
  });
});
