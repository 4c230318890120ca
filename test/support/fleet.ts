/**
 * Fleet tests: a real kiosk core (simulated hardware) enrolled at a real centre and
 * heartbeating to it, a stand-in for the staff login that names the member of staff in
 * a header (test/support only; the centre's real guard is the staff login), and a
 * reader of the fleet page's server-sent events that waits for the event a test expects.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { addKiosk } from '../../centre/kiosks';
import type { StaffGuard } from '../../centre/fleet/staff-guard';
import type { FleetKioskView, FleetSnapshot } from '../../centre/fleet/fleet-view';
import { RefusedError } from '../../centre/http/refusals';
import { CentreClient } from '../../core/centre/centre-client';
import { initSigningKey, kioskKeysDir } from '../../core/signing/kiosk-keys';
import { startTestCore, type TestCore } from './core';

export const TEST_STAFF_HEADER = 'x-test-staff';

/** Test stand-in for the staff login: `x-test-staff: name/role`; none or a role not allowed is refused. */
export const testStaffGuard: StaffGuard = ({ request: incoming }, roles) => {
  const [name, role] = String(incoming.headers[TEST_STAFF_HEADER] ?? '').split('/');
  if (!name || !role) return Promise.reject(new RefusedError('unsigned'));
  if (!roles.includes(role)) return Promise.reject(new RefusedError('revoked-kiosk'));
  return Promise.resolve({ name, role });
};

/** A kiosk core whose key is enrolled at the centre, configured to heartbeat to it every `heartbeatMs`. */
export async function startFleetKiosk(centreUrl: string, pool: pg.Pool, kioskId: string, heartbeatMs = 60_000, shellHooks?: Parameters<typeof startTestCore>[1]): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-kiosk-'));
  const { key } = initSigningKey(kioskKeysDir(dataDir));
  const { code } = await addKiosk(pool, kioskId);
  await CentreClient.enrol({ url: centreUrl, kioskId, privateKey: key.privateKey, publicKey: key.publicKey, code });
  return startTestCore(
    { KIOSK__KIOSK_ID: kioskId, KIOSK__CENTRE__URL: centreUrl, KIOSK__CENTRE__HEARTBEAT_MS: String(heartbeatMs) },
    { ...shellHooks, dataDir },
  );
}

export interface FleetEvents {
  snapshot: FleetSnapshot;
  /** Resolves with the first kiosk update (after this call) for which `predicate` holds. */
  next(predicate: (kiosk: FleetKioskView) => boolean, timeoutMs?: number): Promise<FleetKioskView>;
  close(): void;
}

/** Opens the fleet's event stream as a page does; resolves once the first snapshot is in. */
export function openFleetEvents(centreUrl: string, staff = 'tech1/technician'): Promise<FleetEvents> {
  return new Promise((resolve, reject) => {
    const waiters: { predicate: (kiosk: FleetKioskView) => boolean; done: (kiosk: FleetKioskView) => void }[] = [];
    let snapshot: FleetSnapshot | undefined;
    let buffer = '';
    const req = request(new URL('/api/fleet/events', centreUrl), { headers: { [TEST_STAFF_HEADER]: staff } }, (response) => {
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
      for (const waiter of [...waiters]) {
        if (waiter.predicate(kiosk)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.done(kiosk);
        }
      }
    }

    function events(first: FleetSnapshot): FleetEvents {
      return {
        snapshot: first,
        next: (predicate, timeoutMs = 10_000) =>
          new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`no fleet update matched within ${timeoutMs} ms`)), timeoutMs);
            waiters.push({ predicate, done: (kiosk) => (clearTimeout(timer), done(kiosk)) });
          }),
        close: () => req.destroy(),
      };
    }
  });
}

/** A staff request to the fleet API (JSON), as `staff` (name/role). */
export async function staffFetch(centreUrl: string, path: string, init: { method?: string; body?: unknown; staff?: string | null } = {}): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.staff !== null) headers[TEST_STAFF_HEADER] = init.staff ?? 'tech1/technician';
  const response = await fetch(new URL(path, centreUrl), { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: response.status, json: await response.json() };
}
