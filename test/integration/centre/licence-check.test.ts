// The public licence check against a real centre and PostgreSQL: the QR code a kiosk
// with a centre prints is <centre>/v/<payload>; the centre answers a genuine payload
// with the signature valid, the registry status and the printed public fields (no ID
// number, no house code), and a tampered or forged one with a 4xx saying it is not valid.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../../../core/signing/kiosk-keys';
import { signLicence } from '../../../core/signing/licence-statement';
import { printedLicence } from '../../../core/printing/print-documents';
import { payloadOfQrText } from '../../../protocol/licence-statement';
import type { LicenceCheckAnswer } from '../../../protocol/centre-licence-check';
import { InspectionStore } from '../../../centre/inspection/inspection-store';
import { shippedStreets } from '../../../centre/inspection/places';
import { startCentreInProcess, type InProcessCentre } from '../../support/centre-in-process';
import { kioskAtCentre, type KioskAtCentre } from '../../support/licence-at-centre';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

let postgres: TestPostgres;
let centre: InProcessCentre;
let kiosk: KioskAtCentre;
let dir: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  centre = await startCentreInProcess(await postgres.freshDatabase());
  dir = mkdtempSync(join(tmpdir(), 'licence-check-'));
  kiosk = await kioskAtCentre(centre, dir);
}, 60_000);
afterAll(async () => {
  kiosk?.registry.db.close();
  await centre?.close();
  await postgres?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(qr: string): Promise<{ status: number; answer: LicenceCheckAnswer; page: Response }> {
  const path = new URL(qr).pathname;
  const api = await fetch(`${centre.url}/api${path}`);
  return { status: api.status, answer: (await api.json()) as LicenceCheckAnswer, page: await fetch(qr) };
}

function alterOneCharacter(text: string, at: number): string {
  return text.slice(0, at) + (text.charAt(at) === 'A' ? 'B' : 'A') + text.slice(at + 1);
}

describe('the public licence check /v/<payload>', () => {
  it('a licence issued through the centre: its slip QR opens a 200 page with the signature valid, active, and the printed fields', async () => {
    const creditCode = await kiosk.approve(1);
    const qr = await kiosk.qrText(creditCode);
    expect(qr.startsWith(`${centre.url}/v/MP1.LG-PH-01.`)).toBe(true);
    const { status, answer, page } = await check(qr);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(status).toBe(200);
    const printed = printedLicence(kiosk.registry.registry.licence(creditCode)!);
    expect(answer).toEqual({
      signature: 'valid',
      registry: 'active',
      reviewFlag: null,
      licence: {
        creditCode,
        name: printed.name,
        registrationDate: printed.registrationDate,
        type: '个体工商户',
        operatorName: '张三',
        compositionForm: '个人经营',
        premisesAddress: printed.premisesAddress,
        businessScope: ['图文设计制作', '平面设计'],
        permitScope: [],
        authorityName: printed.authorityName,
        deregisteredOn: null,
      },
    });
    // Nothing personal beyond the paper: no ID number (not even masked), no house code.
    const text = JSON.stringify(answer);
    expect(text).not.toMatch(/\d{6}\*+|440307199001/);
    expect(text).not.toContain(printed.houseCode);
  });

  it('a licence issued without the printed fields still shows the place of business the issue carried; the scope is not recorded', async () => {
    const creditCode = await kiosk.approve(6, { printed: false });
    const { status, answer } = await check(await kiosk.qrText(creditCode));
    expect(status).toBe(200);
    const licence = kiosk.registry.registry.licence(creditCode)!;
    expect(answer).toMatchObject({ signature: 'valid', registry: 'active', licence: { operatorName: '张三', premisesAddress: licence.premisesAddress, compositionForm: '个人经营', businessScope: null, type: null } });
  });

  it('a deregistered licence says so, with the day', async () => {
    const creditCode = await kiosk.approve(2);
    await centre.pool.query("UPDATE licences SET status = 'deregistered', deregistered_at = '2026-03-01T02:00:00Z' WHERE credit_code = $1", [creditCode]);
    const { status, answer } = await check(await kiosk.qrText(creditCode));
    expect(status).toBe(200);
    expect(answer).toMatchObject({ signature: 'valid', registry: 'deregistered', licence: { creditCode, deregisteredOn: '2026-03-01' } });
  });

  it('a licence a grid inspector found at a false address carries the flag on the public check, without who flagged it', async () => {
    const creditCode = await kiosk.approve(7);
    const qr = await kiosk.qrText(creditCode);
    expect((await check(qr)).answer).toMatchObject({ registry: 'active', reviewFlag: null });
    await new InspectionStore(centre.pool, shippedStreets()).recordVisit({ creditCode, outcome: 'address-false' }, { username: 'li.inspect', mayInspectAnyGrid: true });
    const { status, answer, page } = await check(qr);
    expect(status).toBe(200);
    expect(answer).toMatchObject({ signature: 'valid', registry: 'active', reviewFlag: { reason: { 'zh-CN': expect.stringContaining('地址不实'), en: expect.stringContaining('false') } } });
    expect(JSON.stringify(answer)).not.toContain('li.inspect');
    expect(page.status).toBe(200);
    // Flagged at 07:00 in China, the day before in UTC: the page gives the day in China.
    await centre.pool.query("UPDATE licence_review_flags SET flagged_at = '2026-03-01T23:00:00Z' WHERE credit_code = $1", [creditCode]);
    expect((await check(qr)).answer).toMatchObject({ reviewFlag: { since: '2026-03-02' } });
  });

  it('a genuine payload the centre has no record of: valid, unknown to this centre, only what the QR code carries', async () => {
    const creditCode = await kiosk.approve(3, { confirm: false });
    const { status, answer } = await check(await kiosk.qrText(creditCode));
    expect(status).toBe(200);
    expect(answer).toMatchObject({ signature: 'valid', registry: 'unknown', reviewFlag: null, licence: { creditCode, operatorName: null, premisesAddress: null, businessScope: null } });
  });

  it('one character changed anywhere in the payload: a 4xx page saying it is not valid, and no registry data', async () => {
    const creditCode = await kiosk.approve(4);
    const qr = await kiosk.qrText(creditCode);
    const payloadStart = qr.length - payloadOfQrText(qr).length;
    for (const at of [payloadStart + 20, qr.length - 30, qr.length - 2]) {
      const { status, answer, page } = await check(alterOneCharacter(qr, at));
      expect(status, `changed at ${at}`).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(page.status).toBe(status);
      expect(answer).toMatchObject({ signature: 'invalid' });
      expect(JSON.stringify(answer)).not.toContain('张三');
    }
    expect((await check(`${centre.url}/v/MP1.not-a-licence`)).answer).toEqual({ signature: 'invalid', problem: 'malformed' });
  });

  it('a payload signed by a key the centre never enrolled is not valid (404), even for a real credit code', async () => {
    const creditCode = await kiosk.approve(5);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const forged = signLicence(printedLicence(kiosk.registry.registry.licence(creditCode)!), { keyId: keyIdOf(publicKey), privateKey });
    const { status, answer } = await check(`${centre.url}/v/${forged}`);
    expect(status).toBe(404);
    expect(answer).toEqual({ signature: 'invalid', problem: 'unknown-key' });
  });
});
