// The technician's camera check in a real Chromium with a fake camera: a y4m stream
// made from one live picture of a person. Against a different picture of the same
// person (an ID photo made by other transformations) the renderer-side verification
// says match; against someone else's ID photo it says no match. Models and WASM come
// from the app's own origin: the test fails on any other request.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageFile } from '../../core/face/image-file';
import { startBrowserHost, type BrowserHost } from '../../core/host/browser-host';
import { DEFAULT_FACE_SETTINGS } from '../../face/settings';
import { encodeBmp24 } from '../support/bmp-writer';
import { keepScreenshot, launchChromium } from '../support/chromium';
import { startTestCore, type TestCore } from '../support/core';
import { ensureSampleSet, type SampleSet } from '../support/face-samples';

let set: SampleSet;
let dir: string;
let core: TestCore;
let host: BrowserHost;
let browser: Browser;
let page: Page;
const foreignRequests: string[] = [];

function picture(person: string, name: string): string {
  const found = set.people.find((p) => p.id === person);
  const file = [...(found?.idPhotos ?? []), ...(found?.liveFrames ?? [])].find((f) => basename(f).replace(/\.\w+$/, '') === name);
  if (!file) throw new Error(`no ${person}/${name} in the sample set`);
  return file;
}

/** A looping fake-camera stream of one still picture. */
function y4mFrom(image: string): string {
  const out = join(dir, 'camera.y4m');
  const run = spawnSync('ffmpeg', ['-v', 'error', '-y', '-loop', '1', '-i', image, '-t', '2', '-pix_fmt', 'yuv420p', '-vf', 'scale=640:480', out], { encoding: 'utf8' });
  if (run.error) throw new Error(`ffmpeg not found: run scripts/setup-system (${run.error.message})`);
  if (run.status !== 0) throw new Error(`ffmpeg failed: ${run.stderr}`);
  return out;
}

beforeAll(async () => {
  set = await ensureSampleSet('quick');
  dir = mkdtempSync(join(tmpdir(), 'face-e2e-'));
  const camera = y4mFrom(picture('p6-3', 'live-plain'));
  core = await startTestCore();
  host = await startBrowserHost({ server: core.server, rendererDir: join(process.cwd(), 'dist', 'renderer'), port: 0 });
  browser = await launchChromium(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${camera}`, '--use-fake-ui-for-media-stream']);
  page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(host.origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreignRequests.push(url);
  });
  await page.goto(`${host.origin}/camera-check.html`);
  await page.locator('[data-page="camera-check"][data-state="running"]').waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await core?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const verification = () => page.locator('[data-verification]');

async function verifyAgainst(idPhoto: string): Promise<{ decision: string | null; distance: number; threshold: number }> {
  await page.locator('[data-testid="id-photo"]').setInputFiles(idPhoto);
  await page.locator('[data-id-photo="ok"]').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: '开始核验' }).click();
  await page.locator('[data-verification][data-decision]').waitFor({ timeout: 30_000 });
  return {
    decision: await verification().getAttribute('data-decision'),
    distance: Number(await verification().getAttribute('data-distance')),
    threshold: Number(await verification().getAttribute('data-threshold')),
  };
}

describe('the camera check page with a fake camera', () => {
  it('runs the face models on WASM and shows the camera\'s face passing every quality gate', async () => {
    expect(await page.locator('[data-page="camera-check"]').getAttribute('data-backend')).toBe('wasm');
    await expect.poll(() => page.locator('[data-reasons]').getAttribute('data-faces'), { timeout: 20_000 }).toBe('1');
    await expect.poll(() => page.locator('[data-reasons]').getAttribute('data-reasons'), { timeout: 20_000 }).toBe('');
    expect(Number(await page.locator('[data-reading="yaw"]').getAttribute('data-value'))).toBeLessThan(0.25);
    await keepScreenshot(page, 'face-01-camera-check');
  });

  it('accepts an ID photo of the same person made differently from the camera picture', async () => {
    const result = await verifyAgainst(picture('p6-3', 'id-mirror-bright'));
    expect(result.threshold).toBe(DEFAULT_FACE_SETTINGS.threshold);
    expect(result.decision).toBe('match');
    expect(result.distance).toBeLessThanOrEqual(result.threshold);
    await keepScreenshot(page, 'face-02-match');
  });

  it('offers and reads the card reader\'s BMP (24-bit, bottom-up) as the ID photo', async () => {
    expect(await page.locator('[data-testid="id-photo"]').getAttribute('accept')).toContain('image/bmp');
    const bmp = join(dir, 'id.bmp');
    writeFileSync(bmp, encodeBmp24(await readImageFile(picture('p6-3', 'id-mirror-bright'))));
    const result = await verifyAgainst(bmp);
    expect(result.decision).toBe('match');
  });

  it('rejects the ID photo of someone else', async () => {
    const result = await verifyAgainst(picture('p6-4', 'id-plain'));
    expect(result.decision).toBe('no-match');
    expect(result.distance).toBeGreaterThan(result.threshold);
    expect(await verification().getAttribute('data-verification')).toBe('no-match');
    await keepScreenshot(page, 'face-03-no-match');
  });

  it('loaded everything from its own origin', () => {
    expect(foreignRequests).toEqual([]);
  });
});
