// The face pipeline under Node on the real networks (tfjs WASM backend), on pictures
// made at test time from the photos that ship with @vladmandic/face-api.
import { basename } from 'node:path';
import type { Tensor3D } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readImageFile } from '../../../core/face/image-file';
import { loadNodeFaceAnalyser, loadNodeFaceApi } from '../../../core/face/node-face';
import { descriptorDistance } from '../../../face/descriptor';
import type { FaceAnalyser } from '../../../face/face-analyser';
import { pixelBufferToTensor } from '../../../face/face-image';
import { tfOf, type Tf } from '../../../face/runtime';
import { DEFAULT_FACE_SETTINGS } from '../../../face/settings';
import { ensureSampleSet, type SampleSet } from '../../support/face-samples';

let set: SampleSet;
let analyser: FaceAnalyser;
let tf: Tf;

beforeAll(async () => {
  set = await ensureSampleSet('quick');
  analyser = await loadNodeFaceAnalyser();
  tf = tfOf(await loadNodeFaceApi());
}, 180_000);

/** p6-3 and p6-4 look straight at the camera; p6-2 is turned. */
function picture(person: string, name: string): string {
  const found = set.people.find((p) => p.id === person);
  const file = [...(found?.idPhotos ?? []), ...(found?.liveFrames ?? [])].find((f) => basename(f).replace(/\.\w+$/, '') === name);
  if (!file) throw new Error(`no ${person}/${name} in the sample set`);
  return file;
}

async function tensorOf(person: string, name: string): Promise<Tensor3D> {
  return pixelBufferToTensor(tf, await readImageFile(picture(person, name)));
}

/** Runs `make` on a picture and analyses the result as a live frame. */
async function analyseModified(person: string, make: (t: Tensor3D) => Tensor3D) {
  const original = await tensorOf(person, 'live-plain');
  const modified = tf.tidy(() => tf.cast(tf.clipByValue(make(original), 0, 255), 'int32') as Tensor3D);
  try {
    return await analyser.analyseFrame(modified);
  } finally {
    tf.dispose([original, modified]);
  }
}

const GREY = 118;
const pad = (t: Tensor3D, top: number, bottom: number, left: number, right: number): Tensor3D => tf.pad(t, [[top, bottom], [left, right], [0, 0]], GREY);

describe('describing still photos', () => {
  it('finds the face in a 102 x 126 ID photo (padded and upscaled) and reports its box in the photo', async () => {
    const result = await analyser.describeStill(await readImageFile(picture('p6-3', 'id-plain')));
    if (!result.ok) throw new Error(`expected a face, got ${result.reason}`);
    expect(result.descriptor).toHaveLength(128);
    expect(result.box.x).toBeGreaterThanOrEqual(0);
    expect(result.box.x + result.box.width).toBeLessThanOrEqual(102 + 1);
    expect(result.box.height).toBeGreaterThan(40);
  });

  it('a photo without a face, or with two, gives no descriptor', async () => {
    expect(await analyser.describeStill({ width: 102, height: 126, data: new Uint8Array(102 * 126 * 4).fill(200) })).toEqual({ ok: false, reason: 'no-face' });
    const [a, b] = [await tensorOf('p6-3', 'id-plain'), await tensorOf('p6-4', 'id-plain')];
    const pair = tf.concat([a, b], 1) as Tensor3D;
    expect(await analyser.describeStill(pair)).toEqual({ ok: false, reason: 'several-faces' });
    tf.dispose([a, b, pair]);
  });
});

describe('matching an ID photo against live frames', () => {
  it('the same person is within the default threshold, another person is beyond it', async () => {
    const idPhoto = await analyser.describeStill(await readImageFile(picture('p6-3', 'id-mirror-bright')));
    const other = await analyser.describeStill(await readImageFile(picture('p6-4', 'id-plain')));
    const live = await analyser.analyseFrame(await readImageFile(picture('p6-3', 'live-plain')));
    if (!idPhoto.ok || !other.ok || !live.descriptor) throw new Error('expected three descriptors');
    expect(descriptorDistance(idPhoto.descriptor, live.descriptor)).toBeLessThanOrEqual(DEFAULT_FACE_SETTINGS.threshold);
    expect(descriptorDistance(other.descriptor, live.descriptor)).toBeGreaterThan(DEFAULT_FACE_SETTINGS.threshold);
  });
});

describe('quality gates on live frames', () => {
  it('a centred, frontal, sharp, well-lit frame passes and carries a descriptor', async () => {
    const frame = await analyser.analyseFrame(await readImageFile(picture('p6-4', 'live-recompressed')));
    expect(frame.reasons).toEqual([]);
    expect(frame.faces).toHaveLength(1);
    expect(frame.face?.landmarks).toHaveLength(68);
    expect(frame.descriptor).toHaveLength(128);
    expect(frame).toMatchObject({ width: 640, height: 480 });
  });

  it('computes no descriptor when not asked for one', async () => {
    const frame = await analyser.analyseFrame(await readImageFile(picture('p6-4', 'live-plain')), { describe: false });
    expect(frame.reasons).toEqual([]);
    expect(frame.descriptor).toBeUndefined();
  });

  it.each([
    ['too-dark', (t: Tensor3D) => tf.mul(t, 0.3)],
    ['too-bright', (t: Tensor3D) => tf.mul(t, 2.2)],
    ['blurred', (t: Tensor3D) => tf.image.resizeBilinear(tf.image.resizeBilinear(t, [60, 80]), [480, 640])],
    ['face-too-small', (t: Tensor3D) => pad(tf.image.resizeBilinear(t, [288, 384]), 96, 96, 128, 128)],
    ['off-centre', (t: Tensor3D) => tf.slice(pad(t, 0, 0, 200, 0), [0, 0, 0], [480, 640, 3])],
    // Someone looking over the applicant's shoulder: two faces side by side.
    ['several-faces', (t: Tensor3D) => tf.concat([tf.slice(t, [0, 80, 0], [480, 320, 3]), tf.slice(tf.reverse(t, 1), [0, 240, 0], [480, 320, 3])], 1)],
    ['no-face', (t: Tensor3D) => tf.fill(t.shape, GREY)],
  ] as const)('%s: the gate says so and no descriptor is taken', async (reason, make) => {
    const frame = await analyseModified('p6-3', make as (t: Tensor3D) => Tensor3D);
    expect(frame.reasons).toContain(reason);
    expect(frame.descriptor).toBeUndefined();
  });

  it('turned-sideways: a face turned away from the camera', async () => {
    const frame = await analyser.analyseFrame(await readImageFile(picture('p6-2', 'live-plain')));
    expect(frame.reasons).toContain('turned-sideways');
    expect(frame.face?.readings.pose.yaw).toBeLessThan(-DEFAULT_FACE_SETTINGS.threshold / 2);
  });
});

describe('memory', () => {
  it('leaves no tensor behind and never disposes a tensor the caller passed in', async () => {
    const frame = await tensorOf('p6-3', 'live-plain');
    const idPhoto = await readImageFile(picture('p6-3', 'id-plain'));
    await analyser.analyseFrame(frame);
    await analyser.describeStill(idPhoto);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i += 1) {
      await analyser.analyseFrame(frame);
      await analyser.describeStill(idPhoto);
      await analyser.analyseFrame({ width: 64, height: 48, data: new Uint8Array(64 * 48 * 4) });
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(frame.isDisposed).toBe(false);
    frame.dispose();
  });
});
