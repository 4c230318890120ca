/**
 * The face pipeline over face-api: live frames (detect, landmarks, quality gates, and
 * the descriptor of a good frame) and still photos such as the 102 x 126 px ID photo
 * (padded and upscaled until the detector finds the face). The same code runs in the
 * renderer and under Node; the caller supplies face-api and the model files.
 */
import type { FaceLandmarks68 } from '@vladmandic/face-api';
import { withImageTensor, type FaceImage } from './face-image';
import { measureRegion, type Region } from './image-measures';
import { mainFace } from './main-face';
import { measurePose, type FacePose, type Point } from './landmark-pose';
import { loadFaceModels, FACE_MODELS, type FaceModelNet, type ModelFileReader } from './model-loader';
import { assessQuality, type FaceReadings, type QualityReason } from './quality-gates';
import { asFaceApiInput, tfOf, type FaceApi, type Tensor3D, type Tf } from './runtime';
import { DEFAULT_QUALITY_LIMITS, type QualityLimits } from './settings';

export type FaceBox = Region;

export interface FrameAnalysis {
  width: number;
  height: number;
  /** Every face found, for drawing. */
  faces: FaceBox[];
  /** The face when there is exactly one. */
  face?: { box: FaceBox; score: number; landmarks: Point[]; readings: FaceReadings };
  /** Failed quality gates, most important first; empty for a good frame. */
  reasons: QualityReason[];
  /** Only on a good frame, and only when asked for. */
  descriptor?: Float32Array;
}

export type StillDescription =
  /** `pose`: the face's head pose and mouth opening from its landmarks (landmark-pose.ts), as a live frame's readings give it. */
  | { ok: true; descriptor: Float32Array; box: FaceBox; pose: FacePose }
  | { ok: false; reason: 'no-face' | 'several-faces' };

export interface FaceAnalyserOptions {
  limits?: QualityLimits;
  /** Tiny face detector input size for live frames (multiple of 32): smaller is faster. */
  liveInputSize?: number;
  /** Live detections scoring lower are not faces. */
  liveMinScore?: number;
}

/**
 * A still photo is upscaled until its longer side has at least this many pixels, and
 * framed by a plain border of a fraction of its longer side, so that a tightly cropped
 * ID photo looks like a scene to the detector. The first border finds most faces; a
 * tight crop of a slightly turned face may need a wider one (the face then smaller in
 * the detector's input), so the next are tried before giving up.
 */
const STILL_MIN_SIDE = 480;
const STILL_PADDINGS = [0.25, 0.6, 1];
const STILL_DETECTOR = { inputSize: 320, scoreThreshold: 0.3 };

export class FaceAnalyser {
  private readonly tf: Tf;
  private readonly limits: QualityLimits;
  private readonly liveOptions: InstanceType<FaceApi['TinyFaceDetectorOptions']>;
  private readonly stillOptions: InstanceType<FaceApi['TinyFaceDetectorOptions']>;

  private constructor(
    private readonly faceapi: FaceApi,
    options: FaceAnalyserOptions,
  ) {
    this.tf = tfOf(faceapi);
    this.limits = options.limits ?? DEFAULT_QUALITY_LIMITS;
    this.liveOptions = new faceapi.TinyFaceDetectorOptions({ inputSize: options.liveInputSize ?? 256, scoreThreshold: options.liveMinScore ?? 0.4 });
    this.stillOptions = new faceapi.TinyFaceDetectorOptions(STILL_DETECTOR);
  }

  static async load(faceapi: FaceApi, readModelFile: ModelFileReader, options: FaceAnalyserOptions = {}): Promise<FaceAnalyser> {
    await loadFaceModels(faceapi, readModelFile);
    return new FaceAnalyser(faceapi, options);
  }

  async analyseFrame(image: FaceImage, { describe = true }: { describe?: boolean } = {}): Promise<FrameAnalysis> {
    return withImageTensor(this.tf, image, async (tensor) => {
      const [height, width] = tensor.shape;
      const found = await this.faceapi.detectAllFaces(asFaceApiInput(tensor), this.liveOptions).withFaceLandmarks();
      const faces = found.map((f) => clampBox(f.detection.box, width, height));
      const only = found.length === 1 ? found[0] : undefined;
      const box = faces[0];
      if (!only || !box) return { width, height, faces, reasons: found.length === 0 ? ['no-face'] : ['several-faces'] };

      const landmarks = only.landmarks.positions.map(({ x, y }) => ({ x, y }));
      const readings: FaceReadings = {
        heightRatio: box.height / height,
        offsetX: (box.x + box.width / 2) / width - 0.5,
        offsetY: (box.y + box.height / 2) / height - 0.5,
        pose: measurePose(landmarks),
        ...measureRegion(this.tf, tensor, box),
      };
      const reasons = assessQuality(1, readings, this.limits);
      const analysis: FrameAnalysis = { width, height, faces, face: { box, score: only.detection.score, landmarks, readings }, reasons };
      if (describe && reasons.length === 0) analysis.descriptor = await this.descriptorOf(tensor, only.landmarks);
      return analysis;
    });
  }

  /**
   * The descriptor of the one face in a still photo (an ID photo, a technician's test
   * shot). Detections that are part of the main face or far weaker are ignored; when no
   * single face is found the photo is framed by a wider border and searched again.
   */
  async describeStill(image: FaceImage): Promise<StillDescription> {
    return withImageTensor(this.tf, image, async (original) => {
      for (const paddingShare of STILL_PADDINGS) {
        const { tensor, scale, padding } = this.frameStill(original, paddingShare);
        try {
          const found = mainFace(await this.faceapi.detectAllFaces(asFaceApiInput(tensor), this.stillOptions).withFaceLandmarks());
          if (found && found.others.length === 0) {
            const { x, y, width, height } = found.main.detection.box;
            const box = { x: (x - padding) / scale, y: (y - padding) / scale, width: width / scale, height: height / scale };
            const pose = measurePose(found.main.landmarks.positions);
            return { ok: true, descriptor: await this.descriptorOf(tensor, found.main.landmarks), box, pose };
          }
          // Two people stay two people: a wider border is only for a face not found at all.
          if (found) return { ok: false, reason: 'several-faces' };
        } finally {
          tensor.dispose();
        }
      }
      return { ok: false, reason: 'no-face' };
    });
  }

  /** Frees the networks' weights. They are face-api's globals: every analyser on this face-api loses them. */
  unloadModels(): void {
    for (const net of Object.keys(FACE_MODELS) as FaceModelNet[]) {
      if (this.faceapi.nets[net].isLoaded) this.faceapi.nets[net].dispose();
    }
  }

  private frameStill(image: Tensor3D, paddingShare: number): { tensor: Tensor3D; scale: number; padding: number } {
    const tf = this.tf;
    const [height, width] = image.shape;
    const scale = Math.max(1, STILL_MIN_SIDE / Math.max(width, height));
    const padding = Math.round(paddingShare * Math.max(width, height) * scale);
    const tensor = tf.tidy(() => {
      const resized = scale > 1 ? tf.image.resizeBilinear(image, [Math.round(height * scale), Math.round(width * scale)]) : tf.cast(image, 'float32');
      const background = tf.mean(resized).dataSync()[0] ?? 128;
      const padded = tf.pad(resized, [[padding, padding], [padding, padding], [0, 0]], background);
      return tf.cast(tf.round(padded), 'int32');
    });
    return { tensor, scale, padding };
  }

  private async descriptorOf(tensor: Tensor3D, landmarks: FaceLandmarks68): Promise<Float32Array> {
    // As face-api's withFaceDescriptors does it: the face cut out along the landmarks' dlib alignment.
    const aligned = landmarks.align(null, { useDlibAlignment: true });
    const rect = new this.faceapi.Rect(aligned.x, aligned.y, aligned.width, aligned.height);
    const [face] = await this.faceapi.extractFaceTensors(asFaceApiInput(tensor) as never, [rect]);
    if (!face) throw new Error('face-api cut out no face');
    try {
      return (await this.faceapi.nets.faceRecognitionNet.computeFaceDescriptor(face)) as Float32Array;
    } finally {
      face.dispose();
    }
  }
}

function clampBox(box: Region, width: number, height: number): FaceBox {
  const x = Math.max(0, box.x);
  const y = Math.max(0, box.y);
  return { x, y, width: Math.min(width, box.x + box.width) - x, height: Math.min(height, box.y + box.height) - y };
}
