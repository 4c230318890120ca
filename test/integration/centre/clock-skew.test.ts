// Kiosks whose clocks are 10 minutes off, against a real centre and PostgreSQL: the
// first request is refused for clock skew, the kiosk corrects its clock by the time the
// refusal carries and signs again, so the application goes through; later requests go
// through at once. A request that really is old stays refused, a replay stays refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentreClient } from '../../../core/centre/centre-client';
import { loadSigningKey } from '../../../core/signing/kiosk-keys';
import { CENTRE_PATHS } from '../../../protocol/centre';
import { centreApplication } from '../../support/centre-applications';
import { startCentreInProcess, type InProcessCentre } from '../../support/centre-in-process';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { CuttingProxy } from '../../support/cutting-proxy';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const TEN_MINUTES = 10 * 60_000;

let postgres: TestPostgres;
let centre: InProcessCentre;
let proxy: CuttingProxy;
let work: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  centre = await startCentreInProcess(await postgres.freshDatabase());
  proxy = await CuttingProxy.start({ host: '127.0.0.1', port: Number(new URL(centre.url).port) });
  work = mkdtempSync(join(tmpdir(), 'centre-clock-'));
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await centre?.close();
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function clockSkewRefusals(kioskId: string): Promise<number> {
  const { rows } = await centre.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM refused_requests WHERE reason = 'clock-skew' AND kiosk_id = $1`, [kioskId]);
  return rows[0]!.n;
}

/** An enrolled kiosk whose clock is `offsetMs` off, talking through the proxy. */
async function skewedKiosk(kioskId: string, offsetMs: number): Promise<CentreClient> {
  const { keysDir } = await enrolTestKiosk(centre.url, centre.pool, kioskId, work);
  return new CentreClient({ url: proxy.url, kioskId, privateKey: loadSigningKey(keysDir).privateKey, now: () => Date.now() + offsetMs });
}

describe('kiosk clocks 10 minutes off', () => {
  it.each([
    ['behind', 'LG-SLOW-01', -TEN_MINUTES, 'C'],
    ['ahead', 'LG-FAST-01', TEN_MINUTES, 'D'],
  ])('a clock 10 minutes %s: the registration goes through, with one refusal for the first request only', async (_, kioskId, offsetMs, series) => {
    const kiosk = await skewedKiosk(kioskId, offsetMs);
    const application = centreApplication(series, 1);
    const facts = await kiosk.facts(application.facts);
    expect(facts).toMatchObject({ nameTaken: false, lease: { applicationId: application.facts.applicationId } });
    expect(await clockSkewRefusals(kioskId)).toBe(1);
    expect(Math.abs(kiosk.centreNow() - Date.now())).toBeLessThan(5_000);

    expect(await kiosk.issue(application.issue)).toEqual({ creditCode: application.issue.creditCode, status: 'active' });
    expect(await clockSkewRefusals(kioskId)).toBe(1);
    const { rows } = await centre.pool.query('SELECT kiosk_id FROM licences WHERE credit_code = $1', [application.issue.creditCode]);
    expect(rows).toEqual([{ kiosk_id: kioskId }]);
  });

  it('the refused old request, delivered again, is still refused; the accepted one, delivered again, is refused as a replay', async () => {
    const kiosk = await skewedKiosk('LG-SLOW-02', -TEN_MINUTES);
    await kiosk.ping();
    const [stale, fresh] = proxy.captured(CENTRE_PATHS.ping).slice(-2);
    const staleAgain = await proxy.replay(stale!);
    expect(staleAgain.status).toBe(401);
    expect(JSON.parse(staleAgain.body)).toMatchObject({ error: 'clock-skew', message: { 'zh-CN': '终端时钟与中心相差太大' } });
    const freshAgain = await proxy.replay(fresh!);
    expect(freshAgain.status).toBe(401);
    expect(JSON.parse(freshAgain.body)).toMatchObject({ error: 'replay' });
  });
});
