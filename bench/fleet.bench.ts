/**
 * Fleet load (`npm run bench -- fleet`): 200 kiosks heartbeat while 20 fleet pages are
 * open, against two real centre processes (dist/centre/centre.cjs) on one real
 * PostgreSQL: kiosks and pages alternate between the processes, so most updates cross
 * from one process to the other through LISTEN/NOTIFY, as behind a load balancer.
 *
 * Time-compressed tenfold: each kiosk sends every 3 s instead of 30 s (67 heartbeats a
 * second instead of 6.7) for 60 s, i.e. ten minutes of a 200-kiosk city. Each heartbeat
 * is signed and realistic (four devices, a few pending jobs, versions, today's counts).
 *
 * Printed: the update latency seen by the pages, from the kiosk's send (its sentAt, the
 * bench's own clock) to the event arriving at each page (p50, p95, p99, max; target p95
 * ≤ 2 s), updates delivered against expected, and the heartbeat request's own latency.
 * The argument `--interval-ms N --seconds S` changes the compression.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { addKiosk } from '../centre/kiosks';
import { addStaff } from '../centre/staff/accounts';
import { CentreClient } from '../core/centre/centre-client';
import type { FleetKioskView, HeartbeatRequest } from '../protocol/centre-fleet';
import { STAFF_PATHS } from '../protocol/centre-staff';
import { startCentre, type CentreProcess } from '../test/support/centre-process';
import { startTestPostgres } from '../test/support/postgres';

const KIOSKS = 200;
const PAGES = 20;
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const INTERVAL_MS = argument('--interval-ms', 3_000);
const SECONDS = argument('--seconds', 60);
const PASSWORD = 'bench password 1';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function heartbeat(n: number, beat: number): HeartbeatRequest {
  const now = new Date().toISOString();
  const device = (kind: 'idcard' | 'thermal' | 'laser' | 'camera', reasons: string[] = []) => ({ kind, driver: 'simulator', level: reasons.length ? ('warning' as const) : ('ok' as const), reasons, message: 'ready', since: now });
  return {
    sentAt: now,
    devices: [device('idcard', ['no-card']), device('thermal', beat % 7 === 0 ? ['paper-near-end'] : []), device('laser'), device('camera')],
    pendingJobs: Array.from({ length: n % 3 }, (_, i) => ({ id: beat * 3 + i, document: 'licence-a4', printer: 'laser' as const, state: 'queued' as const, reason: null, createdAt: now })),
    versions: { app: '0.1.0', ruleSets: [{ service: 'registration', version: '2024.1' }, { service: 'deregistration', version: '2024.1' }], addressBase: '2026-12-01T00:00:00Z' },
    today: { date: now.slice(0, 10), licences: beat, referrals: Math.floor(beat / 10), rejections: 0, reasons: beat >= 10 ? [{ rule: 'address-exists', count: Math.floor(beat / 10) }] : [] },
    ruleSetRates: [{ ruleSetVersion: '2024.1', firstDecidedAt: '2026-12-01T00:00:00Z', decisions: 100 + beat, referrals: 3 }],
  };
}

async function signIn(url: string, name: string): Promise<string> {
  const response = await fetch(new URL(STAFF_PATHS.login, url), { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ name, password: PASSWORD }) });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** One open fleet page: counts each kiosk update and its latency from the kiosk's send. */
function openPage(url: string, cookie: string, latencies: number[]): Promise<() => void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const req = request(new URL('/api/fleet/events', url), { headers: { cookie } }, (response) => {
      if (response.statusCode !== 200) return reject(new Error(`events: ${response.statusCode}`));
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const arrived = Date.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: snapshot')) resolve(() => req.destroy());
          if (!block.startsWith('event: kiosk')) continue;
          const kiosk = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as FleetKioskView;
          if (kiosk.sentAt) latencies.push(arrived - Date.parse(kiosk.sentAt));
        }
      });
    });
    req.on('error', () => undefined);
    req.end();
  });
}

async function main(): Promise<void> {
  const postgres = await startTestPostgres();
  const centres: CentreProcess[] = [];
  try {
    const databaseUrl = await postgres.freshDatabase();
    const env = { CENTRE_DATABASE_URL: databaseUrl, CENTRE_LOG_LEVEL: 'warn', CENTRE_DATA_DIR: mkdtempSync(join(tmpdir(), 'fleet-bench-')) };
    centres.push(await startCentre(env));
    centres.push(await startCentre(env));
    const pool = postgres.pool(databaseUrl, 4);
    await addStaff(pool, 'bench.tech', 'technician', PASSWORD);

    const clients: CentreClient[] = [];
    for (let n = 0; n < KIOSKS; n++) {
      const kioskId = `BENCH-${String(n).padStart(3, '0')}`;
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const { code } = await addKiosk(pool, kioskId);
      const url = centres[n % 2]!.url;
      await CentreClient.enrol({ url, kioskId, privateKey, publicKey, code });
      clients.push(new CentreClient({ url, kioskId, privateKey, timeoutMs: 10_000 }));
    }

    const latencies: number[] = [];
    const closers: (() => void)[] = [];
    for (let p = 0; p < PAGES; p++) {
      const url = centres[p % 2]!.url;
      closers.push(await openPage(url, await signIn(url, 'bench.tech'), latencies));
    }

    console.log(`${KIOSKS} kiosks every ${INTERVAL_MS} ms (${(KIOSKS / (INTERVAL_MS / 1000)).toFixed(1)} heartbeats/s; 30 000 ms in service) for ${SECONDS} s, ${PAGES} pages open, 2 centre processes`);
    const requestTimes: number[] = [];
    let sent = 0;
    let failed = 0;
    const deadline = Date.now() + SECONDS * 1000;
    await Promise.all(
      clients.map(async (client, n) => {
        // Spread evenly over one interval, as real kiosks' clocks are.
        await new Promise((r) => setTimeout(r, (n / KIOSKS) * INTERVAL_MS));
        for (let beat = 0; Date.now() < deadline; beat++) {
          const started = Date.now();
          try {
            await client.heartbeat(heartbeat(n, beat));
            sent++;
          } catch {
            failed++;
          }
          requestTimes.push(Date.now() - started);
          await new Promise((r) => setTimeout(r, Math.max(0, INTERVAL_MS - (Date.now() - started))));
        }
      }),
    );
    // Let the last updates arrive.
    await new Promise((r) => setTimeout(r, 2000));
    closers.forEach((close) => close());

    latencies.sort((a, b) => a - b);
    requestTimes.sort((a, b) => a - b);
    const expected = sent * PAGES;
    console.log(`heartbeats: ${sent} answered, ${failed} failed; request p50 ${percentile(requestTimes, 50)} ms, p95 ${percentile(requestTimes, 95)} ms, p99 ${percentile(requestTimes, 99)} ms`);
    console.log(`page updates: ${latencies.length} of ${expected} expected (${((100 * latencies.length) / Math.max(expected, 1)).toFixed(1)} %)`);
    const p95 = percentile(latencies, 95);
    console.log(`update latency (kiosk send → page): p50 ${percentile(latencies, 50)} ms, p95 ${p95} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies[latencies.length - 1]} ms — target p95 ≤ 2000 ms: ${p95 <= 2000 ? 'met' : 'NOT met'}`);
  } finally {
    await Promise.all(centres.map((centre) => centre.stop()));
    await postgres.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
