// Who reaches /inspection, /ratings and their APIs, over HTTP against a real centre on
// PostgreSQL: without a session a page redirects to the login and the API answers 401;
// each role gets only its part; a visit without the CSRF token is refused; the visit
// and the CSV travel as the pages send and receive them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addStaff } from '../../../centre/staff/accounts';
import { INSPECTION_PATHS } from '../../../protocol/centre-inspection';
import { RATINGS_PATHS } from '../../../protocol/centre-ratings';
import { CSRF_HEADER, STAFF_PATHS, type StaffMe } from '../../../protocol/centre-staff';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { issueTestLicence } from '../../support/centre-licences';
import { startCentreInProcess, type InProcessCentre } from '../../support/centre-in-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const PASSWORD = 'correct horse battery';
const GRID = '44030700300304';
let postgres: TestPostgres;
let centre: InProcessCentre;
let work: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  centre = await startCentreInProcess(await postgres.freshDatabase());
  work = mkdtempSync(join(tmpdir(), 'inspection-access-'));
  for (const [name, role] of [['wang.fang', 'inspector'], ['zhao.lei', 'inspector'], ['li.jian', 'supervisor'], ['chen.tech', 'technician']] as const) await addStaff(centre.pool, name, role, PASSWORD);
}, 60_000);
afterAll(async () => {
  await centre?.close();
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function signIn(name: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${centre.url}${STAFF_PATHS.login}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: centre.url }, body: JSON.stringify({ name, password: PASSWORD }) });
  expect(response.status).toBe(200);
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await response.json()) as StaffMe).csrfToken };
}

const get = (path: string, cookie?: string) => fetch(`${centre.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
const REPORT = `${RATINGS_PATHS.report}?from=2026-12-01&to=2026-12-03`;

it('without a session: the pages redirect to the login, the APIs answer 401', async () => {
  for (const page of ['/inspection', '/ratings']) {
    const response = await get(page);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/login?next=${encodeURIComponent(page)}`);
  }
  for (const api of [INSPECTION_PATHS.tasks, INSPECTION_PATHS.grids, `${INSPECTION_PATHS.export}?grid=${GRID}&from=2026-12-01&to=2026-12-02`, REPORT]) {
    expect((await get(api)).status).toBe(401);
  }
});

it('each role reaches only its part; a visit needs the CSRF token and the grid; the CSV comes as an attachment', async () => {
  const { client } = await enrolTestKiosk(centre.url, centre.pool, 'LG-PH-01', work);
  const creditCode = await issueTestLicence(client, { houseCode: `${GRID}00042000003`, issuedAt: new Date() });
  await centre.pool.query(`INSERT INTO inspection_grids (grid_code, inspector, assigned_by) VALUES ($1, 'wang.fang', 'test')`, [GRID]);
  const inspector = await signIn('wang.fang');
  const other = await signIn('zhao.lei');
  const supervisor = await signIn('li.jian');
  const technician = await signIn('chen.tech');

  expect((await get('/inspection', technician.cookie)).status).toBe(403);
  expect((await get('/ratings', inspector.cookie)).status).toBe(403);
  expect((await get(REPORT, inspector.cookie)).status).toBe(403);
  expect((await get(INSPECTION_PATHS.grids, inspector.cookie)).status).toBe(403);
  expect((await get(REPORT, supervisor.cookie)).status).toBe(200);
  expect(((await (await get(INSPECTION_PATHS.tasks, inspector.cookie)).json()) as { tasks: { creditCode: string }[] }).tasks.map((t) => t.creditCode)).toEqual([creditCode]);
  // An inspector asking for someone else's list still gets their own.
  expect(((await (await get(`${INSPECTION_PATHS.tasks}?inspector=wang.fang`, other.cookie)).json()) as { tasks: unknown[] }).tasks).toEqual([]);

  const visit = (who: { cookie: string; csrf: string }, csrf: string | null, body: unknown) =>
    fetch(`${centre.url}${INSPECTION_PATHS.visit}`, { method: 'POST', headers: { cookie: who.cookie, 'content-type': 'application/json', origin: centre.url, ...(csrf ? { [CSRF_HEADER]: csrf } : {}) }, body: JSON.stringify(body) });
  expect((await visit(inspector, null, { creditCode, outcome: 'operating' })).status).toBe(403);
  const wrongGrid = await visit(other, other.csrf, { creditCode, outcome: 'operating' });
  expect([wrongGrid.status, ((await wrongGrid.json()) as { error: string }).error]).toEqual([403, 'not-your-grid']);
  const bad = await visit(inspector, inspector.csrf, { creditCode, outcome: 'closed' });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { message: { 'zh-CN': string } }).message['zh-CN']).toBe('请求格式不正确');
  expect((await visit(inspector, inspector.csrf, { creditCode, outcome: 'address-false', notes: '无此门牌' })).status).toBe(200);
  const again = await visit(inspector, inspector.csrf, { creditCode, outcome: 'operating' });
  expect([again.status, ((await again.json()) as { message: { en: string } }).message.en]).toEqual([409, 'The visit to this business is already recorded']);

  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const csv = await get(`${INSPECTION_PATHS.export}?grid=${GRID}&from=${today}&to=${today}`, inspector.cookie);
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="inspection-${GRID}-${today}-${today}.csv"`);
  expect(new Uint8Array(await csv.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  // Another inspector may not export this grid.
  expect((await get(`${INSPECTION_PATHS.export}?grid=${GRID}&from=${today}&to=${today}`, other.cookie)).status).toBe(403);
  const audit = await centre.pool.query<{ action: string }>(`SELECT action FROM staff_audit WHERE staff_name = 'wang.fang' AND action LIKE 'POST %'`);
  expect(audit.rows.length).toBeGreaterThanOrEqual(1);
});
