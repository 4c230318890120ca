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
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Tensor4D } from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeImage } from '../../core/face/image-file';
import { INSTALLED_MODEL_DIR, loadNodeFaceAnalyser, loadNodeFaceApi, modelFileReader } from '../../core/face/node-face';
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
  /** Keeps the photo's own background instead of an oval on a plain one (real single-person photos). */
  keepBackground?: boolean;
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

export interface Box {
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
export function render(tf: Tf, source: Tensor4D, face: Box, kind: 'id' | 'live', t: Transformation): PixelBuffer {
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
    if (!t.keepBackground) out = onPlainBackground(tf, out, kind, {
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

/**
 * A turning head for the liveness challenge: keyframes of the loop, in seconds from its
 * start, and how far the head is turned then: 0 frontal, 1 a full turn to the
 * applicant's own left (the nose towards the frame's right, landmark yaw > 0), -1 to
 * their right. The frontal part gives the matching phase its good frames; each turn is
 * held for well over a second so the browser's few analysed frames a second see it on
 * consecutive frames (DEFAULT_LIVENESS_LIMITS.framesToHold); the whole loop is short
 * enough that either order of the two steps finishes within one step timeout each.
 */
export const HEAD_TURN_LOOP: ReadonlyArray<readonly [seconds: number, turn: number]> = [
  [0, 0],
  [0.8, 0],
  [1.1, 1],
  [2.6, 1],
  [3.2, -1],
  [4.7, -1],
  [5.0, 0],
];
const HEAD_TURN_FPS = 10;
/**
 * Where a full turn moves the nose tip across the jaw, in landmark-pose.ts yaw, so that
 * the landmarks (which follow the nose only part of the way) still read well past the
 * liveness limit of 0.4: measured on p6-3 live-plain, a full turn to the left reads
 * 0.60; the mirrored turn to the right reads -0.55 to -0.61 with the nose moved 0.86 to
 * 0.92 of the way, but only about -0.4 with less or more.
 */
const FULL_TURN_YAW = { left: 0.75, right: 0.885 };
/** Bump when the loop or the warp changes, so a cached video is rebuilt. */
const HEAD_TURN_VERSION = 1;

/** The turn at `seconds` into the loop, linear between keyframes. */
export function headTurnAt(seconds: number): number {
  const loop = HEAD_TURN_LOOP;
  for (let i = 1; i < loop.length; i += 1) {
    const [t1, v1] = loop[i] as readonly [number, number];
    const [t0, v0] = loop[i - 1] as readonly [number, number];
    if (seconds <= t1) return t1 === t0 ? v1 : v0 + ((v1 - v0) * (seconds - t0)) / (t1 - t0);
  }
  return (loop[loop.length - 1] as readonly [number, number])[1];
}

/** Where the head is in the picture, in pixel columns: the jaw's outer ends and the nose tip (landmarks 0, 16, 30). */
export interface HeadColumns {
  jawLeft: number;
  nose: number;
  jawRight: number;
}

/**
 * The picture with the head turned by `turn` (-1..1). A turn to the applicant's left
 * remaps the columns between the jaw's ends so the nose tip slides towards the frame's
 * right, stretching one cheek and squeezing the other, as a head turning in a 2-D
 * picture does; everything outside the jaw stays, so the head's outline and the
 * background do not move. A turn to the right is the mirror picture of the same turn to
 * the left: squeezing the other cheek of p6-3 instead, the landmarks' yaw never got
 * past -0.40 (the limit) before the detector lost the face.
 */
export function turnHead(picture: PixelBuffer, head: HeadColumns, turn: number): PixelBuffer {
  const { width, height, data } = picture;
  const span = head.jawRight - head.jawLeft;
  const targetNose = head.jawLeft + ((1 + Math.abs(turn) * FULL_TURN_YAW[turn < 0 ? 'right' : 'left']) / 2) * span;
  // For each output column, the source column it shows (piecewise linear through the nose).
  const sourceOf = (x: number): number => {
    if (x <= head.jawLeft || x >= head.jawRight) return x;
    if (x <= targetNose) return head.jawLeft + ((x - head.jawLeft) * (head.nose - head.jawLeft)) / (targetNose - head.jawLeft);
    return head.nose + ((x - targetNose) * (head.jawRight - head.nose)) / (head.jawRight - targetNose);
  };
  const out = new Uint8Array(width * height * 4);
  for (let x = 0; x < width; x += 1) {
    const source = Math.min(width - 1, Math.max(0, sourceOf(x)));
    const x0 = Math.floor(source);
    const x1 = Math.min(width - 1, x0 + 1);
    const share = source - x0;
    const to = turn < 0 ? width - 1 - x : x;
    for (let y = 0; y < height; y += 1) {
      const row = y * width * 4;
      for (let c = 0; c < 4; c += 1) {
        out[row + to * 4 + c] = Math.round((data[row + x0 * 4 + c] ?? 0) * (1 - share) + (data[row + x1 * 4 + c] ?? 0) * share);
      }
    }
  }
  return { width, height, data: out };
}

/** Finds the head's columns in a live picture with the Node face module. */
export async function headColumnsOf(picture: PixelBuffer): Promise<HeadColumns> {
  const analyser = await loadNodeFaceAnalyser();
  const analysis = await analyser.analyseFrame(picture, { describe: false });
  const landmarks = analysis.face?.landmarks;
  if (!landmarks) throw new Error(`expected one face in the picture to turn, found ${analysis.faces.length}`);
  const at = (i: number): number => (landmarks[i] as { x: number }).x;
  return { jawLeft: at(0), nose: at(30), jawRight: at(16) };
}

/** The frames of one loop of the turning head, at HEAD_TURN_FPS. */
export async function headTurnFrames(image: string): Promise<Array<{ seconds: number; turn: number; picture: PixelBuffer }>> {
  const picture = decodeImage(readFileSync(image), image);
  const head = await headColumnsOf(picture);
  const duration = (HEAD_TURN_LOOP[HEAD_TURN_LOOP.length - 1] as readonly [number, number])[0];
  const frames = [];
  for (let i = 0; i < Math.round(duration * HEAD_TURN_FPS); i += 1) {
    const seconds = i / HEAD_TURN_FPS;
    const turn = headTurnAt(seconds);
    frames.push({ seconds, turn, picture: turnHead(picture, head, turn) });
  }
  return frames;
}

/**
 * A looping fake-camera stream (y4m, 640 x 480) of the face in `image` turning its head
 * to the left and then to the right (HEAD_TURN_LOOP), for the liveness challenge. Cached
 * under build/face-samples/liveness by picture and version; test files running in
 * parallel share it (each writes its own temporary file and renames it into place).
 */
export async function headTurnY4m(image: string): Promise<string> {
  const dir = join(process.cwd(), 'build', 'face-samples', 'liveness');
  const out = join(dir, `${basename(dirname(image))}-${basename(image).replace(/\.\w+$/, '')}-turn-v${SET_VERSION}.${HEAD_TURN_VERSION}.y4m`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const frames = await headTurnFrames(image);
  const first = frames[0]?.picture ?? LIVE_FRAME_SIZE;
  const partial = `${out}.${process.pid}.part`;
  const run = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${first.width}x${first.height}`, '-r', String(HEAD_TURN_FPS), '-i', '-', '-pix_fmt', 'yuv420p', '-vf', 'scale=640:480', '-f', 'yuv4mpegpipe', partial],
    { input: Buffer.concat(frames.map((f) => Buffer.from(f.picture.data))), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  if (run.error) throw new Error(`ffmpeg not found: run scripts/setup-system (${run.error.message})`);
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr}`);
  renameSync(partial, out);
  return out;
}
