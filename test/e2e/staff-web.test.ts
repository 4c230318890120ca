/// <reference lib="dom" />
// The centre's web app in a real Chromium against a real centre and PostgreSQL: signing
// in and out, the lock after failed sign-ins, a change refused without its CSRF token,
// a redirect to the login without a session; the public licence check a phone opens
// from a licence's QR code, genuine and tampered, and the flag an inspector's "address
// false" puts on it. Every page leaves a screenshot and passes axe-core with no serious
// or critical finding.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectionStore } from '../../centre/inspection/inspection-store';
import { shippedStreets } from '../../centre/inspection/places';
import { addStaff } from '../../centre/staff/accounts';
import { launchChromium } from '../support/chromium';
import { captured, openAsStaff, openPage as openProfile, signIn } from '../support/centre-pages';
import { startCentreInProcess, type InProcessCentre } from '../support/centre-in-process';
import { kioskAtCentre, type KioskAtCentre } from '../support/licence-at-centre';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

const PASSWORD = 'correct horse battery';

let postgres: TestPostgres;
let centre: InProcessCentre;
let browser: Browser;
let kiosk: KioskAtCentre;
let dir: string;
/** A fresh browser profile (no cookies), desk-sized unless told. */
const openPage = (viewport?: { width: number; height: number }) => openProfile(browser, viewport);
const PHONE = { width: 390, height: 844 };

beforeAll(async () => {
  postgres = await startTestPostgres();
  centre = await startCentreInProcess(await postgres.freshDatabase());
  await addStaff(centre.pool, 'wang.tech', 'technician', PASSWORD);
  await addStaff(centre.pool, 'li.inspect', 'inspector', PASSWORD);
  dir = mkdtempSync(join(tmpdir(), 'staff-web-'));
  kiosk = await kioskAtCentre(centre, dir);
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  kiosk?.registry.db.close();
  await centre?.close();
  await postgres?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

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

  it('five wrong passwords lock the account: the page says for how long, and the right password does not open it', async () => {
    const { context, page } = await openPage();
    await page.goto(`${centre.url}/login`);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signIn(page, 'li.inspect', `wrong password ${attempt}`);
      await page.getByRole('alert').filter({ hasText: '用户名或密码不正确' }).waitFor();
      await page.getByRole('button', { name: '登录' }).waitFor();
    }
    expect(await captured(page, 'centre-login-wrong-password')).toEqual([]);
    await signIn(page, 'li.inspect', 'wrong password 5');
    await page.getByRole('alert').filter({ hasText: '账号已暂时锁定，请 15 分钟后再试' }).waitFor();
    await signIn(page, 'li.inspect', PASSWORD);
    await page.getByRole('button', { name: '登录' }).waitFor();
    await page.getByRole('alert').filter({ hasText: '账号已暂时锁定' }).waitFor();
    expect(page.url()).toBe(`${centre.url}/login`);
    expect(await captured(page, 'centre-login-locked')).toEqual([]);
    await context.close();
  });

  // Two tests, not one: a hang in either (seen twice on CI, not reproduced) then names its half.
  it('a change without the CSRF token, or posted from another page, is refused and changes nothing', async () => {
    const { context, page } = await openPage();
    await page.goto(`${centre.url}/login`);
    await signIn(page, 'wang.tech', PASSWORD);
    await page.getByRole('heading', { name: '欢迎，wang.tech' }).waitFor();

    // A script of the page without the token (as an injected script would be). Playwright
    // gives evaluate no time limit, so the fetch carries its own.
    const withoutToken = await page.evaluate(async () => {
      const response = await fetch('/api/staff/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(20_000) });
      return { status: response.status, body: (await response.json()) as { error: string } };
    });
    expect(withoutToken).toEqual({ status: 403, body: expect.objectContaining({ error: 'csrf' }) });
    // A form of another page posting to the centre (no token; SameSite keeps the cookie home too).
    const attacker = await context.newPage();
    await attacker.setContent(`<form method="post" action="${centre.url}/api/staff/logout"><button>go</button></form>`);
    const [posted] = await Promise.all([attacker.waitForResponse(`${centre.url}/api/staff/logout`), attacker.getByRole('button', { name: 'go' }).click()]);
    expect(posted.status()).toBeGreaterThanOrEqual(400);

    // Still signed in.
    await page.reload();
    await page.getByRole('heading', { name: '欢迎，wang.tech' }).waitFor();
    const { rows } = await centre.pool.query<{ action: string }>("SELECT action FROM staff_audit WHERE staff_name = 'wang.tech' ORDER BY id");
    // The page's own refused change is logged as refused; the other page's form came without the (SameSite) cookie, as nobody's.
    expect(rows.map((row) => row.action).slice(-4)).toEqual(['login', 'page', 'csrf-refused', 'page']);
    await context.close();
  });

  it('sign-out ends the session: the staff pages go to the login again', async () => {
    const { context, page } = await openPage();
    await page.goto(`${centre.url}/login`);
    await signIn(page, 'wang.tech', PASSWORD);
    await page.getByRole('heading', { name: '欢迎，wang.tech' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    // The sign-out lands on the login; a request of the page still in flight may get there
    // first with its 401 and add ?next=: either is the login page.
    await page.waitForURL((url) => url.pathname === '/login');
    await page.goto(`${centre.url}/`);
    await page.waitForURL(`${centre.url}/login?next=%2F`);
    const { rows } = await centre.pool.query<{ action: string }>("SELECT action FROM staff_audit WHERE staff_name = 'wang.tech' ORDER BY id");
    expect(rows.map((row) => row.action).slice(-2)).toEqual(['page', 'POST /api/staff/logout']);
    await context.close();
  });
});

describe('what each role sees', () => {
  it('a technician is refused the audit log; an admin finds the lock in it', async () => {
    const technician = await openPage();
    await technician.page.goto(`${centre.url}/login?next=%2Faudit`);
    await signIn(technician.page, 'wang.tech', PASSWORD);
    await technician.page.getByRole('alert').filter({ hasText: '您的岗位无权查看此页面' }).waitFor();
    expect(await technician.page.getByRole('navigation').getByRole('link', { name: '操作审计' }).count()).toBe(0);
    expect(await captured(technician.page, 'centre-audit-forbidden')).toEqual([]);
    await technician.context.close();

    await addStaff(centre.pool, 'zhao.admin', 'admin', PASSWORD);
    const admin = await openPage();
    await admin.page.goto(`${centre.url}/login`);
    await signIn(admin.page, 'zhao.admin', PASSWORD);
    await admin.page.getByRole('navigation').getByRole('link', { name: '操作审计' }).click();
    await admin.page.getByRole('table').waitFor();
    const locked = admin.page.locator('tr[data-action="account-locked"]');
    expect(await locked.innerText()).toContain('li.inspect');
    expect(await captured(admin.page, 'centre-audit')).toEqual([]);
    await admin.context.close();
  });
});

describe('the public licence check on a phone', () => {
  it('the QR code of a genuine licence opens a page saying the signature is valid, the registry status and the licence as printed', async () => {
    const creditCode = await kiosk.approve(1);
    const qr = await kiosk.qrText(creditCode);
    const { context, page } = await openPage(PHONE);
    const response = await page.goto(qr);
    expect(response?.status()).toBe(200);
    const verdict = page.locator('[data-verdict="valid"]');
    await verdict.waitFor();
    expect(await verdict.innerText()).toContain('签名有效');
    expect(await verdict.innerText()).toContain('登记状态：存续（在营）');
    const licence = kiosk.registry.registry.licence(creditCode)!;
    const fields = await page.locator('.licence-fields').innerText();
    for (const shown of [creditCode, licence.name!, '个体工商户', '张三', licence.premisesAddress, '图文设计制作；平面设计']) expect(fields).toContain(shown);
    // Readable on a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await captured(page, 'centre-verify-genuine-phone')).toEqual([]);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByText('Registry status: Active').waitFor();
    expect(await captured(page, 'centre-verify-genuine-phone-en')).toEqual([]);
    await context.close();
  });

  it('a tampered QR code opens a 4xx page saying it is not valid, showing nothing of the registry', async () => {
    const creditCode = await kiosk.approve(2);
    const qr = await kiosk.qrText(creditCode);
    const tampered = qr.slice(0, -10) + (qr.at(-10) === 'A' ? 'B' : 'A') + qr.slice(-9);
    const { context, page } = await openPage(PHONE);
    const response = await page.goto(tampered);
    expect(response?.status()).toBe(422);
    const verdict = page.locator('[data-verdict="invalid"]');
    await verdict.waitFor();
    expect(await verdict.innerText()).toContain('无效：此二维码不是有效的营业执照二维码');
    expect(await verdict.innerText()).toContain('内容已被改动或系伪造');
    expect(await page.locator('body').innerText()).not.toContain('张三');
    expect(await captured(page, 'centre-verify-tampered-phone')).toEqual([]);
    await context.close();
  });

  it('an inspector records "address false" on a phone; the licence\'s own QR code then opens a page showing the review flag, in Chinese and English', async () => {
    const creditCode = await kiosk.approve(3);
    const licence = kiosk.registry.registry.licence(creditCode)!;
    await addStaff(centre.pool, 'chen.grid', 'inspector', PASSWORD);
    await new InspectionStore(centre.pool, shippedStreets()).assignGrid(licence.gridCode, 'chen.grid', 'zhao.admin');

    const inspector = await openPage(PHONE);
    await openAsStaff(inspector.page, `${centre.url}/inspection`, 'chen.grid', PASSWORD);
    const task = inspector.page.getByRole('article').filter({ has: inspector.page.getByRole('heading', { name: licence.name! }) });
    await task.getByRole('radio', { name: '地址虚假' }).check();
    await task.getByRole('button', { name: '登记核查结果' }).click();
    await inspector.page.getByRole('status').getByText('该执照已标记为待复核').waitFor();
    await inspector.context.close();

    // Anyone holding the licence, without a session.
    const { context, page } = await openPage(PHONE);
    expect((await page.goto(await kiosk.qrText(creditCode)))?.status()).toBe(200);
    const flag = page.locator('[data-verdict="valid"] [data-flag]');
    await flag.waitFor();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(await flag.innerText()).toBe(`待核查：网格员实地核查：经营场所地址不实，待登记机关复核（自 ${today} 起）`);
    expect(await page.locator('[data-verdict="valid"]').innerText()).toContain('登记状态：存续（在营）');
    // Still the licence as printed, and nothing of who flagged it.
    const fields = await page.locator('.licence-fields').innerText();
    for (const shown of [creditCode, '个体工商户', licence.premisesAddress, licence.authorityName, '图文设计制作；平面设计']) expect(fields).toContain(shown);
    expect(await page.locator('body').innerText()).not.toContain('chen.grid');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await captured(page, 'centre-verify-flagged-phone')).toEqual([]);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await flag.getByText(`Flagged for review: A grid inspector found the place of business false; the registration office is reviewing it (since ${today})`).waitFor();
    expect(await captured(page, 'centre-verify-flagged-phone-en')).toEqual([]);
    await context.close();
  });
});
