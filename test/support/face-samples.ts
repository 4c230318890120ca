/**
 * A labelled face set made at test time from the group photos that ship inside the
 * installed @vladmandic/face-api package (demo/sample1-6.jpg): every face found becomes
 * one person; each person gets ID photos (102 x 126 px, like the card's) and live
 * camera frames (640 x 480) made by different transformations of their face: crops,
 * scaling, brightness and contrast, small rotations, mirroring, JPEG re-compression.
 * Nothing here is committed: the set is written to build/face-samples (git-ignored).
 *
 * Layout: <dir>/<person>/id-<variant>.jpg and live-<variant>.{png,jpg}, plus
 * manifest.json. scripts/calibrate-face.ts reads any folder laid out like this.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Tensor4D } from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeImage } from '../../core/face/image-file';
import { INSTALLED_MODEL_DIR, loadNodeFaceApi, modelFileReader } from '../../core/face/node-face';
import { pixelBufferToTensor, type PixelBuffer } from '../../face/face-image';
import { loadFaceModels } from '../../face/model-loader';
import { asFaceApiInput, tfOf, type Tf } from '../../face/runtime';

const SOURCE_DIR = join(INSTALLED_MODEL_DIR, '..', 'demo');
/** Bump when the transformations change, so a cached set is rebuilt. */
const SET_VERSION = 3;

/**
 * `all`: every face of the six photos (22 people), for calibration. `quick`: the four
 * faces of sample6.jpg, of which p6-3 and p6-4 look straight at the camera; enough for
 * the tests, and built in a fraction of the time.
 */
export type SampleScope = 'all' | 'quick';
const SOURCE_PHOTOS: Record<SampleScope, number[]> = { all: [1, 2, 3, 4, 5, 6], quick: [6] };

export function sampleSetDir(scope: SampleScope): string {
  return join(process.cwd(), 'build', 'face-samples', scope);
}

export const ID_PHOTO_SIZE = { width: 102, height: 126 };
export const LIVE_FRAME_SIZE = { width: 640, height: 480 };

interface Transformation {
  /** Degrees, clockwise. */
  rotate?: number;
  mirror?: boolean;
  /** Multiplies the difference from mid-grey... */
  contrast?: number;
  /** ...then scales every value. */
  brightness?: number;
  /** Shrinks to this fraction and back: a softer, lower-resolution picture. */
  resample?: number;
  /** Zooms the framing: above 1 the face fills more of the picture. */
  zoom?: number;
  jpegQuality?: number;
}

const ID_VARIANTS: Record<string, Transformation> = {
  plain: { jpegQuality: 85 },
  'mirror-bright': { mirror: true, brightness: 1.2, jpegQuality: 60 },
  'tilt-flat': { rotate: 3, contrast: 0.8, jpegQuality: 50 },
};

const LIVE_VARIANTS: Record<string, Transformation> = {
  plain: {},
  brighter: { brightness: 1.25 },
  'dim-flat': { brightness: 0.8, contrast: 0.8 },
  'tilt-left': { rotate: -5 },
  'tilt-right-mirror': { rotate: 5, mirror: true },
  recompressed: { jpegQuality: 35 },
  soft: { resample: 0.4 },
  'zoom-mirror': { zoom: 1.25, mirror: true },
};

export interface SamplePerson {
  id: string;
  idPhotos: string[];
  liveFrames: string[];
}

export interface SampleSet {
  dir: string;
  people: SamplePerson[];
}

/** The sample set, built on first use and cached under build/face-samples. */
export async function ensureSampleSet(scope: SampleScope = 'quick'): Promise<SampleSet> {
  const dir = sampleSetDir(scope);
  const cached = readSampleSet(dir);
  if (cached && isCurrent(dir)) return cached;
  // One builder at a time; test files running in parallel wait for it.
  const lock = `${dir}.lock`;
  mkdirSync(dirname(dir), { recursive: true });
  while (!tryLock(lock)) {
    await new Promise((r) => setTimeout(r, 250));
    const built = readSampleSet(dir);
    if (built && isCurrent(dir)) return built;
  }
  try {
    rmSync(dir, { recursive: true, force: true });
    await writeSampleSet(dir, SOURCE_PHOTOS[scope]);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  const built = readSampleSet(dir);
  if (!built) throw new Error(`the face sample set in ${dir} came out empty`);
  return built;
}

const STALE_LOCK_MS = 5 * 60_000;

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // A builder that died leaves its lock behind.
    const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
    if (since !== undefined && Date.now() - since > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
    return false;
  }
}

function isCurrent(dir: string): boolean {
  const manifest = join(dir, 'manifest.json');
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: number }).version === SET_VERSION;
}

/** Any folder of <person>/id-*.{jpg,png} and live-*.{jpg,png}; undefined if there is none. */
export function readSampleSet(dir: string): SampleSet | undefined {
  if (!existsSync(dir)) return undefined;
  const people = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const files = readdirSync(join(dir, entry.name)).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
      return {
        id: entry.name,
        idPhotos: files.filter((f) => f.startsWith('id-')).map((f) => join(dir, entry.name, f)),
        liveFrames: files.filter((f) => f.startsWith('live-')).map((f) => join(dir, entry.name, f)),
      };
    })
    .filter((p) => p.idPhotos.length > 0 || p.liveFrames.length > 0)
    .sort((a, b) => a.id.localeCompare(b.id));
  return people.length ? { dir, people } : undefined;
}

async function writeSampleSet(dir: string, photos: readonly number[]): Promise<void> {
  const faceapi = await loadNodeFaceApi();
  const tf = tfOf(faceapi);
  await loadFaceModels(faceapi, modelFileReader(), { ssdMobilenetv1: 'ssd_mobilenetv1_model' });
  const detector = new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5 });
  mkdirSync(dir, { recursive: true });
  for (const photoNumber of photos) {
    const photo = `sample${photoNumber}.jpg`;
    const decoded = pixelBufferToTensor(tf, decodeImage(readFileSync(join(SOURCE_DIR, photo)), photo));
    const source = tf.tidy(() => tf.expandDims(tf.cast(decoded, 'float32'), 0) as Tensor4D);
    try {
      const faces = (await faceapi.detectAllFaces(asFaceApiInput(decoded), detector)).map((d) => d.box).sort((a, b) => a.x - b.x);
      for (const [faceIndex, face] of faces.entries()) {
        const person = `p${photoNumber}-${faceIndex + 1}`;
        mkdirSync(join(dir, person));
        for (const [name, t] of Object.entries(ID_VARIANTS)) {
          writeImage(join(dir, person, `id-${name}.jpg`), render(tf, source, face, 'id', t), t.jpegQuality ?? 90);
        }
        for (const [index, [name, t]] of Object.entries(LIVE_VARIANTS).entries()) {
          // Half the frames PNG, half JPEG: both decoders get used.
          const file = `live-${name}.${t.jpegQuality || index % 2 ? 'jpg' : 'png'}`;
          writeImage(join(dir, person, file), render(tf, source, face, 'live', t), t.jpegQuality ?? 92);
        }
      }
    } finally {
      decoded.dispose();
      source.dispose();
    }
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: SET_VERSION, source: photos.map((n) => `@vladmandic/face-api/demo/sample${n}.jpg`) }));
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Crops the face the way each kind of picture frames it: an ID photo shows head and
 * shoulders with the face about 55 % of the height; a live frame from arm's length
 * shows the face about 45 % of a 640 x 480 frame. Everything outside an oval around the
 * head is replaced by a plain background, so that neighbours from the group photo do
 * not appear in the picture.
 */
function render(tf: Tf, source: Tensor4D, face: Box, kind: 'id' | 'live', t: Transformation): PixelBuffer {
  const size = kind === 'id' ? ID_PHOTO_SIZE : LIVE_FRAME_SIZE;
  const faceShare = (kind === 'id' ? 0.55 : 0.45) * (t.zoom ?? 1);
  const [, imageHeight = 0, imageWidth = 0] = source.shape;
  const cropHeight = face.height / faceShare;
  const cropWidth = (cropHeight * size.width) / size.height;
  const centreX = face.x + face.width / 2;
  const centreY = face.y + face.height / 2 - (kind === 'id' ? 0.06 * cropHeight : 0);
  const pixels = tf.tidy(() => {
    // A margin around the crop leaves room to rotate without bringing in empty corners.
    const margin = 1.25;
    const patchSize: [number, number] = [Math.round(size.height * margin), Math.round(size.width * margin)];
    const region = [
      (centreY - (cropHeight * margin) / 2) / imageHeight,
      (centreX - (cropWidth * margin) / 2) / imageWidth,
      (centreY + (cropHeight * margin) / 2) / imageHeight,
      (centreX + (cropWidth * margin) / 2) / imageWidth,
    ];
    let patch = tf.image.cropAndResize(source, [region], [0], patchSize, 'bilinear', 128);
    if (t.rotate) patch = tf.image.rotateWithOffset(patch, (t.rotate * Math.PI) / 180, 128);
    const top = Math.round((patchSize[0] - size.height) / 2);
    const left = Math.round((patchSize[1] - size.width) / 2);
    let out = tf.slice(patch, [0, top, left, 0], [1, size.height, size.width, 3]);
    out = onPlainBackground(tf, out, kind, {
      x: size.width / 2,
      y: size.height / 2 + (kind === 'id' ? 0.06 * size.height : 0),
      width: (face.width / cropWidth) * size.width,
      height: (face.height / cropHeight) * size.height,
    });
    if (t.resample) {
      const small = tf.image.resizeBilinear(out, [Math.round(size.height * t.resample), Math.round(size.width * t.resample)]);
      out = tf.image.resizeBilinear(small, [size.height, size.width]);
    }
    if (t.mirror) out = tf.image.flipLeftRight(out);
    if (t.contrast) out = tf.add(tf.mul(tf.sub(out, 128), t.contrast), 128);
    if (t.brightness) out = tf.mul(out, t.brightness);
    const rgb = tf.clipByValue(tf.round(tf.squeeze(out, [0])), 0, 255);
    return tf.concat([rgb, tf.fill([size.height, size.width, 1], 255)], 2).toInt();
  });
  const data = Uint8Array.from(pixels.dataSync());
  pixels.dispose();
  return { width: size.width, height: size.height, data };
}

/** ID photos have a light studio background; a live frame a dim wall. */
const BACKGROUND = { id: [232, 236, 240], live: [118, 116, 110] };

/** Keeps an oval around the face (centre x, y and face size in output pixels) and fills the rest, with a soft edge. */
function onPlainBackground(tf: Tf, picture: Tensor4D, kind: 'id' | 'live', face: Box): Tensor4D {
  const [, height = 0, width = 0] = picture.shape;
  const ys = tf.reshape(tf.range(0, height), [height, 1]);
  const xs = tf.reshape(tf.range(0, width), [1, width]);
  const dx = tf.div(tf.sub(xs, face.x), face.width * 0.95);
  // Taller below the eyes than above: hair above, chin and neck below.
  const dy = tf.div(tf.sub(ys, face.y), tf.where(tf.less(ys, face.y), tf.scalar(face.height * 0.95), tf.scalar(face.height * 1.05)));
  const radius = tf.sqrt(tf.add(tf.square(dx), tf.square(dy)));
  const keep = tf.reshape(tf.clipByValue(tf.div(tf.sub(1.1, radius), 0.2), 0, 1), [1, height, width, 1]);
  const background = tf.reshape(tf.tensor1d(BACKGROUND[kind]), [1, 1, 1, 3]);
  return tf.add(tf.mul(picture, keep), tf.mul(background, tf.sub(1, keep)));
}

function writeImage(file: string, pixels: PixelBuffer, jpegQuality: number): void {
  if (file.endsWith('.png')) {
    const png = new PNG({ width: pixels.width, height: pixels.height });
    png.data = Buffer.from(pixels.data);
    writeFileSync(file, PNG.sync.write(png, { deflateLevel: 3 }));
  } else {
    writeFileSync(file, jpeg.encode({ width: pixels.width, height: pixels.height, data: Buffer.from(pixels.data) }, jpegQuality).data);
  }
}

/** A looping fake-camera stream (y4m, 640 x 480) of one still picture, for Chromium's --use-file-for-fake-video-capture. */
export function y4mFromImage(image: string, out: string): string {
  const run = spawnSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', image, '-t', '2', '-pix_fmt', 'yuv420p', '-vf', 'scale=640:480', out], { encoding: 'utf8' });
  if (run.error) throw new Error(`ffmpeg not found: run scripts/setup-system (${run.error.message})`);
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr}`);
  return out;
}

/** One picture of the quick sample set by person and variant, e.g. ('p6-3', 'live-plain'). */
export function samplePicture(set: SampleSet, person: string, name: string): string {
  const found = set.people.find((p) => p.id === person);
  const file = [...(found?.idPhotos ?? []), ...(found?.liveFrames ?? [])].find((f) => basename(f).replace(/\.\w+$/, '') === name);
  if (!file) throw new Error(`no ${person}/${name} in the sample set`);
  return file;
}
