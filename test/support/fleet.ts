/**
 * Fleet tests: a real kiosk core (simulated hardware) enrolled at a real centre and
 * heartbeating to it, staff signed in through the real login, and a reader of the
 * fleet page's server-sent events that waits for the event a test expects.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { addKiosk } from '../../centre/kiosks';
import { addStaff } from '../../centre/staff/accounts';
import type { FleetKioskView, FleetSnapshot } from '../../centre/fleet/fleet-view';
import { CSRF_HEADER, STAFF_PATHS, type StaffMe, type StaffRole } from '../../protocol/centre-staff';
import { CentreClient } from '../../core/centre/centre-client';
import { initSigningKey, kioskKeysDir } from '../../core/signing/kiosk-keys';
import { startTestCore, type TestCore } from './core';

export interface SignedIn {
  name: string;
  /** The session cookie (name=value) and the CSRF token every change carries. */
  cookie: string;
  csrfToken: string;
}

export const STAFF_PASSWORD = 'correct horse battery';

/** Adds the account (if new) and signs in through POST /api/staff/login, as the login page does. */
export async function signInStaff(centreUrl: string, pool: pg.Pool, name: string, role: StaffRole): Promise<SignedIn> {
  await addStaff(pool, name, role, STAFF_PASSWORD).catch(() => undefined);
  const response = await fetch(new URL(STAFF_PATHS.login, centreUrl), { method: 'POST', headers: { 'content-type': 'application/json', origin: centreUrl }, body: JSON.stringify({ name, password: STAFF_PASSWORD }) });
  if (response.status !== 200) throw new Error(`${name} could not sign in: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as StaffMe;
  return { name, cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrfToken };
}

/** A kiosk core whose key is enrolled at the centre, configured to heartbeat to it every `heartbeatMs`; `env`: more of its configuration. */
export async function startFleetKiosk(centreUrl: string, pool: pg.Pool, kioskId: string, heartbeatMs = 60_000, shellHooks?: Parameters<typeof startTestCore>[1], env: NodeJS.ProcessEnv = {}): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-kiosk-'));
  const { key } = initSigningKey(kioskKeysDir(dataDir));
  const { code } = await addKiosk(pool, kioskId);
  await CentreClient.enrol({ url: centreUrl, kioskId, privateKey: key.privateKey, publicKey: key.publicKey, code });
  const core = await startTestCore(
    { ...env, KIOSK__KIOSK_ID: kioskId, KIOSK__CENTRE__URL: centreUrl, KIOSK__CENTRE__HEARTBEAT_MS: String(heartbeatMs) },
    { ...shellHooks, dataDir },
  );
  // A kiosk of a centre issues only from credit codes the centre leased it: have them before a test issues.
  await core.downstream!.pull();
  return core;
}

export interface FleetEvents {
  snapshot: FleetSnapshot;
  /** Resolves with the first kiosk update (after this call) for which `predicate` holds. */
  next(predicate: (kiosk: FleetKioskView) => boolean, timeoutMs?: number): Promise<FleetKioskView>;
  /**
   * Resolves with the kiosk's latest known view if `predicate` already holds for it, else
   * as `next`: for a state the centre may have reached before the stream was opened.
   */
  reached(predicate: (kiosk: FleetKioskView) => boolean, timeoutMs?: number): Promise<FleetKioskView>;
  close(): void;
}

/** Opens the fleet's event stream as a page does; resolves once the first snapshot is in. */
export function openFleetEvents(centreUrl: string, staff: SignedIn): Promise<FleetEvents> {
  return new Promise((resolve, reject) => {
    const waiters: { predicate: (kiosk: FleetKioskView) => boolean; done: (kiosk: FleetKioskView) => void }[] = [];
    let snapshot: FleetSnapshot | undefined;
    const latest = new Map<string, FleetKioskView>();
    let buffer = '';
    const req = request(new URL('/api/fleet/events', centreUrl), { headers: { cookie: staff.cookie } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`the event stream answered ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (!name || !data) continue;
          if (name === 'snapshot') {
            const first = snapshot === undefined;
            snapshot = JSON.parse(data) as FleetSnapshot;
            if (first) resolve(events(snapshot));
            snapshot.kiosks.forEach(deliver);
          } else if (name === 'kiosk') deliver(JSON.parse(data) as FleetKioskView);
        }
      });
    });
    req.on('error', reject);
    req.end();

    function deliver(kiosk: FleetKioskView): void {
      latest.set(kiosk.kioskId, kiosk);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(kiosk)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.done(kiosk);
        }
      }
    }

    function next(predicate: (kiosk: FleetKioskView) => boolean, timeoutMs = 10_000): Promise<FleetKioskView> {
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no fleet update matched within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ predicate, done: (kiosk) => (clearTimeout(timer), done(kiosk)) });
      });
    }

    function events(first: FleetSnapshot): FleetEvents {
      return {
        snapshot: first,
        next,
        reached: (predicate, timeoutMs) => {
          const already = [...latest.values()].find(predicate);
          return already ? Promise.resolve(already) : next(predicate, timeoutMs);
        },
        close: () => req.destroy(),
      };
    }
  });
}

/** A staff request to the fleet API (JSON) in the staff member's session, with its CSRF token; `null`: without a session. */
export async function staffFetch(centreUrl: string, path: string, staff: SignedIn | null, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (staff) Object.assign(headers, { cookie: staff.cookie, [CSRF_HEADER]: staff.csrfToken });
  const response = await fetch(new URL(path, centreUrl), { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: response.status, json: await response.json() };
}
