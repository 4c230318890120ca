/// <reference lib="dom" />
// The fleet page in a real Chromium against a real centre and PostgreSQL, with a real
// kiosk core on simulated hardware heartbeating to it: a technician signs in, watches
// the kiosk's receipt printer run out of paper and get it back without reloading,
// acknowledges the alert, and sends a test print and a reprint that come out of the
// kiosk's emulators. Every state leaves a screenshot and passes axe-core with no
// serious or critical finding.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignHall } from '../../centre/fleet/halls';
import { addStaff } from '../../centre/staff/accounts';
import { blocksText } from '../../hardware/thermal/paper-model';
import { TEST_PRINT_TITLE } from '../../core/maintenance/test-prints';
import { axeFindings } from '../support/axe';
import { keepScreenshot, launchChromium } from '../support/chromium';
import { startCentreInProcess, type InProcessCentre } from '../support/centre-in-process';
import type { TestCore } from '../support/core';
import { startFleetKiosk, STAFF_PASSWORD } from '../support/fleet';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { APPROVED, registration } from '../support/registry';

const KIOSK = 'LG-PH-07';

let postgres: TestPostgres;
let centre: InProcessCentre;
let kiosk: TestCore;
let browser: Browser;

beforeAll(async () => {
  postgres = await startTestPostgres();
  centre = await startCentreInProcess(await postgres.freshDatabase());
  await addStaff(centre.pool, 'wang.tech', 'technician', STAFF_PASSWORD);
  // A heartbeat a second (30 s in service); a device change sends one at once anyway.
  kiosk = await startFleetKiosk(centre.url, centre.pool, KIOSK, 1000);
  await assignHall(centre.pool, KIOSK, '平湖街道便民服务中心');
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await kiosk?.dispose();
  await centre?.close();
  await postgres?.stop();
});

async function captured(page: Page, name: string): Promise<string[]> {
  await keepScreenshot(page, name);
  return axeFindings(page);
}

describe('the fleet page in Chromium', () => {
  it('paper end and back live, the alert acknowledged, a remote test print and a reprint printed by the kiosk', async () => {
    // CSP is bypassed only so axe-core can be injected; the headers are the staff integration tests' concern.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${centre.url}/fleet`);
    await page.waitForURL(`${centre.url}/login?next=%2Ffleet`);
    await page.getByLabel('用户名').fill('wang.tech');
    await page.getByLabel('密码').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: '终端监控' }).waitFor();
    await page.getByRole('heading', { name: '平湖街道便民服务中心' }).waitFor();
    const card = page.locator(`article[data-kiosk="${KIOSK}"]`);
    await card.locator('[data-online="true"]').waitFor();
    const thermal = card.locator('[data-device="thermal"]');
    await thermal.and(page.locator('[data-level="ok"]')).waitFor();
    expect(await captured(page, 'centre-fleet')).toEqual([]);

    // Paper end at the kiosk: the card and the alert list change without a reload.
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    kiosk.devices.simulation!.thermal.fault('paper-end');
    await thermal.and(page.locator('[data-level="error"]')).waitFor();
    expect(await thermal.textContent()).toContain('缺纸');
    const alert = page.locator(`li[data-alert="paper-end"][data-kiosk="${KIOSK}"]`);
    await alert.waitFor();
    expect(await captured(page, 'centre-fleet-paper-end')).toEqual([]);

    kiosk.devices.simulation!.thermal.clear();
    await thermal.and(page.locator('[data-level="ok"]')).waitFor();
    await alert.and(page.locator('.fleet__alert--cleared')).waitFor();
    await alert.getByRole('button', { name: /确认/ }).click();
    await alert.waitFor({ state: 'detached' });
    expect(loads).toEqual([]);

    // A remote test print on the receipt printer.
    const slipsBefore = kiosk.devices.simulation!.thermal.printedPages().length;
    await card.getByRole('button', { name: '测试打印（凭条）' }).click();
    await card.locator('li[data-command][data-state="DONE"]').first().waitFor();
    const slips = kiosk.devices.simulation!.thermal.printedPages();
    expect(slips.length).toBe(slipsBefore + 1);
    expect(blocksText(slips[slips.length - 1]!.blocks)).toContain(TEST_PRINT_TITLE);

    // A reprint of a licence this kiosk issued, with its reason: the kiosk's queue prints it on the laser printer.
    const { licence } = kiosk.registry.decide(kiosk.registry.submit(registration(3)).id, APPROVED);
    const documentsBefore = kiosk.devices.simulation!.laser.receivedDocuments().length;
    await card.getByLabel('统一社会信用代码').fill(licence!.creditCode);
    await card.getByLabel('补打原因').fill('执照被雨水打湿');
    await card.getByRole('button', { name: '补打执照' }).click();
    await card.locator('li[data-command][data-state="DONE"]', { hasText: '补打执照' }).waitFor();
    await expect.poll(() => kiosk.devices.simulation!.laser.receivedDocuments().length, { timeout: 20_000 }).toBeGreaterThan(documentsBefore);
    expect(kiosk.printQueue.list().find((job) => job.reprint)).toMatchObject({ creditCode: licence!.creditCode, reprintReason: '执照被雨水打湿', state: 'printed' });
    expect(await captured(page, 'centre-fleet-commands')).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Fleet' }).waitFor();
    expect(await captured(page, 'centre-fleet-en')).toEqual([]);
    await context.close();
  }, 120_000);
});
