// `npm run start:web` as a user runs it: a separate process on the embedded defaults,
// ready with one line, serving the attract screen to Chromium.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { keepScreenshot, launchChromium } from '../support/chromium';

let child: ChildProcessWithoutNullStreams | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  child?.kill('SIGTERM');
});

function waitForReadyLine(process: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    process.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^ready (\S+)$/m.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    process.stderr.on('data', (chunk) => (err += chunk));
    process.on('exit', (code) => reject(new Error(`browser host exited with ${code}: ${err}`)));
  });
}

describe('the browser host process', () => {
  it('starts on the embedded defaults, prints its URL and serves the attract screen with device status', async () => {
    const dataHome = mkdtempSync(join(tmpdir(), 'kiosk-web-'));
    const startedAt = performance.now();
    child = spawn(process.execPath, ['dist/core/browser-host.cjs'], {
      env: { ...process.env, XDG_DATA_HOME: dataHome, KIOSK__HOST__PORT: '0', KIOSK__LOG__LEVEL: 'warn' },
    });
    const url = await waitForReadyLine(child);
    console.log(`start:web ready after ${Math.round(performance.now() - startedAt)} ms (process start to "ready")`);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.locator('[data-screen="attract"]').waitFor();
    await expect.poll(() => page.locator('[data-device][data-level="ok"]').count()).toBe(4);
    await keepScreenshot(page, '00-start-web');
  });
});
