// The renderer in a real Chromium, talking to a real core on simulators through the
// browser host: what an applicant sees first, and that it follows the hardware live.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../core/host/browser-host';
import { keepScreenshot, launchChromium } from '../support/chromium';
import { startTestCore, type TestCore } from '../support/core';

let core: TestCore;
let host: BrowserHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  core = await startTestCore();
  host = await startBrowserHost({ server: core.server, rendererDir: join(process.cwd(), 'dist', 'renderer'), port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(host.url);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await core?.dispose();
});

const device = (kind: string) => page.locator(`[data-device="${kind}"]`);

describe('the attract screen in Chromium', () => {
  it('shows the title and every device ready, from the simulators', async () => {
    await page.locator('[data-screen="attract"]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('个体工商户营业执照');
    for (const kind of ['idcard', 'thermal', 'laser', 'camera']) {
      await expect.poll(() => device(kind).getAttribute('data-level')).toBe('ok');
    }
    expect(await device('thermal').textContent()).toContain('正常');
    await keepScreenshot(page, '01-attract');
  });

  it('follows a device fault live, without a reload', async () => {
    // The receipt printer's emulator runs out of paper; the driver reads it from the DLE EOT status bytes.
    core.devices.simulation?.thermal.fault('paper-end');
    await expect.poll(() => device('thermal').textContent()).toContain('缺纸');
    expect(await device('thermal').getAttribute('data-level')).toBe('error');
    await keepScreenshot(page, '02-attract-paper-end');
    core.devices.simulation?.thermal.clear();
    await expect.poll(() => device('thermal').getAttribute('data-level')).toBe('ok');
  });

  it('starts a session on touch, switches to English and goes back to attract in Chinese', async () => {
    await page.getByRole('button', { name: /轻触屏幕开始办理/ }).click();
    await page.locator('[data-screen="welcome"]').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Welcome to instant approval');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await keepScreenshot(page, '03-welcome-en');
    await page.getByRole('button', { name: 'Back to start' }).click();
    await page.locator('[data-screen="attract"]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('个体工商户营业执照');
  });

  it('keeps the launch token out of the address bar', async () => {
    expect(page.url()).not.toContain(host.token);
  });

  it('a page without the launch token gets no access to the core', async () => {
    const stranger = await browser.newPage();
    await stranger.goto(host.origin);
    await expect.poll(() => stranger.locator('[role="alert"]').textContent()).toContain('请通过自助终端启动本页面');
    await stranger.close();
  });
});
