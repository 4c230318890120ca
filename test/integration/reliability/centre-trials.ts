/**
 * The centre under faults: a real centre process on a real PostgreSQL (durable
 * settings, as the centre runs), kiosks talking to it through the tests' cutting proxy.
 * Each trial breaks one thing at one point of the facts → issue exchange, then lets the
 * kiosk do what the protocol asks of it (ask again with the same application, confirm
 * the same issue again until it has an answer), and checks the application ended as one
 * licence. Across all trials it counts:
 * - lost: a licence the centre confirmed to a kiosk that it does not hold;
 * - duplicated: a name issued twice in a district, or a credit code confirmed for two applications;
 * - unconfirmed: a licence the centre holds that no kiosk was ever told about.
 * Run by `npm run reliability -- --only centre` and by test/integration/centre/centre-faults.test.ts.
 */
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { migrate } from '../../../centre/postgres/migrations';
import { CentreClient, CentreUnavailableError } from '../../../core/centre/centre-client';
import { loadSigningKey } from '../../../core/signing/kiosk-keys';
import { CENTRE_PATHS } from '../../../protocol/centre';
import { centreApplication, type CentreApplication } from '../../support/centre-applications';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { startCentre, type CentreProcess } from '../../support/centre-process';
import { CuttingProxy, type CutPoint } from '../../support/cutting-proxy';
import { buildRaceKiosk, runNameRace } from '../../support/name-race';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';

const TEN_MINUTES = 10 * 60_000;

export class CentreCity {
  /** What kiosks were told: credit code → application id. */
  readonly confirmed = new Map<string, string>();
  /** A credit code confirmed for a second application. */
  duplicateConfirmations = 0;
  /** How many applications the trials made (each must end as one licence). */
  applications = 0;
  private readonly kiosks = new Map<string, CentreClient>();

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
    return { confirmed: this.confirmed.size, lost, duplicated: names[0]!.n + this.duplicateConfirmations, unconfirmed };
  }

  async close(): Promise<void> {
    await this.proxy.close();
    if (this.centre.child.exitCode === null && this.centre.child.signalCode === null) await this.centre.stop();
    await this.postgres.stop();
    rmSync(this.work, { recursive: true, force: true });
  }
}

export interface CentreTally {
  confirmed: number;
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

/** Waits until a condition PostgreSQL reports holds (a backend waiting on a lock). */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
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
  await until('the centre to wait inside its issue transaction', async () => {
    const { rows } = await city.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'miaopi-centre' AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
    );
    return rows[0]!.n > 0;
  });
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

export const CENTRE_TRIALS: readonly CentreTrial[] = [
  ...networkCutTrials(),
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
