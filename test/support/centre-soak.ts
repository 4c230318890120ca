/**
 * A soak of simulated kiosk sessions against a real centre, for the ratings page: kiosks
 * in several halls enrol through the real protocol, every approved session issues its
 * licence through /v1/issue, and each session leaves its decision, session end and (most
 * of the time) a 好差评 rating in the contract tables (migration 5). Those three rows go
 * in by SQL, as the outbox's inbox writes them: a kiosk's own outbox is not run here.
 *
 * The mix follows the published figures where there are any (a pass rate near 97 % of
 * decided applications, about a minute from card to licence) and is a guess elsewhere
 * (where people give up, how they rate): it exercises the page, it does not describe a hall.
 */
import type pg from 'pg';
import { mulberry32 } from '../../core/address/sample-generator';
import { enrolTestKiosk } from './centre-kiosks';
import { issueTestLicence } from './centre-licences';

export interface SoakOptions {
  centreUrl: string;
  pool: pg.Pool;
  /** Where the kiosks' keys go. */
  workDir: string;
  halls: readonly string[];
  kiosksPerHall: number;
  /** Days back from `lastDay` (a YYYY-MM-DD China date), inclusive. */
  days: number;
  lastDay: string;
  sessionsPerKioskDay: number;
  /** House codes of new businesses are drawn from these 14-digit grids. */
  grids: readonly string[];
  seed?: number;
}

export interface SoakResult {
  sessions: number;
  licences: number;
  referred: number;
  abandoned: number;
  ratings: number;
  creditCodes: string[];
}

const ABANDON_STEPS = ['welcome', 'consent', 'idcard', 'face', 'details', 'house-code', 'review'] as const;
const REFERRAL_REASONS = [
  ['face-matched', 5],
  ['scope-without-prior-permit', 4],
  ['address-usage', 3],
  ['name-unique', 2],
  ['businesses-per-address', 1],
  ['adult', 1],
] as const;
/** Weights of scores 1..5 after a licence, and after a referral. */
const SCORES_AFTER_LICENCE = [2, 3, 7, 18, 70];
const SCORES_AFTER_REFERRAL = [15, 20, 30, 20, 15];

export async function runCentreSoak(options: SoakOptions): Promise<SoakResult> {
  const random = mulberry32(options.seed ?? 7);
  const result: SoakResult = { sessions: 0, licences: 0, referred: 0, abandoned: 0, ratings: 0, creditCodes: [] };
  const lastDayStart = Date.parse(`${options.lastDay}T00:00:00+08:00`);
  let room = 0;
  for (const hall of options.halls) {
    for (let k = 1; k <= options.kiosksPerHall; k++) {
      const kioskId = `${hall}-${String(k).padStart(2, '0')}`;
      const { client } = await enrolTestKiosk(options.centreUrl, options.pool, kioskId, options.workDir);
      let sequence = 0;
      for (let day = options.days - 1; day >= 0; day--) {
        for (let s = 0; s < options.sessionsPerKioskDay; s++) {
          // Opening hours 09:00-18:00 China time.
          const startedAt = lastDayStart - day * 86_400_000 + 9 * 3_600_000 + random() * 9 * 3_600_000;
          result.sessions += 1;
          const roll = random();
          if (roll < 0.08) {
            const step = pick(ABANDON_STEPS, random);
            await sessionEnd(options.pool, kioskId, ++sequence, step, random() < 0.7 ? 'abandoned' : 'timeout', null, startedAt + 60_000);
            result.abandoned += 1;
            continue;
          }
          const referred = roll < 0.08 + 0.03;
          const decidedAt = startedAt + 40_000 + random() * 30_000;
          const reasons = referred ? referralReasons(random) : [];
          await decision(options.pool, kioskId, ++sequence, referred ? 'referred' : 'approved', reasons, decidedAt);
          if (referred) {
            await sessionEnd(options.pool, kioskId, ++sequence, 'referral', reasons[0]!, null, decidedAt + 5000);
            result.referred += 1;
          } else {
            // About a minute from card to licence, with a long tail (a slow typist, a reprint).
            const cardToLicence = Math.round(35_000 + 25_000 * Math.exp(random() * 1.4 - 0.5) + (random() < 0.08 ? 120_000 * random() : 0));
            const grid = options.grids[room % options.grids.length]!;
            room += 1;
            const houseCode = `${grid}${String(1 + (room % 90)).padStart(5, '0')}${String(room).padStart(6, '0')}`;
            result.creditCodes.push(await issueTestLicence(client, { houseCode, issuedAt: new Date(decidedAt + 15_000) }));
            await sessionEnd(options.pool, kioskId, ++sequence, 'done', 'done', cardToLicence, decidedAt + 20_000);
            result.licences += 1;
          }
          if (random() < 0.8) {
            const score = 1 + weighted(referred ? SCORES_AFTER_REFERRAL : SCORES_AFTER_LICENCE, random);
            await options.pool.query('INSERT INTO centre_ratings (kiosk_id, sequence, score, rated_at) VALUES ($1, $2, $3, $4)', [kioskId, ++sequence, score, new Date(decidedAt + 30_000)]);
            result.ratings += 1;
          }
        }
      }
    }
  }
  return result;
}

function decision(pool: pg.Pool, kioskId: string, sequence: number, outcome: 'approved' | 'referred', reasons: string[], at: number): Promise<unknown> {
  return pool.query(
    `INSERT INTO centre_decisions (kiosk_id, sequence, application_id, service, outcome, reasons, rule_set_version, decided_at)
     VALUES ($1, $2, $3, 'registration', $4, $5, 'registration-2026.11', $6)`,
    [kioskId, sequence, `soak-${kioskId}-${sequence}`, outcome, reasons, new Date(at)],
  );
}

function sessionEnd(pool: pg.Pool, kioskId: string, sequence: number, step: string, reason: string, cardToLicenceMs: number | null, at: number): Promise<unknown> {
  return pool.query(
    `INSERT INTO centre_session_ends (kiosk_id, sequence, service, last_step, end_reason, card_to_licence_ms, ended_at) VALUES ($1, $2, 'registration', $3, $4, $5, $6)`,
    [kioskId, sequence, step, reason, cardToLicenceMs, new Date(at)],
  );
}

/** One reason, sometimes two different ones. */
function referralReasons(random: () => number): string[] {
  const weights = REFERRAL_REASONS.map(([, w]) => w);
  const first = REFERRAL_REASONS[weighted(weights, random)]![0];
  const second = random() < 0.2 ? REFERRAL_REASONS[weighted(weights, random)]![0] : first;
  return second === first ? [first] : [first, second];
}

function weighted(weights: readonly number[], random: () => number): number {
  let roll = random() * weights.reduce((a, b) => a + b, 0);
  for (const [i, w] of weights.entries()) {
    roll -= w;
    if (roll < 0) return i;
  }
  return weights.length - 1;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}
