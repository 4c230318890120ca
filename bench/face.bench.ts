/**
 * Face verification figures (`npm run bench -- face`):
 * - Node, tfjs WASM backend (single-threaded SIMD): model load, per-frame time on a
 *   640 x 480 camera picture (detect + landmarks + descriptor; target ≤ 100 ms on 2 cores),
 *   the whole verification (ID photo + good frames + decision), and the core's own check
 *   of one good frame's face picture as the renderer sends it (JPEG decode + describe),
 *   and of one liveness picture (a turned head: describe, landmark pose; a liveness step
 *   needs DEFAULT_LIVENESS_LIMITS.framesToHold of them);
 * - tensors and heap before and after FACE_BENCH_VERIFICATIONS (default 500) whole
 *   verifications: no growth allowed (exits 1 on a tensor leak);
 * - headless Chromium, WASM backend, fake camera: the camera check page's per-frame time
 *   and the time from the first good frame to the decision.
 * Pictures come from the sample set (build/face-samples/quick, made on first use).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { decodeImage, readImageFile } from '../core/face/image-file';
import { loadNodeFaceAnalyser, loadNodeFaceApi } from '../core/face/node-face';
import { startBrowserHost } from '../core/host/browser-host';
import type { FaceAnalyser } from '../face/face-analyser';
import { tfOf } from '../face/runtime';
import type { PixelBuffer } from '../face/face-image';
import { DEFAULT_FACE_SETTINGS, DEFAULT_LIVENESS_LIMITS } from '../face/settings';
import { FaceVerification } from '../face/verification';
import { CHROMIUM, launchChromium } from '../test/support/chromium';
import { startTestCore } from '../test/support/core';
import { facePicture } from '../test/support/face-frames';
import { ensureSampleSet, headTurnFrames } from '../test/support/face-samples';

const TARGET_FRAME_MS = 100;
const FRAMES = 60;
const VERIFICATIONS = Number(process.env.FACE_BENCH_VERIFICATIONS ?? 500);

const set = await ensureSampleSet('quick');
const person = set.people.find((p) => p.id === 'p6-3');
if (!person) throw new Error('p6-3 missing from the sample set');
const pictureOf = (name: string): string => [...person.idPhotos, ...person.liveFrames].find((f) => f.includes(`/${name}.`)) ?? '';
const idPhoto = await readImageFile(pictureOf('id-plain'));
const frame = await readImageFile(pictureOf('live-plain'));

console.log(`face: ${availableParallelism()} cores, Node ${process.version}`);
let started = performance.now();
const analyser = await loadNodeFaceAnalyser();
const tf = tfOf(await loadNodeFaceApi());
console.log(`models loaded (backend ${tf.getBackend()}) in ${Math.round(performance.now() - started)} ms`);

await benchFrames(analyser, frame);
await benchVerification(analyser);
await benchPictureCheck(analyser, frame, 'one face picture');
const turned = (await headTurnFrames(pictureOf('live-plain'))).find((f) => f.turn === 1);
if (!turned) throw new Error('no full turn in the head-turn loop');
const perStep = await benchPictureCheck(analyser, turned.picture, 'one liveness picture (head turned left)');
const { steps } = DEFAULT_FACE_SETTINGS.liveness;
console.log(`  added by the core's liveness check: ${steps} steps x ${DEFAULT_LIVENESS_LIMITS.framesToHold} pictures = about ${(steps * DEFAULT_LIVENESS_LIMITS.framesToHold * perStep).toFixed(0)} ms of core time per attempt (p50)`);
const leaked = await benchMemory(analyser);
await benchChromium();
process.exit(leaked ? 1 : 0);

async function benchFrames(analyser: FaceAnalyser, frame: PixelBuffer): Promise<void> {
  for (let i = 0; i < 5; i += 1) await analyser.analyseFrame(frame);
  const full = await timeEach(FRAMES, async () => {
    const analysis = await analyser.analyseFrame(frame);
    if (!analysis.descriptor) throw new Error(`the benchmark frame failed its gates: ${analysis.reasons.join(', ')}`);
  });
  const detectOnly = await timeEach(FRAMES, () => analyser.analyseFrame(frame, { describe: false }));
  const verdict = full.p50 <= TARGET_FRAME_MS ? 'within' : 'OVER';
  console.log(`640x480 frame, detect + landmarks + descriptor: ${summary(full)} (${verdict} the ${TARGET_FRAME_MS} ms target)`);
  console.log(`640x480 frame, detect + landmarks + gates only:  ${summary(detectOnly)}`);
}

/** One applicant's check: the ID photo's descriptor, good frames until the decision, then the session's end. */
async function verifyOnce(analyser: FaceAnalyser): Promise<void> {
  const id = await analyser.describeStill(idPhoto);
  if (!id.ok) throw new Error(`the benchmark ID photo has no usable face: ${id.reason}`);
  const verification = new FaceVerification(id.descriptor, DEFAULT_FACE_SETTINGS);
  while (verification.state.phase === 'collecting') verification.offer(await analyser.analyseFrame(frame));
  if (verification.state.phase !== 'matched') throw new Error(`expected a match, got ${verification.state.phase}`);
  verification.dispose();
}

async function benchVerification(analyser: FaceAnalyser): Promise<void> {
  const times = await timeEach(10, () => verifyOnce(analyser));
  console.log(`whole verification (ID photo + ${DEFAULT_FACE_SETTINGS.goodFramesRequired} good frames + decision): ${summary(times)}`);
}

/** The core's check of one frame (PictureConfirmation, LivenessPictures): the face region as JPEG, decoded and described under Node; returns the p50. */
async function benchPictureCheck(analyser: FaceAnalyser, frame: PixelBuffer, what: string): Promise<number> {
  const analysis = await analyser.analyseFrame(frame);
  if (!analysis.face) throw new Error('no face in the benchmark frame');
  const jpeg = Buffer.from(facePicture(frame, analysis.face.box), 'base64');
  const check = await timeEach(FRAMES, async () => {
    const described = await analyser.describeStill(decodeImage(jpeg));
    if (!described.ok) throw new Error(`the core found no face in the frame's picture: ${described.reason}`);
  });
  console.log(`core's check of ${what} (${(jpeg.length / 1024).toFixed(1)} KB JPEG, decode + detect + landmarks + descriptor): ${summary(check)}`);
  return check.p50;
}

async function benchMemory(analyser: FaceAnalyser): Promise<boolean> {
  const before = memory();
  started = performance.now();
  for (let i = 0; i < VERIFICATIONS; i += 1) await verifyOnce(analyser);
  const seconds = (performance.now() - started) / 1000;
  const after = memory();
  const heapGrowthMb = (after.heap - before.heap) / 2 ** 20;
  console.log(`${VERIFICATIONS} verifications in ${seconds.toFixed(0)} s:`);
  console.log(`  tensors ${before.tensors} → ${after.tensors}, tensor bytes ${mb(before.tensorBytes)} → ${mb(after.tensorBytes)} MB`);
  console.log(`  JS heap ${mb(before.heap)} → ${mb(after.heap)} MB (${heapGrowthMb >= 0 ? '+' : ''}${heapGrowthMb.toFixed(1)} MB), RSS ${mb(before.rss)} → ${mb(after.rss)} MB`);
  const leaked = after.tensors !== before.tensors || after.tensorBytes !== before.tensorBytes;
  console.log(`  ${leaked ? 'TENSOR LEAK' : 'no tensor growth'}${heapGrowthMb > 5 ? '; HEAP GREW by more than 5 MB' : '; heap steady'}`);
  return leaked;
}

async function benchChromium(): Promise<void> {
  const ffmpeg = spawnSync('ffmpeg', ['-version']);
  if (ffmpeg.error) {
    console.log('headless Chromium: skipped, ffmpeg missing: run scripts/setup-system');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'face-bench-'));
  const camera = join(dir, 'camera.y4m');
  spawnSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', pictureOf('live-plain'), '-t', '2', '-pix_fmt', 'yuv420p', '-vf', 'scale=640:480', camera]);
  const core = await startTestCore();
  const host = await startBrowserHost({ server: core.server, rendererDir: join(process.cwd(), 'dist', 'renderer'), port: 0 });
  let browser;
  try {
    browser = await launchChromium(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${camera}`, '--use-fake-ui-for-media-stream']);
    const page = await browser.newPage();
    started = performance.now();
    await page.goto(`${host.origin}/camera-check.html`);
    await page.locator('[data-state="running"]').waitFor({ timeout: 60_000 });
    console.log(`headless Chromium (${CHROMIUM}), backend ${await page.locator('[data-page]').getAttribute('data-backend')}: page ready in ${Math.round(performance.now() - started)} ms`);
    const frames = await sampleFrameTimes(page, 30);
    console.log(`  640x480 camera frame, detect + landmarks + descriptor: ${summary(frames)} (${frames.p50 <= TARGET_FRAME_MS ? 'within' : 'OVER'} the ${TARGET_FRAME_MS} ms target)`);
    await page.locator('[data-testid="id-photo"]').setInputFiles(pictureOf('id-mirror-bright'));
    await page.locator('[data-id-photo="ok"]').waitFor();
    await page.getByRole('button', { name: '开始核验' }).click();
    const result = page.locator('[data-verification][data-decision]');
    await result.waitFor({ timeout: 30_000 });
    console.log(`  decision ${await result.getAttribute('data-decision')} ${await result.getAttribute('data-decision-ms')} ms after the first good frame`);
  } finally {
    await browser?.close();
    await host.close();
    await core.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page's own per-frame times, read sparingly: each read costs the page's main thread a little. */
async function sampleFrameTimes(page: Page, count: number): Promise<Stats> {
  const times: number[] = [];
  let last: string | null = null;
  while (times.length < count) {
    const ms = await page.locator('[data-frame-ms]').getAttribute('data-frame-ms');
    if (ms !== null && ms !== last) times.push(Number(ms));
    last = ms;
    await new Promise((r) => setTimeout(r, 250));
  }
  return stats(times);
}

interface Stats {
  mean: number;
  p50: number;
  p95: number;
}

async function timeEach(runs: number, work: () => Promise<unknown>): Promise<Stats> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return stats(times);
}

function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { mean: times.reduce((a, b) => a + b, 0) / times.length, p50: at(0.5), p95: at(0.95) };
}

function summary(s: Stats): string {
  return `mean ${s.mean.toFixed(1)} ms, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms`;
}

function memory(): { tensors: number; tensorBytes: number; heap: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { numTensors, numBytes } = tf.memory();
  const { heapUsed, rss } = process.memoryUsage();
  return { tensors: numTensors, tensorBytes: numBytes, heap: heapUsed, rss };
}

function mb(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}
