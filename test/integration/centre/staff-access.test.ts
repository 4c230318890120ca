// Staff access against a real centre and PostgreSQL, over HTTP as a browser speaks it:
// sessions in Secure, HttpOnly, SameSite cookies; changes refused without the CSRF
// token or from another origin; five wrong passwords lock the account; the role guard;
// every action in the audit log.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStaff, LOCK_AFTER_FAILURES } from '../../../centre/staff/accounts';
import { CSRF_HEADER, STAFF_PATHS, type StaffMe } from '../../../protocol/centre-staff';
import { startCentreInProcess, type InProcessCentre } from '../../support/centre-in-process';
import { CENTRE_BUNDLE, centreCommand } from '../../support/centre-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

let postgres: TestPostgres;
let centre: InProcessCentre;
let databaseUrl: string;
let dataDir: string;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  postgres = await startTestPostgres();
  databaseUrl = await postgres.freshDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'staff-cli-'));
  centre = await startCentreInProcess(databaseUrl);
  await addStaff(centre.pool, 'wang.tech', 'technician', PASSWORD);
  await addStaff(centre.pool, 'li.lock', 'inspector', PASSWORD);
}, 60_000);
afterAll(async () => {
  await centre?.close();
  await postgres?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
    expect(await auditActions('wang.tech')).toEqual(['login', 'page', 'csrf-refused', 'csrf-refused', 'POST /api/staff/logout']);
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

  it('a role may open only its pages: a technician is refused the audit log (page and API), a supervisor and admin read it', async () => {
    const technician = await signIn('wang.tech');
    const page = await fetch(url('/audit'), { headers: { cookie: technician.cookie } });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const api = await fetch(url('/api/staff/audit'), { headers: { cookie: technician.cookie } });
    expect(api.status).toBe(403);
    expect(await api.json()).toMatchObject({ error: 'role-forbidden' });
    expect((await auditActions('wang.tech')).slice(-2)).toEqual(['role-forbidden', 'role-forbidden']);

    await addStaff(centre.pool, 'chen.super', 'supervisor', PASSWORD);
    await addStaff(centre.pool, 'zhao.admin', 'admin', PASSWORD);
    for (const name of ['chen.super', 'zhao.admin']) {
      const { cookie } = await signIn(name);
      expect((await fetch(url('/audit'), { headers: { cookie } })).status).toBe(200);
      const entries = (await (await fetch(url('/api/staff/audit'), { headers: { cookie } })).json()) as { staffName: string; action: string }[];
      expect(entries[0]).toMatchObject({ staffName: name, action: 'page' });
      expect(entries).toContainEqual(expect.objectContaining({ staffName: 'li.lock', action: 'account-locked' }));
    }
  });

  it('`centre staff add NAME --role ROLE` prints a password once, which signs in; a wrong role or a taken name is refused', async () => {
    const env = { CENTRE_DATABASE_URL: databaseUrl, CENTRE_DATA_DIR: dataDir };
    const added = await centreCommand(['staff', 'add', 'sun.cli', '--role', 'supervisor'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toContain('staff sun.cli added as supervisor: the password above is shown only this once');
    const password = added.stdout.trim();
    expect(password).toMatch(/^[a-zA-Z0-9]{20}$/);
    const { rows } = await centre.pool.query<{ password_hash: string }>("SELECT password_hash FROM staff_accounts WHERE name = 'sun.cli'");
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(rows[0]!.password_hash).not.toContain(password);
    expect((await login('sun.cli', password)).status).toBe(200);

    const badRole = await centreCommand(['staff', 'add', 'qian.cli', '--role', 'boss'], env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/Allowed choices are technician, inspector, supervisor, admin/);
    const taken = await centreCommand(['staff', 'add', 'sun.cli', '--role', 'inspector'], env);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('there is already a staff member named sun.cli');
    expect(await auditActions('sun.cli')).toEqual(['staff-add', 'login']);
  });

  it('`staff add --password-stdin` takes the first line of standard input, and refuses one too short', async () => {
    const run = (name: string, input: string) => {
      const result = spawnSync(process.execPath, [CENTRE_BUNDLE, 'staff', 'add', name, '--role', 'inspector', '--password-stdin'], { input, encoding: 'utf8', env: { ...process.env, CENTRE_DATABASE_URL: databaseUrl, CENTRE_DATA_DIR: dataDir } });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    };
    const added = run('zhou.stdin', 'a long enough password\nignored second line\n');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe('');
    expect((await login('zhou.stdin', 'a long enough password')).status).toBe(200);
    const short = run('wu.stdin', 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('the password must have at least 10 characters');
  });
});
