/**
 * Face verification under Node (kioskctl, tests, benchmarks, calibration): face-api's
 * node-wasm build on the tfjs WASM backend, with the .wasm binaries and the model
 * weights read from the installed packages. Nothing is fetched from the network.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { FaceAnalyser, type FaceAnalyserOptions } from '../../face/face-analyser';
import type { ModelFileReader } from '../../face/model-loader';
import { tfOf, type FaceApi } from '../../face/runtime';

// CommonJS where the code is bundled (kioskctl) or run by vitest; under tsx it runs as an
// ES module without `require`, and resolves from the running script instead.
const nodeRequire: NodeJS.Require =
  typeof require === 'function' ? require : createRequire(resolve(process.argv[1] ?? join(process.cwd(), 'index.js')));

/** The weights that ship inside the installed @vladmandic/face-api package. */
export const INSTALLED_MODEL_DIR = join(dirname(nodeRequire.resolve('@vladmandic/face-api/package.json')), 'model');

export function modelFileReader(dir: string = INSTALLED_MODEL_DIR): ModelFileReader {
  return async (fileName) => {
    const bytes = await readFile(join(dir, fileName));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  };
}

let loading: Promise<FaceApi> | undefined;

/** face-api on the WASM backend (single-threaded SIMD), loaded once per process. */
export function loadNodeFaceApi(): Promise<FaceApi> {
  loading ??= (async () => {
    // The wasm backend finds its .wasm files next to its own module in node_modules.
    const faceapi = (await import('@vladmandic/face-api/dist/face-api.node-wasm.js')) as unknown as FaceApi;
    const tf = tfOf(faceapi);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend did not start');
    await tf.ready();
    return faceapi;
  })();
  return loading;
}

export async function loadNodeFaceAnalyser(options: FaceAnalyserOptions = {}): Promise<FaceAnalyser> {
  return FaceAnalyser.load(await loadNodeFaceApi(), modelFileReader(), options);
}
