/// <reference lib="dom" />
/**
 * The centre's web pages in Chromium: a fresh browser profile at a viewport, signing in
 * through the login page, and axe-core's serious and critical findings with a screenshot.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeFindings } from './axe';
import { keepScreenshot } from './chromium';

export const PHONE = { width: 360, height: 800 };
export const DESK = { width: 1280, height: 800 };

/** A fresh browser profile (no cookies), phone-sized or desk-sized. */
export async function openPage(browser: Browser, viewport = DESK, options: { acceptDownloads?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  // CSP is bypassed only so axe-core can be injected; the headers themselves are tested by the integration tests.
  const context = await browser.newContext({ viewport, bypassCSP: true, ...options });
  return { context, page: await context.newPage() };
}

/** A screenshot kept as a test artifact, then axe's serious and critical findings. */
export async function captured(page: Page, name: string): Promise<string[]> {
  await keepScreenshot(page, name);
  return axeFindings(page);
}

/** Signs in on the login page (in Chinese, the default language). */
export async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Opens a staff page: the centre sends the browser to the login first, and back after it. */
export async function openAsStaff(page: Page, url: string, name: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
  await signIn(page, name, password);
  await page.waitForURL(url);
}
