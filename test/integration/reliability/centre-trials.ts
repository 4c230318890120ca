/**
 * The centre under faults: a real centre process on a real PostgreSQL (durable
 * settings, as the centre runs), kiosks talking to it through the tests' cutting proxy.
 * Each trial breaks one thing at one point of the facts → issue exchange, then lets the
 * kiosk do what the protocol asks of it (ask again with the same application, confirm
 * the same issue again until it has an answer), and checks the application ended as one
 * licence. Across all trials it counts:
 * - lost: a licence the centre confirmed to a kiosk, or an event (decision, licence,
 *   rating) it acknowledged by sync, that it does not hold;
 * - duplicated: a name issued twice in a district, a credit code confirmed for two
 *   applications, or a synced event the centre holds twice (a decision recorded twice
 *   for one application, a licence record twice for one credit code);
 * - unconfirmed: a licence the centre holds that no kiosk was ever told about.
 * Run by `npm run reliability -- --only centre` and by test/integration/centre/centre-faults.test.ts.
 */
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { migrate } from '../../../centre/postgres/migrations';
import { CentreClient, CentreUnavailableError } from '../../../core/centre/centre-client';
import type { OutboxSender } from '../../../core/centre/outbox-sender';
import { loadSigningKey } from '../../../core/signing/kiosk-keys';
import { CENTRE_PATHS } from '../../../protocol/centre';
import { SYNC_PATHS, type SyncRecord } from '../../../protocol/centre-sync';
import { centreApplication, type CentreApplication } from '../../support/centre-applications';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { startCentre, type CentreProcess } from '../../support/centre-process';
import { CuttingProxy, type CutPoint } from '../../support/cutting-proxy';
import { buildRaceKiosk, runNameRace } from '../../support/name-race';
import { drain, enrolOutboxKiosk, openOutboxKiosk, outboxSender, recordLicence, type OutboxKiosk } from '../../support/outbox-kiosk';
import { buildOutboxKiosk, holdSyncBatch, killKioskMidSync, sealedLeftAtKiosk } from '../../support/outbox-kiosk-kill';
import { startTestPostgres, untilTrue, type TestPostgres } from '../../support/postgres';

const TEN_MINUTES = 10 * 60_000;

/** The synced events the totals count, and the centre table each is kept in. */
const SYNCED_EVENTS = ['decision', 'licence', 'rating'] as const;
type SyncedEvent = { kioskId: string; sequence: number; kind: (typeof SYNCED_EVENTS)[number] };
const eventKey = (kind: string, kioskId: string, sequence: number | string) => `${kind} ${kioskId} ${sequence}`;

export class CentreCity {
  /** What kiosks were told: credit code → application id. */
  readonly confirmed = new Map<string, string>();
  /** A credit code confirmed for a second application. */
  duplicateConfirmations = 0;
  /** How many applications the trials made (each must end as one licence). */
  applications = 0;
  private readonly kiosks = new Map<string, CentreClient>();
  /** Events a kiosk's outbox held and the centre acknowledged by sync, by eventKey. */
  readonly synced = new Map<string, SyncedEvent>();
  private syncKiosk: { kiosk: OutboxKiosk; sender: OutboxSender; client: CentreClient; licences: number } | null = null;

  private constructor(
    readonly postgres: TestPostgres,
    readonly pool: pg.Pool,
    readonly proxy: CuttingProxy,
    public centre: CentreProcess,
    readonly work: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async open(): Promise<CentreCity> {
    const work = mkdtempSync(join(tmpdir(), 'centre-trials-'));
    chmodSync(work, 0o711);
    const postgres = await startTestPostgres({ durable: true });
    const databaseUrl = await postgres.freshDatabase();
    const pool = postgres.pool(databaseUrl, 4);
    await migrate(pool);
    const env = { CENTRE_DATABASE_URL: databaseUrl, CENTRE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'), CENTRE_DATA_DIR: join(work, 'centre'), CENTRE_LOG_LEVEL: 'warn' };
    const centre = await startCentre(env);
    const proxy = await CuttingProxy.start(targetOf(centre));
    return new CentreCity(postgres, pool, proxy, centre, work, env);
  }

  /** The next application: a name and a house code no other trial asks for. */
  application(): CentreApplication {
    return centreApplication('T', ++this.applications);
  }

  /** An enrolled kiosk talking through the proxy, its clock `clockOffsetMs` off. */
  async kiosk(kioskId: string, clockOffsetMs = 0): Promise<CentreClient> {
    let client = this.kiosks.get(kioskId);
    if (!client) {
      const { keysDir } = await enrolTestKiosk(this.proxy.url, this.pool, kioskId, this.work);
      client = new CentreClient({ url: this.proxy.url, kioskId, privateKey: loadSigningKey(keysDir).privateKey, now: () => Date.now() + clockOffsetMs });
      this.kiosks.set(kioskId, client);
    }
    return client;
  }

  /** A kiosk with an outbox (its own registry), syncing through the proxy. */
  async outboxKiosk(): Promise<NonNullable<CentreCity['syncKiosk']>> {
    if (!this.syncKiosk) {
      const dir = join(this.work, 'outbox-kiosk');
      const { client, keysDir } = await enrolOutboxKiosk(this.proxy.url, this.pool, 'LG-SYNC-01', dir);
      const kiosk = openOutboxKiosk(dir, this.proxy.url, 'LG-SYNC-01');
      const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
      this.syncKiosk = { kiosk, client, sender: outboxSender(kiosk, client, keysDir, { logger: quiet }), licences: 0 };
    }
    return this.syncKiosk;
  }

  /** The outbox kiosk issues `count` licences of its own; their credit codes. */
  async recordLicences(count: number): Promise<string[]> {
    const sync = await this.outboxKiosk();
    return Array.from({ length: count }, () => recordLicence(sync.kiosk, ++sync.licences).creditCode);
  }

  /** Syncs until the outbox is empty; what waited in it then counts as acknowledged. */
  async drainOutbox(codes: string[]): Promise<void> {
    const sync = await this.outboxKiosk();
    const waiting = sync.kiosk.outbox.pending(sync.kiosk.outbox.size());
    await drain(sync.sender);
    if (sync.kiosk.outbox.size() !== 0) throw new Error(`${sync.kiosk.outbox.size()} records still wait in the outbox`);
    this.acknowledged('LG-SYNC-01', waiting);
    await this.expectLicenceRecords(codes);
  }

  /** The centre acknowledged these records of the kiosk's outbox: the totals look for each of their events. */
  acknowledged(kioskId: string, records: readonly SyncRecord[]): void {
    for (const { kind, sequence } of records) {
      if ((SYNCED_EVENTS as readonly string[]).includes(kind)) this.synced.set(eventKey(kind, kioskId, sequence), { kioskId, sequence, kind: kind as SyncedEvent['kind'] });
    }
  }

  /** The centre holds one licence record for each credit code, with the operator's ID number under its vault. */
  async expectLicenceRecords(codes: readonly string[]): Promise<void> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM centre_licence_records WHERE credit_code = ANY($1) AND id_number_sealed IS NOT NULL', [codes]);
    if (rows[0]!.n !== codes.length) throw new Error(`${codes.length} licences synced, the centre holds ${rows[0]!.n} records of them with the ID number`);
  }

  /** The kiosk confirms the issue; what the centre confirmed is recorded. */
  async issue(kiosk: CentreClient, application: CentreApplication): Promise<void> {
    const answer = await kiosk.issue(application.issue);
    this.confirm(answer.creditCode, application.issue.applicationId);
  }

  confirm(creditCode: string, applicationId: string): void {
    const before = this.confirmed.get(creditCode);
    if (before !== undefined && before !== applicationId) this.duplicateConfirmations += 1;
    this.confirmed.set(creditCode, applicationId);
  }

  /** A new centre process on the same database, the proxy pointed at it. */
  async restartCentre(): Promise<void> {
    if (this.centre.child.exitCode === null && this.centre.child.signalCode === null) await this.centre.stop();
    this.centre = await startCentre(this.env);
    this.proxy.target = targetOf(this.centre);
  }

  async killCentre(): Promise<void> {
    const exited = once(this.centre.child, 'exit');
    this.centre.child.kill('SIGKILL');
    await exited;
  }

  /** Another centre process on the same database (not behind the proxy). */
  secondCentre(): Promise<CentreProcess> {
    return startCentre(this.env);
  }

  async licencesOf(application: CentreApplication): Promise<{ credit_code: string }[]> {
    const { rows } = await this.pool.query<{ credit_code: string }>('SELECT credit_code FROM licences WHERE application_id = $1', [application.issue.applicationId]);
    return rows;
  }

  /** The application is one licence at the centre, under its credit code, and its kiosk was told. */
  async expectIssuedOnce(application: CentreApplication): Promise<void> {
    const rows = await this.licencesOf(application);
    if (rows.length !== 1 || rows[0]!.credit_code !== application.issue.creditCode) throw new Error(`the centre holds ${rows.length} licences for ${application.issue.applicationId}`);
    if (this.confirmed.get(application.issue.creditCode) !== application.issue.applicationId) throw new Error(`${application.issue.creditCode} was never confirmed to its kiosk`);
  }

  /** Lost, duplicated and unconfirmed licences over everything the trials did. */
  async tally(): Promise<CentreTally> {
    const { rows: licences } = await this.pool.query<{ credit_code: string; application_id: string }>('SELECT credit_code, application_id FROM licences');
    const held = new Map(licences.map((l) => [l.credit_code, l.application_id]));
    const lost = [...this.confirmed].filter(([code, application]) => held.get(code) !== application).length;
    const { rows: names } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM licences WHERE status = 'active' AND trade_name IS NOT NULL
       GROUP BY district_code, trade_name, industry HAVING count(*) > 1) twice`,
    );
    const unconfirmed = licences.filter((l) => !this.confirmed.has(l.credit_code)).length;
    // How many times the centre holds each synced event: by its (kiosk, sequence), and a
    // decision or licence record also by its application or credit code (sent again under a new sequence).
    const { rows: events } = await this.pool.query<{ kind: string; kiosk_id: string; sequence: string; copies: number }>(
      `SELECT 'decision' AS kind, kiosk_id, sequence::text, count(*) OVER (PARTITION BY application_id)::int AS copies FROM centre_decisions
       UNION ALL SELECT 'licence', kiosk_id, sequence::text, count(*) OVER (PARTITION BY credit_code)::int FROM centre_licence_records
       UNION ALL SELECT 'rating', kiosk_id, sequence::text, 1 FROM centre_ratings`,
    );
    const copies = new Map(events.map((row) => [eventKey(row.kind, row.kiosk_id, row.sequence), row.copies]));
    const synced = [...this.synced.keys()];
    return {
      confirmed: this.confirmed.size,
      synced: [...this.synced.values()].filter((event) => event.kind === 'licence').length,
      syncedEvents: synced.length,
      lost: lost + synced.filter((key) => !copies.has(key)).length,
      duplicated: names[0]!.n + this.duplicateConfirmations + synced.filter((key) => copies.get(key)! > 1).length,
      unconfirmed,
    };
  }

  async close(): Promise<void> {
    this.syncKiosk?.kiosk.db.close();
    await this.proxy.close();
    if (this.centre.child.exitCode === null && this.centre.child.signalCode === null) await this.centre.stop();
    await this.postgres.stop();
    rmSync(this.work, { recursive: true, force: true });
  }
}

export interface CentreTally {
  confirmed: number;
  /** Licences recorded at a kiosk and acknowledged by the centre's sync. */
  synced: number;
  /** Their events (decisions, licences, ratings), which lost and duplicated count. */
  syncedEvents: number;
  lost: number;
  duplicated: number;
  unconfirmed: number;
}

export interface CentreTrial {
  name: string;
  /** Throws when the trial's application did not end as one confirmed licence; else a note of what happened. */
  run(city: CentreCity): Promise<string>;
}

function targetOf(centre: CentreProcess): { host: string; port: number } {
  const url = new URL(centre.url);
  return { host: url.hostname, port: Number(url.port) };
}

/** The call must fail as "the centre cannot be reached" (the kiosk's offline path), not succeed or be refused. */
async function expectUnavailable(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof CentreUnavailableError)) throw new Error(`expected the centre to be unreachable, got ${error === null ? 'an answer' : String(error)}`);
  return error.message;
}

/**
 * Holds the advisory lock the centre takes on the application's house code, so its
 * issue stops inside its transaction; resolves once the centre's backend waits on it.
 */
async function holdIssueMidTransaction(city: CentreCity, kiosk: CentreClient, application: CentreApplication): Promise<{ blocker: pg.PoolClient; pending: Promise<unknown> }> {
  const blocker = await city.pool.connect();
  blocker.on('error', () => undefined); // the server may go away under it (PostgreSQL crashed)
  await blocker.query('BEGIN');
  await blocker.query('SELECT pg_advisory_xact_lock(2, hashtext($1))', [application.facts.houseCode]);
  const pending = kiosk.issue(application.issue);
  pending.catch(() => undefined); // it is expected to fail; the trial looks at how
  await untilTrue(
    city.pool,
    'the centre to wait inside its issue transaction',
    `SELECT count(*) > 0 AS ok FROM pg_stat_activity WHERE application_name = 'miaopi-centre' AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
  );
  return { blocker, pending };
}

const KIOSK = 'LG-TRIAL-01';
const CUT_POINTS: readonly CutPoint[] = ['before-request', 'after-request', 'mid-reply'];

function networkCutTrials(): CentreTrial[] {
  const trials: CentreTrial[] = [];
  for (const at of CUT_POINTS) {
    trials.push({
      name: `network cut ${at} of the facts`,
      async run(city) {
        const kiosk = await city.kiosk(KIOSK);
        const application = city.application();
        const cut = city.proxy.cutNext({ at, path: CENTRE_PATHS.facts });
        await expectUnavailable(kiosk.facts(application.facts));
        await cut;
        const again = await kiosk.facts(application.facts);
        if (again.service !== 'registration' || !again.lease) throw new Error('asked again, the application did not get its lease back');
        await city.issue(kiosk, application);
        await city.expectIssuedOnce(application);
        return 'asked again: the lease is the same application\'s, the licence issued once';
      },
    });
  }
  for (const at of CUT_POINTS) {
    trials.push({
      name: `network cut ${at} of the issue`,
      async run(city) {
        const kiosk = await city.kiosk(KIOSK);
        const application = city.application();
        await kiosk.facts(application.facts);
        const cut = city.proxy.cutNext({ at, path: CENTRE_PATHS.issue });
        await expectUnavailable(kiosk.issue(application.issue));
        await cut;
        const meanwhile = (await city.licencesOf(application)).length;
        if (meanwhile !== (at === 'before-request' ? 0 : 1)) throw new Error(`after the cut the centre held ${meanwhile} licences`);
        await city.issue(kiosk, application);
        await city.expectIssuedOnce(application);
        return `the centre held ${meanwhile} licence after the cut; confirmed again, answered the same, issued once`;
      },
    });
  }
  return trials;
}

/** The outbox sync (/v1/sync): cut, delivered twice, the centre killed inside a batch. */
function syncTrials(): CentreTrial[] {
  const cuts: CentreTrial[] = CUT_POINTS.map((at) => ({
    name: `network cut ${at} of a sync batch`,
    async run(city) {
      const codes = await city.recordLicences(3);
      const { sender } = await city.outboxKiosk();
      const cut = city.proxy.cutNext({ at, path: SYNC_PATHS.sync });
      await expectUnavailable(sender.syncOnce());
      await cut;
      await city.drainOutbox(codes);
      return 'the batch sent again: every licence at the centre once, the outbox empty';
    },
  }));
  return [
    ...cuts,
    {
      name: 'a sync batch delivered twice',
      async run(city) {
        const codes = await city.recordLicences(2);
        const { kiosk, client } = await city.outboxKiosk();
        const records = kiosk.outbox.pending(100);
        await city.drainOutbox(codes);
        const replay = await city.proxy.replay(city.proxy.captured(SYNC_PATHS.sync).at(-1)!);
        if (replay.status !== 401 || !replay.body.includes('"replay"')) throw new Error(`the replayed bytes were answered ${replay.status}`);
        const again = await client.sync({ records });
        if (again.applied !== 0) throw new Error(`the batch sent again applied ${again.applied} records`);
        await city.drainOutbox(codes);
        return 'the same bytes refused as a replay; the same batch signed again applied 0 records';
      },
    },
    {
      name: 'kill -9 of the centre inside a sync batch',
      async run(city) {
        const codes = await city.recordLicences(3);
        const { sender } = await city.outboxKiosk();
        const batch = await holdSyncBatch(city.pool);
        const pending = sender.syncOnce();
        pending.catch(() => undefined);
        await batch.inFlight();
        await city.killCentre();
        await expectUnavailable(pending);
        await batch.release();
        const { rows } = await city.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM centre_licence_records WHERE credit_code = ANY($1)', [codes]);
        if (rows[0]!.n !== 0) throw new Error(`the killed batch left ${rows[0]!.n} records`);
        await city.restartCentre();
        await city.drainOutbox(codes);
        return 'the killed batch left nothing; sent again to a new centre process, applied once';
      },
    },
    {
      name: 'kill -9 of a kiosk mid-sync (its batch inside the centre\'s transaction)',
      async run(city) {
        await buildOutboxKiosk();
        const kioskId = 'LG-KILL-01';
        const dir = join(city.work, 'killed-kiosk');
        await enrolOutboxKiosk(city.proxy.url, city.pool, kioskId, dir);
        const kiosk = { dir, centreUrl: city.proxy.url, kioskId, licences: 12, batchSize: 10 };
        const { killed, restarted, waiting } = await killKioskMidSync(city.pool, kiosk);
        if (killed.length !== 1) throw new Error(`the killed kiosk had ${killed.length - 1} batches acknowledged`);
        const resent = restarted[1];
        if (resent?.applied !== 0 || resent.sent !== kiosk.batchSize) throw new Error(`the batch sent again after the restart applied ${resent?.applied} of ${resent?.sent}`);
        if (restarted.at(-1)?.pending !== 0) throw new Error('the restarted kiosk left records in its outbox');
        city.acknowledged(kioskId, waiting);
        const codes = waiting.flatMap((record) => (record.kind === 'licence' ? [record.creditCode] : []));
        if (codes.length !== kiosk.licences) throw new Error(`${codes.length} of ${kiosk.licences} licences waited in the outbox after the kill`);
        await city.expectLicenceRecords(codes);
        const left = sealedLeftAtKiosk(kiosk, waiting);
        if (left.carried !== kiosk.licences || left.rows + left.inFiles > 0) throw new Error(`sealed personal data of ${left.carried} licences: ${left.rows} rows and ${left.inFiles} values left at the kiosk`);
        return `killed with its first batch at the centre; restarted, it sent that batch again (applied 0) and ${restarted.length - 2} more: ${waiting.length} records, ${codes.length} licences' sealed ID numbers purged from the kiosk's rows and files`;
      },
    },
  ];
}

export const CENTRE_TRIALS: readonly CentreTrial[] = [
  ...networkCutTrials(),
  ...syncTrials(),
  {
    name: 'the same signed issue delivered twice',
    async run(city) {
      const kiosk = await city.kiosk(KIOSK);
      const application = city.application();
      await kiosk.facts(application.facts);
      await city.issue(kiosk, application);
      const replay = await city.proxy.replay(city.proxy.captured(CENTRE_PATHS.issue).at(-1)!);
      if (replay.status !== 401 || !replay.body.includes('"replay"')) throw new Error(`the replay was answered ${replay.status} ${replay.body}`);
      await city.expectIssuedOnce(application);
      return 'the second delivery refused as a replay (401), one licence';
    },
  },
  {
    name: 'the kiosk confirms the same issue twice',
    async run(city) {
      const kiosk = await city.kiosk(KIOSK);
      const application = city.application();
      await kiosk.facts(application.facts);
      await city.issue(kiosk, application);
      await city.issue(kiosk, application);
      await city.expectIssuedOnce(application);
      return 'answered the same both times, one licence';
    },
  },
  {
    name: 'kill -9 of the centre mid-issue (its transaction open)',
    async run(city) {
      const kiosk = await city.kiosk(KIOSK);
      const application = city.application();
      await kiosk.facts(application.facts);
      const { blocker, pending } = await holdIssueMidTransaction(city, kiosk, application);
      await city.killCentre();
      await expectUnavailable(pending);
      await blocker.query('ROLLBACK');
      blocker.release();
      const meanwhile = (await city.licencesOf(application)).length;
      if (meanwhile !== 0) throw new Error(`the killed transaction left ${meanwhile} licences`);
      await city.restartCentre();
      await city.issue(kiosk, application);
      await city.expectIssuedOnce(application);
      return 'nothing committed by the killed centre; confirmed again to a new centre process, issued once';
    },
  },
  {
    name: 'kill -9 of the centre after it committed the issue, before its reply',
    async run(city) {
      const kiosk = await city.kiosk(KIOSK);
      const application = city.application();
      await kiosk.facts(application.facts);
      const cut = city.proxy.cutNext({ at: 'after-request', path: CENTRE_PATHS.issue, onCut: () => city.killCentre() });
      await expectUnavailable(kiosk.issue(application.issue));
      await cut;
      await city.restartCentre();
      await city.issue(kiosk, application);
      await city.expectIssuedOnce(application);
      return 'the licence committed, the kiosk not told; confirmed again to a new centre process, answered the same';
    },
  },
  {
    name: 'the centre restarted between facts and issue',
    async run(city) {
      const kiosk = await city.kiosk(KIOSK);
      const application = city.application();
      await kiosk.facts(application.facts);
      await city.restartCentre();
      await city.issue(kiosk, application);
      await city.expectIssuedOnce(application);
      return 'the lease lived in PostgreSQL, the new process issued on it';
    },
  },
  {
    name: 'PostgreSQL crashed (stop -m immediate) mid-issue and restarted',
    async run(city) {
      const kiosk = await city.kiosk(KIOSK);
      const application = city.application();
      await kiosk.facts(application.facts);
      const { blocker, pending } = await holdIssueMidTransaction(city, kiosk, application);
      await city.postgres.cluster.stop('immediate');
      const refusal = await expectUnavailable(pending);
      blocker.release(true);
      await city.postgres.cluster.start();
      await city.issue(kiosk, application);
      await city.expectIssuedOnce(application);
      return `while it was down: "${refusal}"; after its recovery the same issue went through, every earlier licence still there (see the totals)`;
    },
  },
  {
    name: 'kiosk clocks 10 minutes behind and ahead',
    async run(city) {
      const notes: string[] = [];
      for (const [kioskId, offset] of [['LG-SLOW-01', -TEN_MINUTES], ['LG-FAST-01', TEN_MINUTES]] as const) {
        const kiosk = await city.kiosk(kioskId, offset);
        const application = city.application();
        await kiosk.facts(application.facts);
        await city.issue(kiosk, application);
        await city.expectIssuedOnce(application);
        const { rows } = await city.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM refused_requests WHERE reason = 'clock-skew' AND kiosk_id = $1`, [kioskId]);
        notes.push(`${kioskId} ${offset > 0 ? '+' : ''}${offset / 60_000} min: ${rows[0]!.n} clock-skew refusal(s), then corrected`);
      }
      return notes.join('; ');
    },
  },
  {
    name: 'the 50-kiosk name race through two centre processes',
    async run(city) {
      await buildRaceKiosk();
      const second = await city.secondCentre();
      try {
        const results = await runNameRace({ centreUrls: [city.proxy.url, second.url], pool: city.pool, work: city.work, kiosks: 50, processes: 5 });
        const winners = results.filter((r) => r.issued);
        for (const winner of winners) city.confirm(winner.creditCode, winner.applicationId);
        const byNameRule = results.filter((r) => r.outcome === 'reject' && r.failed.length === 1 && r.failed[0]!.id === 'name-unique').length;
        if (winners.length !== 1 || byNameRule !== results.length - 1) throw new Error(`${winners.length} issued, ${byNameRule} of ${results.length - 1} rejected by the name rule`);
        return `1 of ${results.length} issued, ${byNameRule} rejected by the name rule with its reason`;
      } finally {
        await second.stop();
      }
    },
  },
];

export interface CentreTrialOutcome {
  trial: string;
  ok: boolean;
  note: string;
}

/** Every trial (or those `only` keeps) on one city, then the totals. */
export async function runCentreTrials(options: { only?: (trial: CentreTrial) => boolean; onTrial?: (outcome: CentreTrialOutcome) => void } = {}): Promise<{ outcomes: CentreTrialOutcome[]; tally: CentreTally }> {
  const city = await CentreCity.open();
  const outcomes: CentreTrialOutcome[] = [];
  try {
    for (const trial of CENTRE_TRIALS.filter(options.only ?? (() => true))) {
      const outcome = await trial.run(city).then(
        (note) => ({ trial: trial.name, ok: true, note }),
        (error: Error) => ({ trial: trial.name, ok: false, note: error.message }),
      );
      outcomes.push(outcome);
      options.onTrial?.(outcome);
    }
    return { outcomes, tally: await city.tally() };
  } finally {
    await city.close();
  }
}
