// Grid inspection after approval, on a real PostgreSQL: licences issued through /v1/issue
// become tasks for their grid's inspector, ordered by due date; visits are recorded once;
// "address false" flags the licence; the CSV of a grid and period opens in Excel.
import { readFleet } from '../../../centre/fleet/fleet-view';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAddressRooms } from '../../../centre/inspection/address-rooms';
import { inspectionCsv } from '../../../centre/inspection/inspection-csv';
import { InspectionStore, reviewFlagOf } from '../../../centre/inspection/inspection-store';
import { shippedStreets } from '../../../centre/inspection/places';
import type { CentreClient } from '../../../core/centre/centre-client';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { issueTestLicence } from '../../support/centre-licences';
import { startCentreInProcess, type InProcessCentre } from '../../support/centre-in-process';
import { openFleetEvents, signInStaff } from '../../support/fleet';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const DAY_MS = 86_400_000;
// 龙岗区 平湖街道, community 003, grids 04 and 05.
const GRID_A = '44030700300304';
const GRID_B = '44030700300305';
const room = (grid: string, building: number, roomNumber: number) => `${grid}${String(building).padStart(5, '0')}${String(roomNumber).padStart(6, '0')}`;

let postgres: TestPostgres;
let work: string;
let centre: InProcessCentre;
let kiosk: CentreClient;
let store: InspectionStore;

beforeAll(async () => {
  postgres = await startTestPostgres();
  work = mkdtempSync(join(tmpdir(), 'centre-inspection-'));
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function freshCentre(): Promise<void> {
  centre = await startCentreInProcess(await postgres.freshDatabase());
  kiosk = (await enrolTestKiosk(centre.url, centre.pool, 'LG-PH-01', mkdtempSync(join(work, 'keys-')))).client;
  store = new InspectionStore(centre.pool, shippedStreets(), 10);
}

describe('tasks by grid', () => {
  beforeAll(freshCentre);
  afterAll(() => centre.close());

  it("gives each new business to its grid's inspector, the earliest due first, overdue ones marked", async () => {
    const now = Date.now();
    const recent = await issueTestLicence(kiosk, { houseCode: room(GRID_A, 42, 3), issuedAt: new Date(now - 2 * DAY_MS) });
    const old = await issueTestLicence(kiosk, { houseCode: room(GRID_A, 42, 4), issuedAt: new Date(now - 12 * DAY_MS) });
    const otherGrid = await issueTestLicence(kiosk, { houseCode: room(GRID_B, 7, 1), issuedAt: new Date(now - 1 * DAY_MS) });
    await store.assignGrid(GRID_A, 'wangfang', 'admin');
    await store.assignGrid(GRID_B, 'zhaolei', 'admin');

    const mine = await store.openTasksOf('wangfang');
    expect(mine.map((t) => t.creditCode)).toEqual([old, recent]);
    expect(mine.map((t) => t.overdue)).toEqual([true, false]);
    expect(new Date(mine[1]!.dueAt).getTime() - new Date(mine[1]!.issuedAt).getTime()).toBe(10 * DAY_MS);
    expect(mine[0]!.place).toMatchObject({ district: { code: '440307', name: '龙岗区' }, street: { code: '440307003', name: '平湖街道' }, community: { code: '440307003003' }, grid: { code: GRID_A } });
    expect((await store.openTasksOf('zhaolei')).map((t) => t.creditCode)).toEqual([otherGrid]);
    expect(await store.openTasksOf('nobody')).toEqual([]);

    // Reassigning a grid moves its open tasks with it.
    await store.assignGrid(GRID_B, 'wangfang', 'admin');
    expect((await store.openTasksOf('wangfang')).map((t) => t.creditCode)).toEqual([old, recent, otherGrid]);
    expect(await store.openTasksOf('zhaolei')).toEqual([]);
  });

  it('counts open, overdue, done and flagged tasks per grid for the district → grid tree', async () => {
    const grids = await store.gridSummaries();
    const a = grids.find((g) => g.place.grid.code === GRID_A);
    expect(a).toMatchObject({ inspector: 'wangfang', open: 2, overdue: 1, done: 0, flagged: 0 });
    expect(a!.place.street.name).toBe('平湖街道');
  });
});

describe('the visit', () => {
  beforeAll(freshCentre);
  afterAll(() => centre.close());

  it('"address false" closes the task and flags the licence for review; other outcomes flag nothing', async () => {
    await store.assignGrid(GRID_A, 'wangfang', 'admin');
    const fake = await issueTestLicence(kiosk, { houseCode: room(GRID_A, 1, 1), issuedAt: new Date() });
    const real = await issueTestLicence(kiosk, { houseCode: room(GRID_A, 1, 2), issuedAt: new Date() });
    expect(await reviewFlagOf(centre.pool, fake)).toBeNull();

    const done = await store.recordVisit({ creditCode: fake, outcome: 'address-false', notes: '门牌不存在' }, { username: 'wangfang', mayInspectAnyGrid: false });
    expect(done.visit).toMatchObject({ outcome: 'address-false', notes: '门牌不存在', inspector: 'wangfang' });
    expect(await reviewFlagOf(centre.pool, fake)).toMatchObject({ creditCode: fake, reason: 'address-false' });

    await store.recordVisit({ creditCode: real, outcome: 'operating' }, { username: 'wangfang', mayInspectAnyGrid: false });
    expect(await reviewFlagOf(centre.pool, real)).toBeNull();
    expect(await store.openTasksOf('wangfang')).toEqual([]);
    expect((await store.gridSummaries()).find((g) => g.place.grid.code === GRID_A)).toMatchObject({ open: 0, done: 2, flagged: 1 });
    // The fleet page counts it among the issuing kiosk's reasons for attention.
    expect((await readFleet(centre.pool, ['LG-PH-01']))[0]).toMatchObject({ kioskId: 'LG-PH-01', flaggedLicences: 1 });
  });

  it('an "address false" flag reaches an open fleet page at once, without waiting for the kiosk\'s next heartbeat', async () => {
    await store.assignGrid(GRID_A, 'wangfang', 'admin');
    const licence = await issueTestLicence(kiosk, { houseCode: room(GRID_A, 3, 1), issuedAt: new Date() });
    const stream = await openFleetEvents(centre.url, await signInStaff(centre.url, centre.pool, 'chen', 'technician'));
    try {
      const before = stream.snapshot.kiosks.find((k) => k.kioskId === 'LG-PH-01')!.flaggedLicences;
      // This kiosk sends no heartbeat in this test: only the visit itself can bring the update.
      const flagged = stream.next((k) => k.kioskId === 'LG-PH-01' && k.flaggedLicences === before + 1);
      await store.recordVisit({ creditCode: licence, outcome: 'address-false' }, { username: 'wangfang', mayInspectAnyGrid: false });
      await flagged;
    } finally {
      stream.close();
    }
  });

  it('refuses a second visit to the same business, a visit outside the grid, and an unknown licence, keeping the first outcome', async () => {
    await store.assignGrid(GRID_A, 'wangfang', 'admin');
    await store.assignGrid(GRID_B, 'zhaolei', 'admin');
    const licence = await issueTestLicence(kiosk, { houseCode: room(GRID_A, 2, 1), issuedAt: new Date() });
    const code = (promise: Promise<unknown>) => promise.then(() => 'recorded', (error: { code?: string }) => error.code);

    expect(await code(store.recordVisit({ creditCode: licence, outcome: 'operating' }, { username: 'zhaolei', mayInspectAnyGrid: false }))).toBe('not-your-grid');
    expect(await code(store.recordVisit({ creditCode: licence, outcome: 'not-found' }, { username: 'wangfang', mayInspectAnyGrid: false }))).toBe('recorded');
    expect(await code(store.recordVisit({ creditCode: licence, outcome: 'address-false' }, { username: 'admin', mayInspectAnyGrid: true }))).toBe('visit-recorded');
    expect(await code(store.recordVisit({ creditCode: '92440300MA5EQ7GQ4X', outcome: 'operating' }, { username: 'admin', mayInspectAnyGrid: true }))).toBe('no-such-licence');

    const [task] = await store.gridPeriod({ gridCode: GRID_A, from: '2000-01-01', to: '2100-01-01' }).then((tasks) => tasks.filter((t) => t.creditCode === licence));
    expect(task!.visit?.outcome).toBe('not-found');
    expect(await reviewFlagOf(centre.pool, licence)).toBeNull();
  });
});

describe('the address base and the CSV export', () => {
  beforeAll(freshCentre);
  afterAll(() => centre.close());

  it('names community, grid and address from the imported address base, and exports a grid and period as Excel-ready CSV', async () => {
    const file = join(work, 'rooms.csv');
    writeFileSync(
      file,
      '\uFEFFhouse_code,community,grid,road,number,building,room,usage,status\r\n' +
        `${room(GRID_A, 42, 3)},平湖社区,平湖社区第4网格,平湖大街,128,华南城1号楼,103,商业,normal\r\n` +
        `${room(GRID_A, 42, 4)},平湖社区,,平湖大街,128号,12,0301,商业,\r\n` +
        `4403,平湖社区,,x,1,,1,商业,\r\n`,
    );
    expect(await importAddressRooms(centre.pool, file)).toMatchObject({ rooms: 2, refusedTotal: 1, refused: [{ line: 4 }] });

    // Issued 2026-11-30 23:30 and 2026-12-01 00:30 China time: the period 12-01..12-03 holds the second only.
    const late = await issueTestLicence(kiosk, { houseCode: room(GRID_A, 42, 3), issuedAt: new Date('2026-11-30T15:30:00Z'), tradeName: '精锐' });
    const early = await issueTestLicence(kiosk, { houseCode: room(GRID_A, 42, 4), issuedAt: new Date('2026-11-30T16:30:00Z') });
    await issueTestLicence(kiosk, { houseCode: room(GRID_B, 1, 1), issuedAt: new Date('2026-12-02T02:00:00Z') });
    await store.assignGrid(GRID_A, 'wangfang', 'admin');
    await store.recordVisit({ creditCode: early, outcome: 'other-business', notes: '=现为"美美"理发店, 已拍照' }, { username: 'wangfang', mayInspectAnyGrid: false });

    const tasks = await store.gridPeriod({ gridCode: GRID_A, from: '2026-12-01', to: '2026-12-03' });
    expect(tasks.map((t) => t.creditCode)).toEqual([early]);
    expect(tasks[0]!.place).toMatchObject({ community: { name: '平湖社区' }, grid: { name: '平湖社区第4网格' }, address: '平湖大街128号12栋0301室' });
    const november = await store.gridPeriod({ gridCode: GRID_A, from: '2026-11-30', to: '2026-11-30' });
    expect(november.map((t) => t.creditCode)).toEqual([late]);
    expect(november[0]!.place.address).toBe('平湖大街128号华南城1号楼103室');

    const csv = inspectionCsv(tasks);
    expect(csv.startsWith('\uFEFF统一社会信用代码,名称,经营者,区,街道,社区,网格,经营场所,房屋编码,登记时间,应核查日期,网格员,核查结果,备注,核查时间\r\n')).toBe(true);
    const line = csv.split('\r\n')[1]!;
    expect(line.startsWith(`${early},深圳市`)).toBe(true);
    expect(line).toContain(',龙岗区,平湖街道,平湖社区,平湖社区第4网格,平湖大街128号12栋0301室,');
    expect(line).toContain(`,2026-12-01 00:30,2026-12-11,wangfang,现场为其他经营者,"'=现为""美美""理发店, 已拍照",`);
    // A note typed as a formula stays text in Excel (the leading ').
  });
});
