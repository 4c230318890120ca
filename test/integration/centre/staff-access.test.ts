// Staff access against a real centre and PostgreSQL, over HTTP as a browser speaks it:
// sessions in Secure, HttpOnly, SameSite cookies; changes refused without the CSRF
// token or from another origin; five wrong passwords lock the account; the role guard;
// every action in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, LOCK_AFTER_FAILURES } from '../../../centre/staff/accounts';
import { CSRF_HEADER, STAFF_PATHS, type StaffMe } from '../../../protocol/centre-staff';
import { startCentreInProcess, type InProcessCentre } from '../../support/centre-in-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

let postgres: TestPostgres;
let centre: InProcessCentre;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  postgres = await startTestPostgres();
  centre = await startCentreInProcess(await postgres.freshDatabase());
  await addStaff(centre.pool, 'wang.tech', 'technician', PASSWORD);
  await addStaff(centre.pool, 'li.lock', 'inspector', PASSWORD);
}, 60_000);
afterAll(async () => {
  await centre?.close();
  await postgres?.stop();
});

const url = (path: string) => `${centre.url}${path}`;

async function login(name: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url(STAFF_PATHS.login), { method: 'POST', headers: { 'content-type': 'application/json', origin: centre.url, ...headers }, body: JSON.stringify({ name, password }) });
}

async function signIn(name: string): Promise<{ cookie: string; me: StaffMe }> {
  const response = await login(name, PASSWORD);
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie')!;
  return { cookie: cookie.split(';')[0]!, me: (await response.json()) as StaffMe };
}

async function auditActions(name: string): Promise<string[]> {
  const { rows } = await centre.pool.query<{ action: string }>('SELECT action FROM staff_audit WHERE staff_name = $1 ORDER BY id', [name]);
  return rows.map((row) => row.action);
}

describe('staff access', () => {
  it('without a session a page redirects to the login and the API answers 401', async () => {
    const page = await fetch(url('/'), { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2F');
    const api = await fetch(url(STAFF_PATHS.me));
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'signed-out', message: { 'zh-CN': '请先登录', en: 'Please sign in first' } });
    const loginPage = await fetch(url('/login'));
    expect(loginPage.status).toBe(200);
    expect(loginPage.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('signs in with a Secure, HttpOnly, SameSite=Strict cookie, and out only with the CSRF token', async () => {
    const response = await login('wang.tech', PASSWORD);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/^miaopi_staff=[\w-]{43}; Path=\/; Max-Age=43200; Secure; HttpOnly; SameSite=Strict$/);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const me = (await response.json()) as StaffMe;
    expect(me).toMatchObject({ name: 'wang.tech', role: 'technician' });

    expect((await fetch(url(STAFF_PATHS.me), { headers: { cookie } })).status).toBe(200);
    expect((await fetch(url('/'), { headers: { cookie }, redirect: 'manual' })).status).toBe(200);

    const noToken = await fetch(url(STAFF_PATHS.logout), { method: 'POST', headers: { cookie } });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ error: 'csrf' });
    const otherSite = await fetch(url(STAFF_PATHS.logout), { method: 'POST', headers: { cookie, [CSRF_HEADER]: me.csrfToken, origin: 'https://evil.example' } });
    expect(otherSite.status).toBe(403);
    expect((await fetch(url(STAFF_PATHS.me), { headers: { cookie } })).status).toBe(200); // still signed in

    const out = await fetch(url(STAFF_PATHS.logout), { method: 'POST', headers: { cookie, [CSRF_HEADER]: me.csrfToken, origin: centre.url } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^miaopi_staff=; Path=\/; Max-Age=0;/);
    expect((await fetch(url(STAFF_PATHS.me), { headers: { cookie } })).status).toBe(401);
    expect(await auditActions('wang.tech')).toEqual(['login', 'page', 'POST /api/staff/logout']);
  });

  it('refuses a login posted as a form from another site', async () => {
    const form = await fetch(url(STAFF_PATHS.login), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `name=wang.tech&password=${PASSWORD}` });
    expect(form.status).toBe(403);
    expect((await login('wang.tech', PASSWORD, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it(`locks the account after ${LOCK_AFTER_FAILURES} wrong passwords, even against the right one`, async () => {
    for (let attempt = 1; attempt < LOCK_AFTER_FAILURES; attempt++) {
      const wrong = await login('li.lock', 'not the password');
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: 'bad-login' });
    }
    const locking = await login('li.lock', 'not the password');
    expect(locking.status).toBe(423);
    const right = await login('li.lock', PASSWORD);
    expect(right.status).toBe(423);
    expect(await right.json()).toMatchObject({ error: 'account-locked', message: { en: 'Too many failed sign-ins: the account is locked for 15 minutes' } });
    expect(right.headers.get('set-cookie')).toBeNull();
    const { rows } = await centre.pool.query<{ minutes: number }>("SELECT round(extract(epoch FROM locked_until - now()) / 60)::int AS minutes FROM staff_accounts WHERE name = 'li.lock'");
    expect(rows[0]!.minutes).toBe(15);
    expect(await auditActions('li.lock')).toEqual([...Array(LOCK_AFTER_FAILURES - 1).fill('login-failed'), 'account-locked', 'login-while-locked']);
  });

  it('an unknown name gets the same answer as a wrong password', async () => {
    const unknown = await login('nobody.here', PASSWORD);
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: 'bad-login' });
  });

  it('admin may open every staff page', async () => {
    await addStaff(centre.pool, 'zhao.admin', 'admin', PASSWORD);
    const { cookie } = await signIn('zhao.admin');
    expect((await fetch(url('/'), { headers: { cookie } })).status).toBe(200);
  });
});
