// The sync survives kill -9 on either side, with real processes and a real PostgreSQL:
// a kiosk killed while its batch is at the centre sends it again after its restart and
// the centre applies it once; a centre killed in the middle of a batch's transaction
// leaves nothing of it, and the batch sent again to the restarted centre applies once.
// To be inside the batch at the moment of the kill (not before, not after), the test
// holds a lock on the watermark table: the centre writes the records, then waits for
// the lock, and the test sees it waiting in pg_stat_activity (test/support/outbox-kiosk-kill.ts).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CentreUnavailableError } from '../../../core/centre/centre-client';
import { startCentre, type CentreProcess } from '../../support/centre-process';
import { TEST_SECRET } from '../../support/centre-in-process';
import { buildOutboxKiosk, holdSyncBatch, killKioskMidSync, sealedLeftAtKiosk } from '../../support/outbox-kiosk-kill';
import { drain, enrolOutboxKiosk, openOutboxKiosk, outboxSender, recordLicence } from '../../support/outbox-kiosk';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const KIOSK = 'LG-CRASH-01';
const WAIT = { timeout: 60_000, interval: 25 };

let postgres: TestPostgres;
let work: string;
const started: CentreProcess[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'sync-crash-'));
  chmodSync(work, 0o711);
  postgres = await startTestPostgres();
  await buildOutboxKiosk();
}, 90_000);
afterEach(async () => {
  await Promise.all(started.splice(0).map((centre) => centre.stop()));
});
afterAll(async () => {
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function centreOn(databaseUrl: string, port = 0): Promise<CentreProcess> {
  const centre = await startCentre({
    CENTRE_DATABASE_URL: databaseUrl,
    CENTRE_SECRET_KEY: TEST_SECRET.toString('base64'),
    CENTRE_DATA_DIR: join(work, 'centre'),
    CENTRE_PORT: String(port),
  });
  started.push(centre);
  return centre;
}

async function counts(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM centre_decisions) AS decisions, (SELECT count(DISTINCT application_id)::int FROM centre_decisions) AS applications,
       (SELECT count(*)::int FROM centre_licence_records) AS licences, (SELECT count(DISTINCT credit_code)::int FROM centre_licence_records) AS codes,
       (SELECT count(*)::int FROM centre_ratings) AS ratings, (SELECT count(*)::int FROM centre_sync_inbox) AS inbox`,
  );
  return rows[0]!;
}

describe('kill -9 during the sync', () => {
  it('of the kiosk while its batch is at the centre: after the restart nothing is lost and nothing applied twice', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const centre = await centreOn(databaseUrl);
    const pool = postgres.pool(databaseUrl, 3);
    const dir = join(work, 'kiosk-a');
    await enrolOutboxKiosk(centre.url, pool, KIOSK, dir);
    const options = { dir, centreUrl: centre.url, kioskId: KIOSK, licences: 30, batchSize: 25 };

    const { killed, restarted, waiting } = await killKioskMidSync(pool, options);
    expect(killed).toEqual([{ recorded: 30, pending: 91 }]); // no batch was acknowledged
    expect(waiting).toHaveLength(91);
    // The first batch again: the centre had it, applies none of it, and answers its watermark.
    expect(restarted[1]).toMatchObject({ applied: 0, sent: 25 });
    expect(restarted.at(-1)).toMatchObject({ pending: 0 });
    expect(await counts(pool)).toEqual({ decisions: 30, applications: 30, licences: 30, codes: 30, ratings: 30, inbox: 91 });
    // Acknowledged, the sealed ID numbers and names are gone from the kiosk's rows and files.
    expect(sealedLeftAtKiosk(options, waiting)).toEqual({ carried: 30, rows: 0, inFiles: 0 });
    const kiosk = openOutboxKiosk(dir, centre.url, KIOSK);
    expect(kiosk.outbox.size()).toBe(0);
    kiosk.db.close();
  }, 180_000);

  it('of the centre in the middle of a batch: its transaction rolls back, and the batch sent again applies once', async () => {
    const databaseUrl = await postgres.freshDatabase();
    const first = await centreOn(databaseUrl);
    const pool = postgres.pool(databaseUrl, 3);
    const dir = join(work, 'kiosk-b');
    const { client, keysDir } = await enrolOutboxKiosk(first.url, pool, KIOSK, dir);
    const kiosk = openOutboxKiosk(dir, first.url, KIOSK);
    for (let n = 0; n < 5; n++) recordLicence(kiosk, n);
    const waiting = kiosk.outbox.size();
    const sender = outboxSender(kiosk, client, keysDir);

    const batch = await holdSyncBatch(pool);
    const attempt = sender.syncOnce().then(() => null, (error: unknown) => error);
    await batch.inFlight();
    first.child.kill('SIGKILL');
    expect(await attempt).toBeInstanceOf(CentreUnavailableError);
    await batch.release();
    // The dead centre's connections end, and with them its open transaction.
    await vi.waitFor(async () => expect((await pool.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'miaopi-centre'")).rowCount).toBe(0), WAIT);
    expect(await counts(pool)).toEqual({ decisions: 0, applications: 0, licences: 0, codes: 0, ratings: 0, inbox: 0 });
    expect(kiosk.outbox.size()).toBe(waiting);

    await centreOn(databaseUrl, Number(new URL(first.url).port));
    const answers = await drain(sender);
    expect(answers).toEqual([{ watermark: expect.any(Number), applied: waiting, sent: waiting, pending: 0 }]);
    expect(await counts(pool)).toEqual({ decisions: 5, applications: 5, licences: 5, codes: 5, ratings: 5, inbox: waiting });
    kiosk.db.close();
  }, 180_000);
});
