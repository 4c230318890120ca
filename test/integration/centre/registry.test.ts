// The registry's facts, leases and issue, through signed requests to a centre on a real
// PostgreSQL: what two kiosks of one city see of each other's applications and licences.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentreRefusedError, type CentreClient } from '../../../core/centre/centre-client';
import type { FactsRequest, IssueRequest } from '../../../protocol/centre';
import { composeCreditCode } from '../../../rules/credit-code';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { startCentreInProcess, type InProcessCentre } from '../../support/centre-in-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

let postgres: TestPostgres;
let work: string;
beforeAll(async () => {
  postgres = await startTestPostgres();
  work = mkdtempSync(join(tmpdir(), 'centre-registry-'));
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

const HOUSE = '4403070030030400042000003';
const OPERATOR = '34052419800101001X';
let serial = 0;

function registration(applicationId: string, tradeName = '精锐', houseCode = HOUSE): Extract<FactsRequest, { service: 'registration' }> {
  return { service: 'registration', applicationId, districtCode: '440307', houseCode, name: { tradeName, industry: '图文设计' }, maxBusinessesAtAddress: 1 };
}

function issueOf(request: ReturnType<typeof registration>): IssueRequest {
  const { applicationId, districtCode, houseCode, name, maxBusinessesAtAddress } = request;
  const creditCode = composeCreditCode({ authority: '9', entityType: '2', regionCode: '440307', organisationBody: `T${String(++serial).padStart(7, '0')}` });
  return { applicationId, creditCode, districtCode, houseCode, name, maxBusinessesAtAddress, fullName: `深圳市龙岗区${name!.tradeName}图文设计店`, operatorName: '李明', operatorIdNumber: OPERATOR, issuedAt: new Date().toISOString() };
}

async function cityOfTwo(options: { leaseMs?: number } = {}): Promise<{ centre: InProcessCentre; a: CentreClient; b: CentreClient }> {
  const centre = await startCentreInProcess(await postgres.freshDatabase(), options);
  const dir = mkdtempSync(join(work, 'keys-'));
  const a = await enrolTestKiosk(centre.url, centre.pool, 'LG-A-01', dir);
  const b = await enrolTestKiosk(centre.url, centre.pool, 'FT-B-01', dir);
  return { centre, a: a.client, b: b.client };
}

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CentreRefusedError);
  return (error as CentreRefusedError).refusal.error;
}

describe('facts and leases', () => {
  it('the first application leases the name and the place; another kiosk sees both taken until the lease ends', async () => {
    const { centre, a, b } = await cityOfTwo();
    try {
      const first = await a.facts(registration('app-a-0001'));
      expect(first).toMatchObject({ service: 'registration', nameTaken: false, activeBusinessesAtAddress: 0, restrictedListVersion: 'none' });
      expect(first.service === 'registration' && first.lease?.applicationId).toBe('app-a-0001');

      const second = await b.facts(registration('app-b-0001'));
      expect(second).toMatchObject({ nameTaken: true, activeBusinessesAtAddress: 1, lease: null });
      // Asking again for the same application is not a conflict with itself.
      expect(await a.facts(registration('app-a-0001'))).toMatchObject({ nameTaken: false, activeBusinessesAtAddress: 0 });
    } finally {
      await centre.close();
    }
  });

  it('a lapsed lease frees the name for the next application, and the late issue of the first is refused', async () => {
    const { centre, a, b } = await cityOfTwo({ leaseMs: 1 });
    try {
      const late = registration('app-a-0002');
      await a.facts(late);
      await centre.pool.query('SELECT pg_sleep(0.01)'); // the 1 ms lease has certainly lapsed on the server's clock
      const next = registration('app-b-0002');
      expect(await b.facts(next)).toMatchObject({ nameTaken: false, activeBusinessesAtAddress: 0 });
      await b.issue(issueOf(next));
      expect(await refusalOf(a.issue(issueOf(late)))).toBe('lease-lost');
    } finally {
      await centre.close();
    }
  });
});

describe('the issue', () => {
  it('turns the leases into a licence, answers a repeat the same, and shows the licence to every kiosk', async () => {
    const { centre, a, b } = await cityOfTwo();
    try {
      const request = registration('app-a-0003');
      await a.facts(request);
      const issue = issueOf(request);
      expect(await a.issue(issue)).toEqual({ creditCode: issue.creditCode, status: 'active' });
      expect(await a.issue(issue)).toEqual({ creditCode: issue.creditCode, status: 'active' });
      expect(await refusalOf(b.issue({ ...issue, applicationId: 'app-b-0003' }))).toBe('already-issued');

      expect(await b.facts(registration('app-b-0004'))).toMatchObject({ nameTaken: true, activeBusinessesAtAddress: 1, lease: null });
      // Deregistration at another kiosk finds the applicant's licence from this one.
      const licences = await b.facts({ service: 'deregistration', applicationId: 'app-b-0005', idNumber: OPERATOR });
      expect(licences).toEqual({
        service: 'deregistration',
        restrictedListVersion: 'none',
        activeLicences: [
          { creditCode: issue.creditCode, name: issue.fullName, kioskId: 'LG-A-01', houseCode: HOUSE, operatorName: '李明', issuedAt: issue.issuedAt, premisesAddress: null, compositionForm: null },
        ],
      });
      const other = await b.facts({ service: 'deregistration', applicationId: 'app-b-0006', idNumber: '440307199001010010' });
      expect(other.service === 'deregistration' && other.activeLicences).toEqual([]);
      // The ID number is at the centre, but never in clear.
      const { rows } = await centre.pool.query(`SELECT count(*)::int AS n FROM operators WHERE encode(id_number_sealed, 'escape') LIKE '%19800101%'`);
      expect(rows[0].n).toBe(0);
    } finally {
      await centre.close();
    }
  });

  it('a malformed request is refused naming the field', async () => {
    const { centre, a } = await cityOfTwo();
    try {
      const response = await fetch(`${centre.url}/v1/nowhere`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
      const bad = { ...registration('app-a-0007'), houseCode: '123' };
      expect(await refusalOf(a.facts(bad))).toBe('bad-request');
    } finally {
      await centre.close();
    }
  });
});
