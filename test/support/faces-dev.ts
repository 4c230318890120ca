/**
 * The real photos of ../shared/data/faces-dev (six people, several occasions each; MIT
 * licence, see its README): the calibration set and the tight-crop tests' source.
 * `$FACES_DEV_DIR` points elsewhere.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Tensor4D } from '@tensorflow/tfjs';
import { readImageFile } from '../../core/face/image-file';
import { loadNodeFaceApi, modelFileReader } from '../../core/face/node-face';
import { pixelBufferToTensor, type PixelBuffer } from '../../face/face-image';
import { loadFaceModels } from '../../face/model-loader';
import { asFaceApiInput, tfOf } from '../../face/runtime';
import { render, type Box } from './face-samples';

export const FACES_DEV_DIR = resolve(process.env.FACES_DEV_DIR ?? join(process.cwd(), '..', 'shared', 'data', 'faces-dev'));

export interface RealPerson {
  id: string;
  /** Every photo of the person, each from a different occasion. */
  photos: string[];
}

/** One entry per person folder, photos sorted by name. */
export function realPeople(dir: string = FACES_DEV_DIR): RealPerson[] {
  if (!existsSync(dir)) throw new Error(`no real face photos at ${dir}: lay the shared data beside the work tree (../shared/data/faces-dev) or set FACES_DEV_DIR`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      id: entry.name,
      photos: readdirSync(join(dir, entry.name))
        .filter((name) => /\.(jpe?g|png)$/i.test(name))
        .sort()
        .map((name) => join(dir, entry.name, name)),
    }))
    .filter((person) => person.photos.length > 0)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** How a real photo is framed for the kiosk: `zoom` above 1 crops tighter than a typical ID photo or camera frame. */
export interface Framing {
  kind: 'id' | 'live';
  zoom?: number;
}

let detector: Promise<(file: string) => Promise<{ source: Tensor4D; face: Box }>> | undefined;

/** The largest face of a photo, found by face-api's SSD detector (slower and surer than the kiosk's tiny one). */
function largestFaceFinder(): Promise<(file: string) => Promise<{ source: Tensor4D; face: Box }>> {
  detector ??= (async () => {
    const faceapi = await loadNodeFaceApi();
    const tf = tfOf(faceapi);
    await loadFaceModels(faceapi, modelFileReader(), { ssdMobilenetv1: 'ssd_mobilenetv1_model' });
    const options = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
    return async (file: string) => {
      const decoded = pixelBufferToTensor(tf, await readImageFile(file));
      try {
        const faces = (await faceapi.detectAllFaces(asFaceApiInput(decoded), options)).map((d) => d.box);
        const face = faces.sort((a, b) => b.area - a.area)[0];
        if (!face) throw new Error(`${file}: the SSD detector found no face to frame`);
        const source = tf.tidy(() => tf.expandDims(tf.cast(decoded, 'float32'), 0) as Tensor4D);
        return { source, face: { x: face.x, y: face.y, width: face.width, height: face.height } };
      } finally {
        decoded.dispose();
      }
    };
  })();
  return detector;
}

/**
 * A real photo as the kiosk meets it: cut around its largest face into a 102 x 126 ID
 * photo (head and shoulders, the photo's own background) or a 640 x 480 camera frame.
 */
export async function frameRealPhoto(file: string, { kind, zoom = 1 }: Framing): Promise<PixelBuffer> {
  const tf = tfOf(await loadNodeFaceApi());
  const { source, face } = await (await largestFaceFinder())(file);
  try {
    return render(tf, source, face, kind, { keepBackground: true, zoom });
  } finally {
    source.dispose();
  }
}
