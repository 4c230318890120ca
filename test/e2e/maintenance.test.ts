// A technician at the kiosk in Chromium: the hidden gesture and the PIN, a test print
// that comes out of the receipt printer's emulator, a reprint marked as one, back to
// attract; then five wrong PINs lock the pad and even the right PIN is refused with the
// time left. Real core on simulators, real browser host, real headless Chromium.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../core/host/browser-host';
import { TEST_PRINT_TITLE } from '../../core/maintenance/test-prints';
import { blocksText } from '../../hardware/thermal/paper-model';
import { keepScreenshot, launchChromium } from '../support/chromium';
import { startTestCore, type TestCore } from '../support/core';
import { SHIPPED_PIN, TECHNICIAN_PIN } from '../support/maintenance-pin';
import { APPROVED, registration } from '../support/registry';
import { ruleSetFile, sha256, signFile, TEST_AUTHORITY, withoutPhoneRule } from '../integration/updates/update-files';

const VIEWPORT = { width: 1280, height: 800 };
let core: TestCore;
let host: BrowserHost;
let browser: Browser;
let page: Page;
let creditCode: string;

beforeAll(async () => {
  core = await startTestCore({ KIOSK__UPDATES__PUBLIC_KEY: TEST_AUTHORITY.publicKeyPem });
  // A licence issued earlier today, as the registry keeps it.
  const application = core.registry.submit(registration(3));
  const licence = core.registry.decide(application.id, APPROVED).licence;
  if (!licence) throw new Error('test licence not issued');
  creditCode = licence.creditCode;
  host = await startBrowserHost({ server: core.server, rendererDir: join(process.cwd(), 'dist', 'renderer'), port: 0 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(host.url);
  await page.locator('[data-screen="attract"]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await core?.dispose();
});

const pinScreen = () => page.locator('[data-screen="maintenance-pin"]');
const maintenanceScreen = () => page.locator('[data-screen="maintenance"]');

async function tapTopRightCorner(times: number): Promise<void> {
  for (let i = 0; i < times; i++) await page.mouse.click(VIEWPORT.width - 10, 10);
}

async function typePin(pin: string): Promise<void> {
  for (const digit of pin) await pinScreen().getByRole('button', { name: digit, exact: true }).click();
  await pinScreen().getByRole('button', { name: '确认' }).click();
}

function thermalText(): string[] {
  return (core.devices.simulation?.thermal.printedPages() ?? []).flatMap((slip) => blocksText(slip.blocks));
}

describe('maintenance mode in Chromium', () => {
  it('opens with five taps in the top-right corner and the PIN, replacing the shipped PIN first', async () => {
    await tapTopRightCorner(4);
    expect(await pinScreen().count()).toBe(0);
    await tapTopRightCorner(1);
    await pinScreen().waitFor();
    await keepScreenshot(page, 'maintenance-00-pin');
    // The taps landed on the hidden corner, not on the language button beneath.
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await typePin(SHIPPED_PIN);
    // The shipped PIN opens nothing but the step that replaces it.
    await pinScreen().getByRole('heading', { name: '请设置新的维护密码' }).waitFor();
    expect(await maintenanceScreen().count()).toBe(0);
    await typePin(SHIPPED_PIN);
    await expect.poll(() => pinScreen().locator('[data-pin-answer]').getAttribute('data-pin-answer')).toBe('new-pin-refused');
    await keepScreenshot(page, 'maintenance-00-new-pin');
    await typePin(TECHNICIAN_PIN);
    await maintenanceScreen().waitFor();
    await expect.poll(() => maintenanceScreen().locator('[data-device="thermal"]').getAttribute('data-level')).toBe('ok');
    await keepScreenshot(page, 'maintenance-01-devices');
  });

  it('prints a test slip that the receipt printer emulator receives', async () => {
    const before = core.devices.simulation?.thermal.printedPages().length ?? 0;
    await maintenanceScreen().locator('[data-device="thermal"] [data-action="test-print"]').click();
    await maintenanceScreen().locator('[data-device="thermal"] [data-test-print="printed"]').waitFor();
    expect(core.devices.simulation?.thermal.printedPages().length).toBe(before + 1);
    expect(thermalText()).toContain(TEST_PRINT_TITLE);
  });

  it('test-reads the ID card and shows the holder masked', async () => {
    core.devices.simulation?.idcard.insert('zhangWei');
    await maintenanceScreen().locator('[data-device="idcard"] [data-action="test-read"]').click();
    const line = maintenanceScreen().locator('[data-device="idcard"] [data-test-read="read"]');
    await line.waitFor();
    expect(await line.textContent()).toBe('读卡成功：张*（440307********0133），有效期至 20360520');
    core.devices.simulation?.idcard.remove();
  });

  it('reprints a licence with a reason: the job is marked as a reprint and reaches the printer', async () => {
    const received = core.devices.simulation?.laser.receivedDocuments().length ?? 0;
    await maintenanceScreen().getByRole('tab', { name: '打印队列' }).click();
    await maintenanceScreen().getByLabel('统一社会信用代码').fill(creditCode);
    await maintenanceScreen().getByLabel('补打原因').fill('执照卡纸，申请人要求补打');
    await maintenanceScreen().getByRole('button', { name: '补打', exact: true }).click();
    await maintenanceScreen().locator('[data-queue-outcome="done"]').waitFor();
    const row = maintenanceScreen().locator('tr[data-reprint="true"]').first();
    expect(await row.textContent()).toContain(creditCode);
    const reprints = core.printQueue.list().filter((job) => job.reprint);
    expect(reprints.map((job) => [job.creditCode, job.reprintReason])).toEqual([[creditCode, '执照卡纸，申请人要求补打']]);
    await expect.poll(() => core.devices.simulation?.laser.receivedDocuments().length, { timeout: 30_000 }).toBe(received + 1);
    await keepScreenshot(page, 'maintenance-02-reprint');
  });

  it('shows the counters and the rule-set versions', async () => {
    await maintenanceScreen().getByRole('tab', { name: '统计' }).click();
    const counters = maintenanceScreen().locator('[data-counters]');
    await counters.waitFor();
    expect(await counters.textContent()).toContain('秒批通过1');
    expect(await counters.textContent()).toContain('100.00 %');
    await maintenanceScreen().getByRole('tab', { name: '版本' }).click();
    await maintenanceScreen().locator('[data-versions]').waitFor();
    expect(await maintenanceScreen().locator('[data-versions]').textContent()).toMatch(/审批规则 · 设立登记\S+ sha256 [0-9a-f]{12}/);
  });

  it('imports a rule set from the updates folder with its hash, shows the new version, and rolls back', async () => {
    const folder = join(core.dataDir, 'updates');
    mkdirSync(folder, { recursive: true });
    const file = ruleSetFile(folder, 'registration-2026.2.json', withoutPhoneRule('2026.2'));
    signFile(file, TEST_AUTHORITY.privateKey);
    const versions = () => maintenanceScreen().locator('[data-versions]').textContent();
    const shipped = await versions();
    page.on('dialog', (dialog) => void dialog.accept());
    const updates = maintenanceScreen().locator('[data-updates]');
    await updates.locator('[data-action="list-updates"]').click();
    await updates.locator('[data-update-file="registration-2026.2.json"]').getByRole('button', { name: '选用' }).click();
    await updates.getByLabel('SHA-256').fill('0'.repeat(64));
    await updates.locator('[data-action="apply-update"]').click();
    await updates.locator('[data-update-outcome="hash-mismatch"]').waitFor();
    expect(await versions()).toBe(shipped);

    await updates.getByLabel('SHA-256').fill(sha256(file));
    await updates.locator('[data-action="apply-update"]').click();
    await updates.locator('[data-update-outcome="applied"]').waitFor();
    await expect.poll(versions).toContain('设立登记2026.2 sha256');
    await keepScreenshot(page, 'maintenance-03-update-applied');

    await updates.locator('[data-installed="registration"] [data-action="rollback"]').click();
    await updates.locator('[data-update-outcome="rolled-back"]').waitFor();
    await expect.poll(versions).toBe(shipped);
    page.removeAllListeners('dialog');
  });

  it('edits the receipt printer port: an empty path is refused at the field, a real one saved for the next start', async () => {
    await maintenanceScreen().getByRole('tab', { name: '端口与打印机' }).click();
    const thermal = maintenanceScreen().locator('[data-config-device="thermal"]');
    await thermal.getByLabel('驱动').selectOption('escpos-serial');
    await maintenanceScreen().locator('[data-action="save-config"]').click();
    expect(await thermal.locator('[data-field-problem="devices.thermal.path"]').textContent()).toContain('expected a serial device path such as /dev/ttyUSB0');
    await thermal.getByLabel('串口').fill('/dev/ttyUSB1');
    await maintenanceScreen().locator('[data-action="save-config"]').click();
    await maintenanceScreen().locator('[data-config-saved]').waitFor();
    await keepScreenshot(page, 'maintenance-04-config');
    expect(JSON.parse(readFileSync(join(core.dataDir, 'kiosk.json'), 'utf8'))).toEqual({ devices: { idcard: { driver: 'simulator' }, thermal: { driver: 'escpos-serial', path: '/dev/ttyUSB1' }, laser: { driver: 'simulator' }, camera: { driver: 'simulator' } } });
  });

  it('leaves maintenance for the attract screen', async () => {
    await maintenanceScreen().locator('[data-action="leave-maintenance"]').click();
    // Maintenance lies over the attract screen: wait for it to go (the core answers first), then look.
    await maintenanceScreen().waitFor({ state: 'detached' });
    await page.locator('[data-screen="attract"]').waitFor();
    expect(await maintenanceScreen().count()).toBe(0);
    expect(await page.locator('h1').textContent()).toBe('个体工商户营业执照');
  });

  it('locks after five wrong PINs and then refuses the right one, with the time left', async () => {
    await page.keyboard.press('Control+Alt+KeyM');
    await pinScreen().waitFor();
    for (let tries = 4; tries >= 1; tries--) {
      await typePin('111111');
      await expect.poll(() => pinScreen().locator('[data-pin-answer]').textContent()).toBe(`密码错误，还可尝试 ${tries} 次`);
    }
    await typePin('111111');
    await expect.poll(() => pinScreen().locator('[data-pin-answer]').getAttribute('data-pin-answer')).toBe('locked');
    await typePin(TECHNICIAN_PIN);
    await expect.poll(() => pinScreen().locator('[data-pin-answer]').textContent()).toMatch(/已锁定。请 [45] 分 \d+ 秒后再试/);
    expect(await maintenanceScreen().count()).toBe(0);
    await keepScreenshot(page, 'maintenance-05-locked');
    const events = core.db.prepare<[], string>("SELECT event FROM audit_log WHERE event LIKE 'maintenance.pin-%'").pluck().all();
    expect(events).toEqual(['maintenance.pin-change-refused', 'maintenance.pin-changed', ...Array(5).fill('maintenance.pin-wrong'), 'maintenance.pin-refused']);
  });
});
