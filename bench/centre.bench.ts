/**
 * The centre's figures (`npm run bench -- centre`), against the built centre process
 * (dist/centre/centre.cjs) on PostgreSQL clusters in temporary folders:
 * 1. facts round trip (signed request, name and address locks, lease written) with 200
 *    simulated kiosks, on a cluster with the centre's durable settings: p50/p99 at a
 *    steady city-wide rate (target p99 ≤ 50 ms), then all 200 asking at once;
 * 2. a registry of 5 million generated licences (CENTRE_BENCH_LICENCES to change it),
 *    generated inside PostgreSQL with generate_series: the time to generate, the plans of
 *    the statements the facts call runs inside registration_facts (auto_explain: index
 *    scans, never a sequential scan) and the facts round trip on it, for free and for
 *    taken names;
 * 3. sync throughput: 200 kiosks with real outboxes (SQLite, each licence's operator
 *    sealed to the centre's key as the journey seals it) push them at once through their
 *    real senders to /v1/sync: batches and records applied per second, the centre's CPU
 *    per batch, nothing lost;
 * 4. the centre's memory (resident set) idle, after the 200 kiosks, after the sync, and
 *    on the big registry.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import type pg from 'pg';
import { migrate } from '../centre/postgres/migrations';
import { CentreClient } from '../core/centre/centre-client';
import { loadSigningKey } from '../core/signing/kiosk-keys';
import { centreApplication, type RegistrationFactsRequest } from '../test/support/centre-applications';
import { enrolTestKiosk } from '../test/support/centre-kiosks';
import { startCentre, type CentreProcess } from '../test/support/centre-process';
import { drain, enrolOutboxKiosk, openOutboxKiosk, outboxSender, recordLicence, type OutboxKiosk } from '../test/support/outbox-kiosk';
import { startTestPostgres, type TestPostgres } from '../test/support/postgres';

const KIOSKS = 200;
/** 200 kiosks each starting an application every 10 s: ten times a busy hall (one every 1-3 minutes per kiosk). */
const STEADY_RATE_PER_S = 20;
const STEADY_REQUESTS = 600;
const BURST_ROUNDS = 5;
const SYNC_KIOSKS = 200;
/** 121 records a kiosk (decision, licence, rating each, and the audit head): two batches of the sender's default size. */
const SYNC_LICENCES_PER_KIOSK = 40;
const LICENCES = Number(process.env.CENTRE_BENCH_LICENCES ?? 5_000_000);
const BIG_REGISTRY_REQUESTS = 400;
/** Shenzhen's districts and a few trades: the generated registry spreads over them. */
const DISTRICTS = ['440303', '440304', '440305', '440306', '440307', '440308', '440309', '440310', '440311'];
const INDUSTRIES = ['图文设计', '餐饮', '便利店', '美容美发', '服装零售', '家电维修', '五金', '水果零售'];

const work = mkdtempSync(join(tmpdir(), 'centre-bench-'));
chmodSync(work, 0o711);
const clusters: TestPostgres[] = [];
const centres: CentreProcess[] = [];
console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
try {
  const durable = await benchFactsWith200Kiosks();
  await benchSync(durable.centre, durable.pool);
  await benchBigRegistry();
} finally {
  for (const centre of centres) await centre.stop();
  for (const cluster of clusters) await cluster.stop();
  rmSync(work, { recursive: true, force: true });
}

async function centreOn(durable: boolean): Promise<{ centre: CentreProcess; pool: pg.Pool }> {
  const postgres = await startTestPostgres({ durable });
  clusters.push(postgres);
  const url = await postgres.freshDatabase();
  const pool = postgres.pool(url, 4);
  await migrate(pool);
  const centre = await startCentre({ CENTRE_DATABASE_URL: url, CENTRE_SECRET_KEY: Buffer.alloc(32, 5).toString('base64'), CENTRE_DATA_DIR: join(work, `centre-${centres.length}`), CENTRE_LOG_LEVEL: 'warn' });
  centres.push(centre);
  return { centre, pool };
}

async function benchFactsWith200Kiosks(): Promise<{ centre: CentreProcess; pool: pg.Pool }> {
  console.log(`\n-- facts round trip, ${KIOSKS} kiosks, durable cluster (fsync, synchronous commit)`);
  const { centre, pool } = await centreOn(true);
  console.log(`centre memory idle: ${rss(centre)}`);
  const kiosks: CentreClient[] = [];
  for (let i = 0; i < KIOSKS; i += 20) {
    const batch = await Promise.all(Array.from({ length: 20 }, (_, j) => enrolTestKiosk(centre.url, pool, `BENCH-${String(i + j).padStart(3, '0')}`, work)));
    // A patient client: a slow answer is a figure here, not a failure.
    kiosks.push(...batch.map((k) => new CentreClient({ url: centre.url, kioskId: k.kioskId, privateKey: loadSigningKey(k.keysDir).privateKey, timeoutMs: 120_000 })));
  }
  let n = 0;
  const ask = (kiosk: CentreClient) => timed(() => kiosk.facts(centreApplication('B', ++n).facts));
  // Warm the centre's pool and JIT before measuring, and let it meet every kiosk (it keeps their keys, parsed, after the first request).
  for (let i = 0; i < KIOSKS; i += 20) await Promise.all(kiosks.slice(i, i + 20).map(ask));

  const cpuBefore = cpuMs(centre);
  const writesBefore = writeSyscalls(centre);
  const steady: Promise<number>[] = [];
  const started = performance.now();
  for (let i = 0; i < STEADY_REQUESTS; i += 1) {
    const due = started + (i * 1000) / STEADY_RATE_PER_S;
    await sleepUntil(due);
    steady.push(ask(kiosks[i % KIOSKS]!));
  }
  const steadyTimes = await Promise.all(steady);
  console.log(`steady ${STEADY_RATE_PER_S} facts/s from ${KIOSKS} kiosks, ${STEADY_REQUESTS} requests: ${summary(steadyTimes)} (target p99 ≤ 50 ms)`);
  console.log(`  the centre process's CPU per facts call: ${((cpuMs(centre) - cpuBefore) / STEADY_REQUESTS).toFixed(2)} ms (not queueing: far less dependent on the machine's load)`);
  // Each query to PostgreSQL is one write by the centre, and so is each HTTP answer.
  console.log(`  the centre's writes per facts call: ${((writeSyscalls(centre) - writesBefore) / STEADY_REQUESTS).toFixed(1)} (PostgreSQL round trips + 1 for the answer)`);

  const burstTimes: number[] = [];
  const burstStarted = performance.now();
  for (let round = 0; round < BURST_ROUNDS; round += 1) burstTimes.push(...(await Promise.all(kiosks.map(ask))));
  const burstSeconds = (performance.now() - burstStarted) / 1000;
  console.log(`all ${KIOSKS} at once, ${BURST_ROUNDS} rounds: ${summary(burstTimes)}, ${Math.round(burstTimes.length / burstSeconds)} facts/s`);
  console.log(`centre memory after ${n} facts from ${KIOSKS} kiosks: ${rss(centre)}`);
  return { centre, pool };
}

/**
 * Every kiosk's outbox filled first (a decision, the licence with its sealed operator,
 * a rating per licence, and the audit head), then all senders drain at once, in batches
 * of the sender's default size. The kiosks' side (SQLite, signing, the acknowledgement's
 * WAL checkpoint) runs in this process on the same machine: the rates are the whole
 * system's here; the centre's CPU per batch is its own.
 */
async function benchSync(centre: CentreProcess, pool: pg.Pool): Promise<void> {
  console.log(`\n-- sync, ${SYNC_KIOSKS} kiosks pushing their outboxes at once (same durable cluster)`);
  const kiosks: { kiosk: OutboxKiosk; client: CentreClient; keysDir: string }[] = [];
  for (let i = 0; i < SYNC_KIOSKS; i += 20) {
    const ids = Array.from({ length: 20 }, (_, j) => `SYNC-${String(i + j).padStart(3, '0')}`);
    const enrolled = await Promise.all(ids.map((id) => enrolOutboxKiosk(centre.url, pool, id, join(work, id))));
    enrolled.forEach(({ keysDir }, j) => {
      const id = ids[j]!;
      kiosks.push({ kiosk: openOutboxKiosk(join(work, id), centre.url, id), keysDir, client: new CentreClient({ url: centre.url, kioskId: id, privateKey: loadSigningKey(keysDir).privateKey, timeoutMs: 120_000 }) });
    });
  }
  for (const { kiosk } of kiosks) {
    for (let n = 0; n < SYNC_LICENCES_PER_KIOSK; n += 1) recordLicence(kiosk, n);
    // Let the HTTP client see the keep-alive connections the centre closed meanwhile (else it writes into one: EPIPE).
    await new Promise((done) => setImmediate(done));
  }
  const waiting = kiosks.reduce((sum, { kiosk }) => sum + kiosk.outbox.size(), 0);
  console.log(`${waiting.toLocaleString('en')} records waiting in ${SYNC_KIOSKS} outboxes (${SYNC_LICENCES_PER_KIOSK} licences each); centre memory before: ${rss(centre)}`);

  const cpuBefore = cpuMs(centre);
  const started = performance.now();
  const answers = (await Promise.all(kiosks.map(({ kiosk, client, keysDir }) => drain(outboxSender(kiosk, client, keysDir))))).flat();
  const seconds = (performance.now() - started) / 1000;
  const records = answers.reduce((sum, answer) => sum + answer.sent, 0);
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM centre_licence_records WHERE kiosk_id LIKE 'SYNC-%' AND id_number_sealed IS NOT NULL`);
  if (records !== waiting || rows[0]!.n !== SYNC_KIOSKS * SYNC_LICENCES_PER_KIOSK) throw new Error(`sync lost records: sent ${records} of ${waiting}, ${rows[0]!.n} sealed licences at the centre`);
  console.log(`${answers.length} batches, ${records.toLocaleString('en')} records in ${seconds.toFixed(1)} s: ${(answers.length / seconds).toFixed(1)} batches/s, ${Math.round(records / seconds).toLocaleString('en')} records/s (every licence's operator arrived sealed)`);
  console.log(`  the centre process's CPU per batch: ${((cpuMs(centre) - cpuBefore) / answers.length).toFixed(1)} ms, per record ${((cpuMs(centre) - cpuBefore) / records).toFixed(2)} ms`);
  console.log(`centre memory after the sync: ${rss(centre)}`);
  for (const { kiosk } of kiosks) kiosk.db.close();
}

async function benchBigRegistry(): Promise<void> {
  console.log(`\n-- a registry of ${LICENCES.toLocaleString('en')} licences (throw-away cluster)`);
  const { centre, pool } = await centreOn(false);
  const t = performance.now();
  await generateRegistry(pool, LICENCES);
  const generated = (performance.now() - t) / 1000;
  const { rows: sizes } = await pool.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
  console.log(`generated in ${generated.toFixed(1)} s (${Math.round(LICENCES / generated).toLocaleString('en')} licences/s, with names, address occupancy and operators), database ${sizes[0]!.size}`);

  await explainFacts(pool, generatedApplication(Math.floor(LICENCES / 2)), { ...generatedApplication(LICENCES + 1), applicationId: 'bench-probe-free' });

  const { client: kiosk } = await enrolTestKiosk(centre.url, pool, 'BENCH-BIG', work);
  for (let i = 0; i < 20; i += 1) await kiosk.facts(centreApplication('W', i).facts);
  const free: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < BIG_REGISTRY_REQUESTS; i += 1) {
    free.push(await timed(() => kiosk.facts(centreApplication('F', i).facts)));
    const answer = await timedAnswer(() => kiosk.facts(generatedApplication(1 + Math.floor(Math.random() * LICENCES))));
    if (!(answer.value.service === 'registration' && answer.value.nameTaken)) throw new Error('a generated name was not found taken');
    held.push(answer.ms);
  }
  console.log(`facts round trip on it, one kiosk: free name (lease written) ${summary(free)}; taken name ${summary(held)}`);
  console.log(`centre memory on it: ${rss(centre)}`);
}

/**
 * Licence n of the generated registry, as a kiosk would ask about it: the same name,
 * district and house code as generateRegistry writes (keep the two in step).
 */
function generatedApplication(n: number): RegistrationFactsRequest {
  const cjk = (k: number) => String.fromCharCode(0x4e00 + (k % 20_000));
  return {
    service: 'registration',
    applicationId: `bench-probe-${n}`,
    districtCode: DISTRICTS[n % DISTRICTS.length]!,
    houseCode: `${DISTRICTS[n % DISTRICTS.length]}${String(Math.floor(n / 2)).padStart(19, '0')}`,
    name: { tradeName: cjk(n) + cjk(Math.floor(n / 20_000)), industry: INDUSTRIES[n % INDUSTRIES.length]! },
    maxBusinessesAtAddress: 2,
  };
}

/**
 * Writes `count` active licences with their operators, names and places, inside
 * PostgreSQL (generate_series, no round trips). Foreign-key triggers are off while it
 * writes (session_replication_role = replica): the rows are consistent by construction.
 */
async function generateRegistry(pool: pg.Pool, count: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SET session_replication_role = replica; SET maintenance_work_mem = '256MB'; SET synchronous_commit = off`);
    await client.query(`INSERT INTO kiosks (kiosk_id, status) SELECT 'GEN-' || k, 'active' FROM generate_series(0, 199) k`);
    await withIndexesBuiltAfter(client, ['operators', 'licences', 'name_occupancy', 'address_occupancy'], () => insertRegistry(client, count));
    await client.query('ANALYZE');
  } finally {
    client.release();
  }
}

async function insertRegistry(client: PoolClient, count: number): Promise<void> {
  const array = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;
  await client.query(
    `INSERT INTO operators (id, id_number_hmac, id_number_sealed, name)
     SELECT i, sha256(('operator-' || i)::bytea), sha256(('sealed-' || i)::bytea), '经营者' || i FROM generate_series(1, $1::int) i`,
    [count],
  );
  await client.query(`SELECT setval('operators_id_seq', $1::int)`, [count]);
  await client.query(
    `INSERT INTO licences (credit_code, application_id, kiosk_id, operator_id, full_name, district_code, trade_name, industry, house_code, status, issued_at)
     SELECT '92' || d || lpad(i::text, 9, '0') || 'X', 'gen-' || i, 'GEN-' || (i % 200), i, NULL, d, t, ind,
            d || lpad((i / 2)::text, 19, '0'), 'active', now() - make_interval(days => i % 3000)
     FROM (SELECT i, (${array(DISTRICTS)})[1 + i % ${DISTRICTS.length}] AS d, (${array(INDUSTRIES)})[1 + i % ${INDUSTRIES.length}] AS ind,
                  chr(19968 + i % 20000) || chr(19968 + (i / 20000) % 20000) AS t
           FROM generate_series(1, $1::int) i) g`,
    [count],
  );
  await client.query(
    `INSERT INTO name_occupancy (district_code, trade_name, industry, application_id, kiosk_id, credit_code)
     SELECT district_code, trade_name, industry, application_id, kiosk_id, credit_code FROM licences`,
  );
  await client.query(`INSERT INTO address_occupancy (house_code, application_id, kiosk_id, credit_code) SELECT house_code, application_id, kiosk_id, credit_code FROM licences`);
}

/**
 * Drops the tables' indexes that no foreign key needs, runs `load`, then builds them
 * again (one sort each, much faster than 5 million scattered B-tree inserts). The
 * schema after is the migrations' own: the same definitions, read from the catalogue.
 */
async function withIndexesBuiltAfter(client: PoolClient, tables: string[], load: () => Promise<void>): Promise<void> {
  const { rows } = await client.query<{ tbl: string; name: string; constraint_def: string | null; index_def: string }>(
    `SELECT i.indrelid::regclass::text AS tbl, c.relname AS name, pg_get_constraintdef(k.oid) AS constraint_def, pg_get_indexdef(i.indexrelid) AS index_def
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.contype IN ('p', 'u')
     WHERE i.indrelid::regclass::text = ANY($1) AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)`,
    [tables],
  );
  for (const index of rows) await client.query(index.constraint_def ? `ALTER TABLE ${index.tbl} DROP CONSTRAINT ${index.name}` : `DROP INDEX ${index.name}`);
  await load();
  for (const index of rows) await client.query(index.constraint_def ? `ALTER TABLE ${index.tbl} ADD CONSTRAINT ${index.name} ${index.constraint_def}` : index.index_def);
}

/**
 * The plans of the statements the facts call itself runs inside registration_facts
 * (auto_explain of nested statements, ANALYZE), for a taken name (the checks) and a free
 * one (the checks and the leases written): index scans only, never a sequential scan.
 */
async function explainFacts(pool: pg.Pool, taken: RegistrationFactsRequest, free: RegistrationFactsRequest): Promise<void> {
  const client = await pool.connect();
  const plans: string[] = [];
  client.on('notice', (notice) => plans.push(notice.message ?? ''));
  try {
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_nested_statements = on;
                        SET auto_explain.log_level = notice; SET client_min_messages = notice`);
    for (const [what, application] of [['taken name', taken], ['free name', free]] as const) {
      plans.length = 0;
      const { rows } = await client.query(`SELECT * FROM registration_facts($1, $2, $3, $4, $5, $6, $7, 60)`, [
        'BENCH-BIG', application.applicationId, application.districtCode, application.name!.tradeName, application.name!.industry, application.houseCode, application.maxBusinessesAtAddress,
      ]);
      // The function's own statements (the last notice is the outer call's): their scans, inserts and deletes.
      const inner = plans.slice(0, -1);
      const steps = inner.flatMap((plan) => plan.split('\n').filter((line) => /Scan|Insert on|Delete on|Index Cond/.test(line))).map((line) => line.replace(/\s*\(cost=[^)]*\)/, ''));
      console.log(`facts of a ${what} (${JSON.stringify(rows[0])}), inside registration_facts:\n${steps.join('\n').replace(/^/gm, '    ')}`);
      if (inner.some((plan) => /Seq Scan on (licences|name_occupancy|address_occupancy)/.test(plan))) throw new Error(`the facts of a ${what} scan a whole table: an index is missing`);
    }
  } finally {
    client.release(true);
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  return (await timedAnswer(work)).ms;
}

async function timedAnswer<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t };
}

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(1);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
}

function sleepUntil(due: number): Promise<void> {
  const wait = due - performance.now();
  return wait > 0 ? new Promise((done) => setTimeout(done, wait)) : Promise.resolve();
}

/** The centre process's CPU time so far (user + system), from /proc. */
function cpuMs(centre: CentreProcess): number {
  const fields = readFileSync(`/proc/${centre.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name; in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** How many write system calls the centre process made so far (sockets included), from /proc. */
function writeSyscalls(centre: CentreProcess): number {
  return Number(/syscw:\s+(\d+)/.exec(readFileSync(`/proc/${centre.child.pid}/io`, 'utf8'))?.[1] ?? 0);
}

/** The centre process's resident set, from /proc. */
function rss(centre: CentreProcess): string {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${centre.child.pid}/status`, 'utf8'))?.[1] ?? 0);
  return `${(kb / 1024).toFixed(1)} MB resident`;
}
