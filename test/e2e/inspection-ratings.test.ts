/// <reference lib="dom" />
// The grid inspection and ratings pages in a real Chromium against a real centre on
// PostgreSQL: an inspector records a visit on a phone-sized screen, the admin assigns
// the grid, the CSV of the grid opens as Excel would read it, and a supervisor sees the
// ratings charts drawn from a soak of simulated kiosks, fed through their outboxes and
// /v1/sync, with the figures the soak counted. Each page leaves a
// screenshot and passes axe-core with no serious or critical finding.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAddressRooms } from '../../centre/inspection/address-rooms';
import { reviewFlagOf } from '../../centre/inspection/inspection-store';
import { TIME_TO_LICENCE_EDGES } from '../../centre/ratings/ratings-store';
import { addStaff } from '../../centre/staff/accounts';
import { enrolTestKiosk } from '../support/centre-kiosks';
import { issueTestLicence } from '../support/centre-licences';
import { startCentreInProcess, type InProcessCentre } from '../support/centre-in-process';
import { captured, DESK, openAsStaff, openPage, PHONE } from '../support/centre-pages';
import { runCentreSoak } from '../support/centre-soak';
import { launchChromium } from '../support/chromium';
import { startTestPostgres, type TestPostgres } from '../support/postgres';

const PASSWORD = 'correct horse battery';
const DAY_MS = 86_400_000;
// 龙岗区 平湖街道, community 003, grid 04.
const GRID = '44030700300304';

let postgres: TestPostgres;
let centre: InProcessCentre;
let browser: Browser;
let work: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  work = mkdtempSync(join(tmpdir(), 'inspect-ratings-e2e-'));
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Each part on its own database, so neither counts the other's licences. */
async function freshCentre(): Promise<void> {
  centre = await startCentreInProcess(await postgres.freshDatabase());
  await addStaff(centre.pool, 'wang.fang', 'inspector', PASSWORD);
  await addStaff(centre.pool, 'li.jian', 'supervisor', PASSWORD);
  await addStaff(centre.pool, 'zhao.admin', 'admin', PASSWORD);
}

describe('grid inspection', () => {
  beforeAll(freshCentre, 60_000);
  afterAll(() => centre.close());
  it('admin assigns the grid; the inspector, on a phone, sees the overdue task first, records "address false", and the licence is flagged', async () => {
    const rooms = join(work, 'rooms.csv');
    writeFileSync(
      rooms,
      'house_code,community,grid,road,number,building,room,usage,status\n' +
        `${GRID}00042000003,平湖社区,平湖社区第4网格,平湖大街,128,华南城1号楼,103,商业,normal\n` +
        `${GRID}00042000004,平湖社区,平湖社区第4网格,平湖大街,128,华南城1号楼,104,商业,normal\n`,
    );
    await importAddressRooms(centre.pool, rooms);
    const { client } = await enrolTestKiosk(centre.url, centre.pool, 'LG-PH-01', mkdtempSync(join(work, 'keys-')));
    const overdue = await issueTestLicence(client, { houseCode: `${GRID}00042000003`, issuedAt: new Date(Date.now() - 12 * DAY_MS), tradeName: '精锐' });
    const fresh = await issueTestLicence(client, { houseCode: `${GRID}00042000004`, issuedAt: new Date(Date.now() - DAY_MS), tradeName: '好味' });

    const admin = await openPage(browser, DESK);
    await openAsStaff(admin.page, `${centre.url}/inspection`, 'zhao.admin', PASSWORD);
    await admin.page.getByLabel('网格编码（房屋编码前 14 位）').fill(GRID);
    await admin.page.getByLabel('网格员用户名').fill('wang.fang');
    await admin.page.getByRole('button', { name: '分配', exact: true }).click();
    await admin.page.getByText(`网格 ${GRID} 已分配给 wang.fang`).waitFor();
    const row = admin.page.getByRole('row', { name: /平湖社区第4网格/ });
    await row.getByRole('cell', { name: 'wang.fang' }).waitFor();
    expect(await captured(admin.page, 'centre-inspection-admin')).toEqual([]);
    await admin.context.close();

    const { context, page } = await openPage(browser, PHONE, { acceptDownloads: true });
    await openAsStaff(page, `${centre.url}/inspection`, 'wang.fang', PASSWORD);
    const tasks = page.getByRole('article');
    await tasks.first().waitFor();
    expect(await tasks.count()).toBe(2);
    const first = tasks.first();
    await first.getByRole('heading', { name: '深圳市精锐餐饮店' }).waitFor();
    expect(await first.getByText('已逾期 2 天').isVisible()).toBe(true);
    expect(await first.getByText('龙岗区平湖街道平湖社区平湖大街128号华南城1号楼103室').isVisible()).toBe(true);
    expect(await tasks.nth(1).getByText('还剩 9 天').isVisible()).toBe(true);
    // Nothing overflows the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await captured(page, 'centre-inspection-phone')).toEqual([]);

    // Sending without choosing says what is missing, in the card.
    await first.getByRole('button', { name: '登记核查结果' }).click();
    await first.getByRole('alert').getByText('请选择核查结果').waitFor();
    await first.getByRole('radio', { name: '地址虚假' }).check();
    await first.getByLabel('备注（可选）').fill('门牌号不存在，楼内无此房间');
    await first.getByRole('button', { name: '登记核查结果' }).click();
    await page.getByRole('status').getByText('已登记：深圳市精锐餐饮店，地址虚假 该执照已标记为待复核。').waitFor();
    expect(await tasks.count()).toBe(1);
    expect(await reviewFlagOf(centre.pool, overdue)).toMatchObject({ reason: 'address-false' });
    expect(await reviewFlagOf(centre.pool, fresh)).toBeNull();
    expect(await captured(page, 'centre-inspection-phone-recorded')).toEqual([]);

    // The grid's CSV, as Excel opens it: BOM, Chinese column names, the visit's outcome and note.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: '下载 CSV' }).click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8');
    expect(csv.startsWith('\uFEFF统一社会信用代码,名称,经营者,区,街道,社区,网格,经营场所,房屋编码,登记时间,应核查日期,网格员,核查结果,备注,核查时间\r\n')).toBe(true);
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.startsWith(overdue))).toContain(',wang.fang,地址虚假,门牌号不存在，楼内无此房间,');
    expect(lines.find((line) => line.startsWith(fresh))).toContain(',待核查,');

    // An inspector may not see the ratings.
    expect((await page.request.get(`${centre.url}/api/ratings/report?from=2026-01-01&to=2026-01-02`)).status()).toBe(403);
    await context.close();
  });
});

describe('ratings', () => {
  beforeAll(freshCentre, 60_000);
  afterAll(() => centre.close());
  it('draws licences per day, ratings, referral reasons and time to licence from a soak of kiosks syncing through their outboxes', async () => {
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - DAY_MS).toISOString().slice(0, 10);
    const soak = await runCentreSoak({
      centre,
      halls: ['LG-PH', 'LG-BJ', 'FT-HQ'],
      kiosksPerHall: 2,
      days: 7,
      lastDay: yesterday,
      sessionsPerKioskDay: 5,
      grids: ['44030700300501', '44030700300502'],
    });
    expect(soak.sessions).toBe(3 * 2 * 7 * 5);
    // Every kiosk's outbox reached the centre, up to its last record.
    const { rows: watermarks } = await centre.pool.query<{ kiosk_id: string; watermark: string }>('SELECT kiosk_id, watermark FROM centre_sync_watermarks');
    expect(Object.fromEntries(watermarks.map((row) => [row.kiosk_id, Number(row.watermark)]))).toEqual(soak.watermarks);
    // Each licence's operator arrived sealed and is held encrypted, never in clear.
    const { rows: operators } = await centre.pool.query<{ n: string }>('SELECT count(*) AS n FROM centre_licence_records WHERE id_number_sealed IS NOT NULL AND id_number_hmac IS NOT NULL');
    expect(Number(operators[0]!.n)).toBe(soak.licences);

    const { context, page } = await openPage(browser, DESK);
    await openAsStaff(page, `${centre.url}/ratings`, 'li.jian', PASSWORD);
    for (const chart of ['licences-per-day', 'ratings-per-day', 'referral-reasons', 'time-to-licence']) {
      await page.locator(`[data-chart="${chart}"] canvas[data-drawn="true"]`).waitFor();
    }
    const figure = (label: string) => page.locator('.figure', { hasText: label }).locator('dd').innerText();
    expect(await figure('评价数')).toBe(String(soak.ratings));
    expect(await figure('发照数')).toBe(String(soak.licences));
    // Rounded as the page rounds: to the millisecond, then to the second.
    expect(await figure('读卡到发照中位时间')).toBe(`${Math.round(Math.round(median(soak.cardToLicenceMs)) / 1000)} s`);
    // The figures under each chart, and the tables, are the soak's own: each day's on its day.
    const counted = (rows: string[][]) => Object.fromEntries(rows.filter(([, n]) => n !== '0').map(([key, n]) => [key, Number(n)]));
    expect(counted(await tableRows(page, '[data-chart="licences-per-day"]'))).toEqual(soak.licencesPerDay);
    expect(counted(await tableRows(page, '[data-chart="referral-reasons"]'))).toEqual(soak.referralReasons);
    expect((await tableRows(page, '[data-chart="time-to-licence"]')).map(([, n]) => Number(n))).toEqual(histogram(soak.cardToLicenceMs));
    // Score columns run from 5 down to 1.
    const scores = (rows: string[][]) => Object.fromEntries(rows.map(([key, ...counts]) => [key, counts.slice(0, 5).map(Number).reverse()]));
    expect(scores(await tableRows(page, 'section[aria-labelledby="by-hall"]'))).toEqual(soak.ratingsByHall);
    expect(scores(await tableRows(page, 'section[aria-labelledby="by-day"]'))).toEqual(soak.ratingsByDay);
    const ends = await tableRows(page, 'section[aria-labelledby="session-ends"]');
    expect(Object.fromEntries(ends.map(([step, reason, n]) => [`${step}/${reason}`, Number(n)]))).toEqual(soak.sessionEnds);
    // The charts' canvases are not blank: some pixel of each is drawn.
    const drawn = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLCanvasElement>('[data-chart] canvas')).map((canvas) => {
        const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return Array.from(pixels).some((value, i) => i % 4 === 3 && value > 0);
      }),
    );
    expect(drawn).toEqual([true, true, true, true]);
    expect(await captured(page, 'centre-ratings')).toEqual([]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Ratings and the service' }).waitFor();
    await page.locator('[data-chart="ratings-per-day"] canvas[data-drawn="true"]').waitFor();
    expect(await captured(page, 'centre-ratings-en')).toEqual([]);

    // One hall only.
    await page.getByLabel('Hall', { exact: true }).selectOption('FT-HQ');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('region', { name: 'Ratings by kiosk' }).getByRole('rowheader', { name: 'FT-HQ-01' }).waitFor();
    expect(await page.getByRole('region', { name: 'Ratings by kiosk' }).getByRole('rowheader').count()).toBe(2);
    expect(scores(await tableRows(page, 'section[aria-labelledby="by-hall"]'))).toEqual({ 'FT-HQ': soak.ratingsByHall['FT-HQ'] });
    await context.close();
  }, 180_000);
});

/** The body rows of the table inside `container` (collapsed or not), as cell texts. */
function tableRows(page: Page, container: string): Promise<string[][]> {
  return page.locator(`${container} table tbody tr`).evaluateAll((rows) => rows.map((row) => Array.from(row.children, (cell) => cell.textContent ?? '')));
}

/** The median as PostgreSQL's percentile_cont(0.5) takes it: the mean of the middle two of an even count. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Licences per bucket of the page's card-to-licence histogram (the last bucket open). */
function histogram(values: readonly number[]): number[] {
  return TIME_TO_LICENCE_EDGES.map((from, i) => {
    const to = TIME_TO_LICENCE_EDGES[i + 1];
    return values.filter((ms) => ms >= from * 1000 && (to === undefined || ms < to * 1000)).length;
  });
}
