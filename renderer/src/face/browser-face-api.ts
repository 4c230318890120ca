/**
 * face-api in the renderer: the browser build without its own copy of tfjs, on the
 * tfjs WASM backend (single-threaded SIMD; the .wasm files and the model weights are
 * copied into the build by scripts/build.mjs and served from the app's own origin).
 * WebGL is used only where a hardware GPU is present and it measures faster.
 */
import * as faceapiModule from '@vladmandic/face-api/dist/face-api.esm-nobundle.js';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { FaceAnalyser, type FaceAnalyserOptions } from '../../../face/face-analyser';
import type { ModelFileReader } from '../../../face/model-loader';
import { tfOf, type FaceApi } from '../../../face/runtime';

/** Where the build puts the files, relative to the page. */
const WASM_DIR = './wasm/';
const MODEL_DIR = './models/';

const faceapi = faceapiModule as unknown as FaceApi;

export const fetchModelFile: ModelFileReader = async (fileName) => {
  const response = await fetch(new URL(fileName, new URL(MODEL_DIR, document.baseURI)));
  if (!response.ok) throw new Error(`model file ${fileName}: HTTP ${response.status}`);
  return response.arrayBuffer();
};

let loading: Promise<FaceApi> | undefined;

export function loadBrowserFaceApi(): Promise<FaceApi> {
  loading ??= (async () => {
    const tf = tfOf(faceapi);
    setWasmPaths(WASM_DIR);
    // Threads would need cross-origin isolation and a worker from a blob: URL; one SIMD thread meets the target.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend did not start');
    await tf.ready();
    return faceapi;
  })();
  return loading;
}

export async function loadBrowserFaceAnalyser(options: FaceAnalyserOptions = {}): Promise<FaceAnalyser> {
  return FaceAnalyser.load(await loadBrowserFaceApi(), fetchModelFile, options);
}

/** A WebGL renderer that is a real GPU, not a software rasteriser such as SwiftShader or llvmpipe. */
export function hasHardwareWebGl(): boolean {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  return !/swiftshader|llvmpipe|software|softpipe/i.test(renderer);
}

/**
 * Keeps WASM unless a hardware WebGL backend runs `frame` faster (each backend warmed
 * up, then timed over a few runs). Returns the backend in use.
 */
export async function preferFasterBackend(frame: () => Promise<unknown>, runs = 3): Promise<string> {
  const tf = tfOf(await loadBrowserFaceApi());
  if (!hasHardwareWebGl()) return tf.getBackend();
  const time = async (): Promise<number> => {
    await frame();
    const started = performance.now();
    for (let i = 0; i < runs; i += 1) await frame();
    return (performance.now() - started) / runs;
  };
  const wasmMs = await time();
  if (!(await tf.setBackend('webgl'))) return tf.getBackend();
  const webglMs = await time();
  if (webglMs >= wasmMs) await tf.setBackend('wasm');
  return tf.getBackend();
}
