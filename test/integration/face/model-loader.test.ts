// The networks load from files the caller reads (here: the installed package), never
// from the network, and can be released again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadNodeFaceApi, modelFileReader } from '../../../core/face/node-face';
import { FaceAnalyser } from '../../../face/face-analyser';
import { FACE_MODELS, loadFaceModels } from '../../../face/model-loader';
import { tfOf, type FaceApi } from '../../../face/runtime';

let faceapi: FaceApi;
const read: string[] = [];

beforeAll(async () => {
  faceapi = await loadNodeFaceApi();
  vi.stubGlobal('fetch', () => Promise.reject(new Error('the face models must not be fetched')));
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe('loading the face models', () => {
  it('reads each model\'s manifest and weights through the injected reader, and nothing else', async () => {
    const fromPackage = modelFileReader();
    await loadFaceModels(faceapi, (name) => {
      read.push(name);
      return fromPackage(name);
    });
    expect(read.sort()).toEqual(
      Object.values(FACE_MODELS)
        .flatMap((model) => [`${model}-weights_manifest.json`, `${model}.bin`])
        .sort(),
    );
    for (const net of Object.keys(FACE_MODELS) as (keyof typeof FACE_MODELS)[]) expect(faceapi.nets[net].isLoaded).toBe(true);
  });

  it('a missing model file fails the load with its name', async () => {
    for (const net of Object.keys(FACE_MODELS) as (keyof typeof FACE_MODELS)[]) faceapi.nets[net].dispose();
    await expect(loadFaceModels(faceapi, modelFileReader('/nonexistent/models'))).rejects.toThrow(/tiny_face_detector_model|face_landmark_68_model|face_recognition_model/);
  });

  it('unloadModels frees the weights; loading again restores them', async () => {
    const tf = tfOf(faceapi);
    const analyser = await FaceAnalyser.load(faceapi, modelFileReader());
    const loaded = tf.memory().numTensors;
    analyser.unloadModels();
    expect(faceapi.nets.faceRecognitionNet.isLoaded).toBe(false);
    expect(tf.memory().numTensors).toBeLessThan(loaded);
    await FaceAnalyser.load(faceapi, modelFileReader());
    expect(tf.memory().numTensors).toBe(loaded);
  });
});
