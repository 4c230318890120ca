// Credit-code blocks leased by the centre: kiosks racing through two centre processes on
// one PostgreSQL never get overlapping blocks; a kiosk takes codes only from the blocks
// it holds, renews below its low-water mark, and with its leases used up and the centre
// away it stops issuing (a clear reason) rather than invent a code.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../centre/postgres/migrations';
import { CentreClient } from '../../../core/centre/centre-client';
import { DownstreamSync } from '../../../core/centre/downstream-sync';
import { LeasedCreditCodes, NoCreditCodeLeaseError } from '../../../core/registry/leased-credit-codes';
import { loadSigningKey } from '../../../core/signing/kiosk-keys';
import { openDatabase, type KioskDatabase } from '../../../core/storage/database';
import type { UpdateService } from '../../../core/updates/update-service';
import type { CreditCodeLease } from '../../../protocol/centre-downstream';
import { validateCreditCode } from '../../../rules/credit-code';
import { startCentreInProcess } from '../../support/centre-in-process';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { startCentre, type CentreProcess } from '../../support/centre-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const REGION = '440307';
let postgres: TestPostgres;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'centre-leases-'));
  chmodSync(work, 0o711);
  postgres = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

function overlapping(leases: readonly CreditCodeLease[]): [CreditCodeLease, CreditCodeLease][] {
  const pairs: [CreditCodeLease, CreditCodeLease][] = [];
  const sorted = [...leases].sort((a, b) => a.prefix.localeCompare(b.prefix) || a.firstSerial - b.firstSerial);
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1]!, sorted[i]!];
    if (before.region === after.region && before.prefix === after.prefix && after.firstSerial <= before.lastSerial) pairs.push([before, after]);
  }
  return pairs;
}

describe('the centre leases credit-code blocks', () => {
  let centres: CentreProcess[] = [];
  afterAll(async () => {
    await Promise.all(centres.map((c) => c.stop()));
  });

  it('24 kiosks asking at once through two centre processes, three rounds each: no two blocks overlap', async () => {
    const databaseUrl = await postgres.freshDatabase();
    await migrate(postgres.pool(databaseUrl, 2));
    // Small blocks, so that three rounds cross from one prefix into the next.
    const env = { CENTRE_DATABASE_URL: databaseUrl, CENTRE_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'), CENTRE_DATA_DIR: join(work, 'centre'), CENTRE_CREDIT_CODE_BLOCK_SIZE: '20000' };
    centres = await Promise.all([startCentre(env), startCentre(env)]);
    const kiosks = await Promise.all(Array.from({ length: 24 }, (_, i) => enrolTestKiosk(centres[0]!.url, postgres.pool(databaseUrl, 1), `LEASE-${i}`, work)));
    // Half of them ask the first centre process, half the second (patient: the machine is shared).
    const clients = kiosks.map(({ kioskId, keysDir }, i) => ({ kioskId, client: new CentreClient({ url: centres[i % 2]!.url, kioskId, privateKey: loadSigningKey(keysDir).privateKey, timeoutMs: 60_000 }) }));
    const seen = new Map<number, { lease: CreditCodeLease; kioskId: string }>();
    const held = new Map<string, number[]>();
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(
        clients.map(async ({ kioskId, client }) => {
          // Each round the kiosk reports the older of its two blocks used up, so the centre cuts it a new one.
          const { leases } = await client.leaseCreditCodes({ region: REGION, usedUp: round === 0 ? [] : [Math.min(...held.get(kioskId)!)] });
          return { kioskId, leases };
        }),
      );
      for (const { kioskId, leases } of answers) {
        expect(leases).toHaveLength(2);
        held.set(kioskId, leases.map((lease) => lease.id));
        for (const lease of leases) {
          const earlier = seen.get(lease.id);
          if (earlier) expect(earlier.kioskId, `lease ${lease.id} was given to two kiosks`).toBe(kioskId);
          seen.set(lease.id, { lease, kioskId });
        }
      }
    }
    const all = [...seen.values()].map((entry) => entry.lease);
    // 24 kiosks: 2 blocks, then one more in each of two rounds.
    expect(all).toHaveLength(24 * 4);
    expect(new Set(all.map((l) => l.prefix)).size).toBeGreaterThan(1);
    expect(overlapping(all)).toEqual([]);
    const { rows } = await postgres.pool(databaseUrl, 1).query<{ n: number }>(
      `SELECT count(*)::int AS n FROM credit_code_block_leases a JOIN credit_code_block_leases b
         ON a.id < b.id AND a.region = b.region AND a.prefix = b.prefix AND a.first_serial <= b.last_serial AND b.first_serial <= a.last_serial`,
    );
    expect(rows[0]!.n).toBe(0);
  }, 120_000);
});

describe('a kiosk of the centre takes codes only from its leases', () => {
  let db: KioskDatabase;
  afterAll(() => db?.close());

  it('renews below the low-water mark, and with the centre gone stops at the end of its last lease', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const centre = await startCentreInProcess(databaseUrl, { creditCodes: { prefixLeads: 'C', blockSize: 10, blocksPerKiosk: 2, leaseDays: 30 } });
    const { client } = await enrolTestKiosk(centre.url, centre.pool, 'LG-PH-07', work);
    db = openDatabase(join(work, 'kiosk.sqlite'));
    const leases = new LeasedCreditCodes(db, REGION);
    const audit = { append: () => undefined };
    const sync = new DownstreamSync({
      client,
      db,
      dataDir: join(work, 'kiosk-data'),
      leases,
      // This test pulls only leases: the rule sets and the rest answer nothing newer.
      updates: undefined as unknown as UpdateService,
      addressBase: () => '',
      audit,
      lowWater: 8,
    });
    const allocate = () => db.transaction(() => leases.allocate()).immediate();

    // Before any lease: no code at all, not one from a configured block.
    expect(allocate).toThrow(NoCreditCodeLeaseError);
    const first = (await sync.pull()).find((r) => r.target === 'credit-codes');
    expect(first?.outcome).toBe('updated');
    expect(leases.remaining()).toBe(20);

    type LeaseRow = { prefix: string; first_serial: string; last_serial: string };
    const inALease = (code: string, rows: readonly LeaseRow[]) => {
      const prefix = code.slice(8, 10);
      const serial = Number(code.slice(10, 16));
      return rows.some((row) => row.prefix === prefix && serial >= Number(row.first_serial) && serial <= Number(row.last_serial));
    };

    const codes: string[] = [];
    for (let i = 0; i < 13; i++) codes.push(allocate());
    expect(leases.remaining()).toBe(7);
    // Below the low-water mark: the next pull reports the used-up block and gets a new one.
    expect(leases.remaining()).toBeLessThan(8);
    await sync.pull();
    expect(leases.remaining()).toBe(17);
    expect((await centre.pool.query('SELECT 1 FROM credit_code_block_leases WHERE kiosk_id = $1 AND returned_at IS NOT NULL', ['LG-PH-07'])).rowCount).toBe(1);

    await centre.close();
    // The centre is gone: the kiosk issues what its leases hold, then refuses.
    const offline = await sync.pull();
    expect(offline.find((r) => r.target === 'credit-codes')?.outcome).toBe('unreachable');
    for (let i = 0; i < 17; i++) codes.push(allocate());
    expect(allocate).toThrow(NoCreditCodeLeaseError);
    let refusal: unknown;
    try {
      allocate();
    } catch (error) {
      refusal = error;
    }
    expect((refusal as NoCreditCodeLeaseError).code).toBe('no-credit-code-lease');

    expect(new Set(codes).size).toBe(30);
    for (const code of codes) expect(validateCreditCode(code).ok, code).toBe(true);
    const centreAgain = await startCentreInProcess(databaseUrl);
    const leased = await (async () => {
      try {
        return (await centreAgain.pool.query<LeaseRow>('SELECT prefix, first_serial, last_serial FROM credit_code_block_leases WHERE kiosk_id = $1', ['LG-PH-07'])).rows;
      } finally {
        await centreAgain.close();
      }
    })();
    for (const code of codes) expect(inALease(code, leased), `${code} lies outside every lease`).toBe(true);
  }, 60_000);
});
