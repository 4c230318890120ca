/**
 * Loads the three networks face verification needs from files the caller reads: the
 * renderer fetches them from its own origin, Node reads them from the installed
 * package. Never from the network.
 */
import type { io } from '@tensorflow/tfjs';
import { tfOf, type FaceApi } from './runtime';

/** Reads one file of face-api's model folder by its bare name. */
export type ModelFileReader = (fileName: string) => Promise<ArrayBuffer>;

/** face-api's default model names: `<name>-weights_manifest.json` plus the .bin shards it lists. */
export const FACE_MODELS = {
  tinyFaceDetector: 'tiny_face_detector_model',
  faceLandmark68Net: 'face_landmark_68_model',
  faceRecognitionNet: 'face_recognition_model',
} as const;

export type FaceModelNet = keyof typeof FACE_MODELS;
type FaceApiNet = keyof FaceApi['nets'];

function manifestFileName(modelName: string): string {
  return `${modelName}-weights_manifest.json`;
}

export async function loadFaceModels(
  faceapi: FaceApi,
  read: ModelFileReader,
  nets: Partial<Record<FaceApiNet, string>> = FACE_MODELS,
): Promise<void> {
  const tf = tfOf(faceapi);
  const loadWeights = tf.io.weightsLoaderFactory((paths) => Promise.all(paths.map((path) => read(bareName(path)))));
  await Promise.all(
    (Object.entries(nets) as [FaceApiNet, string][]).map(async ([net, modelName]) => {
      const network = faceapi.nets[net];
      if (network.isLoaded) return;
      const manifest = JSON.parse(new TextDecoder().decode(await read(manifestFileName(modelName)))) as io.WeightsManifestConfig;
      network.loadFromWeightMap((await loadWeights(manifest, '')) as never);
    }),
  );
}

// tfjs joins the prefix and the manifest's path with '/'.
function bareName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
