/**
 * A soak of simulated kiosk sessions against a real centre, for the ratings page. Kiosks
 * in several halls (test/support/soak-kiosk.ts: the kiosk core's own registry, outbox,
 * centre gate and outbox sender on a real SQLite database) run sessions spread over past
 * days: each application is submitted to the kiosk's registry (the operator's details
 * sealed to the centre), decided with results shaped as the shipped rule set's, an
 * approval confirmed through /v1/issue before its licence is recorded, then the
 * applicant's 好差评 and the session's end are written to the audit log as the journey
 * writes them. Everything reaches the centre through the outbox and /v1/sync only; the
 * soak returns once every kiosk's watermark covers its last record, with its own tally
 * of what it made, for the test to compare with the page.
 *
 * The mix follows the published figures where there are any (a pass rate near 97 % of
 * decided applications, about a minute from card to licence) and is a guess elsewhere
 * (where people give up, how they rate): it exercises the page, it does not describe a hall.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { loadShippedRuleSet } from '../../core/approval/approval-data';
import { SESSION_RATED_EVENT, SESSION_STARTED_EVENT } from '../../core/maintenance/counters';
import type { DecisionInput } from '../../core/registry/registry';
import type { ApplicationRequest } from '../../core/registry/requests';
import { shenzhenDate } from '../../core/registry/local-date';
import { SESSION_ENDED_EVENT, sessionEnd } from '../../core/session/session-end';
import { mulberry32 } from '../../core/address/sample-generator';
import { aggregateOutcome, type RuleResult } from '../../rules/approval/engine';
import { idNumber } from './registry';
import { startSoakKiosk, type SoakKiosk } from './soak-kiosk';

export interface SoakOptions {
  centre: { url: string; pool: pg.Pool };
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

/** What the soak made, counted as it made it: what the ratings page must show. */
export interface SoakTally {
  sessions: number;
  licences: number;
  referred: number;
  abandoned: number;
  ratings: number;
  creditCodes: string[];
  /** The centre's watermark of each kiosk once synced: its last outbox sequence. */
  watermarks: Record<string, number>;
  /** By China day. */
  licencesPerDay: Record<string, number>;
  /** By China day and by hall: the count of each score, 1 to 5. */
  ratingsByDay: Record<string, number[]>;
  ratingsByHall: Record<string, number[]>;
  /** Rule id → referred decisions it failed. */
  referralReasons: Record<string, number>;
  /** `step/reason` → sessions that ended so. */
  sessionEnds: Record<string, number>;
  /** Of every licence issued. */
  cardToLicenceMs: number[];
}

const RULE_SET = loadShippedRuleSet('registration');
/** How often each referring rule is the one that fails (rules not named here: 1). */
const REFERRAL_WEIGHTS: Record<string, number> = { 'face-matched': 5, liveness: 3, 'scope-without-prior-permit': 4, 'businesses-per-address': 2 };
const REFERRING_RULES = RULE_SET.value.rules.filter((rule) => rule.onFail === 'refer').map((rule) => rule.id);
/** Of all sessions: left before applying, and referred by a rule (≈ 3 % of decided applications). */
const ABANDONED_SHARE = 0.08;
const REFERRED_SHARE = 0.03;
const ABANDON_STEPS = ['welcome', 'consent', 'idcard', 'face', 'details', 'house-code', 'review'] as const;
/** Where the journey's inactivity timer ends a session (core/session/kiosk-machine.ts). */
const TIMED_OUT = 'xstate.after.untilWipe.kiosk.session.inactivity.warning';
/** Weights of scores 1..5 after a licence, and after a referral. */
const SCORES_AFTER_LICENCE = [2, 3, 7, 18, 70];
const SCORES_AFTER_REFERRAL = [15, 20, 30, 20, 15];
const SERVICE = 'registration';

export async function runCentreSoak(options: SoakOptions): Promise<SoakTally> {
  const tally: SoakTally = {
    sessions: 0,
    licences: 0,
    referred: 0,
    abandoned: 0,
    ratings: 0,
    creditCodes: [],
    watermarks: {},
    licencesPerDay: {},
    ratingsByDay: {},
    ratingsByHall: {},
    referralReasons: {},
    sessionEnds: {},
    cardToLicenceMs: [],
  };
  // The kiosks' data folders, on tmpfs where there is one: their fsyncs (synchronous=FULL,
  // several a session, all on the test's one thread) stay out of the soak's time. This
  // tests the path and the page, not durability (the sync's crash tests do).
  const workDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'centre-soak-'));
  const kiosks = options.halls.flatMap((hall) => Array.from({ length: options.kiosksPerHall }, (_, k) => ({ hall, kioskId: `${hall}-${String(k + 1).padStart(2, '0')}` })));
  try {
    // The kiosks of a city work at once, each on its own database and sender; all of them
    // are closed before their folders go, even when one fails.
    const runs = await Promise.allSettled(
      kiosks.map(async ({ hall, kioskId }, index) => {
        // Every other kiosk sends as it goes; the rest send their week's backlog at the end.
        const kiosk = await startSoakKiosk(options.centre, kioskId, join(workDir, kioskId), { syncLive: index % 2 === 0 });
        try {
          await runKiosk(kiosk, hall, index, options, tally);
          tally.watermarks[kioskId] = await kiosk.synced();
        } finally {
          await kiosk.close();
        }
      }),
    );
    for (const run of runs) if (run.status === 'rejected') throw run.reason;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return tally;
}

async function runKiosk(kiosk: SoakKiosk, hall: string, index: number, options: SoakOptions, tally: SoakTally): Promise<void> {
  // One stream per kiosk: the same sessions whatever order the kiosks' awaits interleave in.
  const random = mulberry32((options.seed ?? 7) * 1000 + index);
  const lastDayStart = Date.parse(`${options.lastDay}T00:00:00+08:00`);
  let applicants = 0;
  for (let day = options.days - 1; day >= 0; day--) {
    for (let s = 0; s < options.sessionsPerKioskDay; s++) {
      // Opening hours 09:00-18:00 China time.
      const startedAt = lastDayStart - day * 86_400_000 + 9 * 3_600_000 + random() * 9 * 3_600_000;
      kiosk.at(startedAt);
      kiosk.audit.append(SESSION_STARTED_EVENT, { service: SERVICE });
      tally.sessions += 1;
      const roll = random();
      if (roll < ABANDONED_SHARE) abandon(kiosk, tally, random, startedAt);
      else await apply(kiosk, tally, random, { hall, startedAt, referred: roll < ABANDONED_SHARE + REFERRED_SHARE, applicant: applicantOf(options.grids, index, ++applicants) });
    }
  }
}

/** Left before applying: cancelled, or timed out, at some step. */
function abandon(kiosk: SoakKiosk, tally: SoakTally, random: () => number, startedAt: number): void {
  const lastStep = ABANDON_STEPS[Math.floor(random() * ABANDON_STEPS.length)]!;
  kiosk.at(startedAt + 60_000);
  endSession(kiosk, tally, lastStep, random() < 0.7 ? 'CANCEL' : TIMED_OUT, { referralReason: null, cardReadAt: null, licenceAt: null });
  tally.abandoned += 1;
}

/** An application decided: referred by a rule, or approved and its licence issued; then (mostly) rated. */
async function apply(kiosk: SoakKiosk, tally: SoakTally, random: () => number, session: { hall: string; startedAt: number; referred: boolean; applicant: Applicant }): Promise<void> {
  const { hall, startedAt, referred, applicant } = session;
  // About a minute from card to licence, with a long tail (a slow typist, a second try at the face).
  const cardToLicence = Math.round(35_000 + 25_000 * Math.exp(random() * 1.4 - 0.5) + (random() < 0.08 ? 120_000 * random() : 0));
  const cardReadAt = startedAt + 10_000 + random() * 10_000;
  const decidedAt = cardReadAt + cardToLicence;
  kiosk.at(decidedAt - 1000);
  const application = kiosk.registry.submit(applicant.request);
  kiosk.at(decidedAt);
  const failing = referred ? referralReasons(random) : [];
  const input = decisionInput(failing);
  if (referred) {
    kiosk.registry.decide(application.id, input);
    for (const reason of failing) count(tally.referralReasons, reason);
    tally.referred += 1;
  } else {
    tally.creditCodes.push(await approve(kiosk, application.id, input, applicant));
    tally.licences += 1;
    count(tally.licencesPerDay, shenzhenDate(new Date(decidedAt)));
  }
  // The licence printed (or the referral slip read), then the rating screen.
  const ratedAt = decidedAt + 20_000 + random() * 10_000;
  kiosk.at(ratedAt);
  let event = 'CONTINUE';
  if (random() < 0.8) {
    const stars = 1 + weighted(referred ? SCORES_AFTER_REFERRAL : SCORES_AFTER_LICENCE, random);
    kiosk.audit.append(SESSION_RATED_EVENT, { stars, service: SERVICE, outcome: input.outcome });
    countScore(tally.ratingsByDay, shenzhenDate(new Date(ratedAt)), stars);
    countScore(tally.ratingsByHall, hall, stars);
    tally.ratings += 1;
    event = 'RATE';
  }
  // The journey's context as the session is left: a rule's referral ends as 'referred' there too.
  endSession(kiosk, tally, 'rating', event, { referralReason: referred ? 'referred' : null, cardReadAt, licenceAt: referred ? null : decidedAt });
}

interface Applicant {
  request: Extract<ApplicationRequest, { kind: 'registration' }>;
  name: { tradeName: string; industry: string };
}

/** Through the kiosk's centre gate, as the journey approves: a leased code reserved, /v1/issue asked, then the licence recorded. */
async function approve(kiosk: SoakKiosk, applicationId: string, input: DecisionInput, { request, name }: Applicant): Promise<string> {
  const { houseCode, address } = request.premises;
  const outcome = await kiosk.gate.approve(
    {
      applicationId,
      kind: 'issue',
      input,
      request: (creditCode) => ({
        applicationId,
        creditCode,
        districtCode: houseCode.slice(0, 6),
        houseCode,
        name,
        maxBusinessesAtAddress: 5,
        fullName: request.businessName,
        operatorName: request.operatorName,
        operatorIdNumber: request.idNumber,
        // The kiosk's clock, as the journey stamps it.
        issuedAt: kiosk.now().toISOString(),
        premisesAddress: address,
        compositionForm: request.compositionForm,
      }),
      record: (recorded, alongside) => kiosk.registry.decide(applicationId, recorded, alongside),
    },
    false,
  );
  const licence = 'recorded' in outcome ? outcome.recorded.licence : null;
  if (!licence) throw new Error(`kiosk ${kiosk.kioskId}: the centre did not confirm ${applicationId}: ${JSON.stringify('recorded' in outcome ? outcome.input.reasons.at(-1) : outcome.referred)}`);
  return licence.creditCode;
}

/** The kiosk's nth applicant: a name and a room of their own. */
function applicantOf(grids: readonly string[], kiosk: number, n: number): Applicant {
  const tradeName = `${String.fromCodePoint(0x4e00 + kiosk)}${String.fromCodePoint(0x5000 + n)}`;
  const room = kiosk * 1000 + n;
  const houseCode = `${grids[room % grids.length]!}${String(1 + (room % 90)).padStart(5, '0')}${String(room).padStart(6, '0')}`;
  return {
    request: {
      kind: 'registration',
      idNumber: idNumber(room),
      operatorName: '李明',
      businessName: `深圳市${tradeName}餐饮店`,
      compositionForm: '个人经营',
      premises: { houseCode, address: `深圳市龙岗区平湖街道平湖大街${room}号` },
      businessScope: ['餐饮服务'],
    },
    name: { tradeName, industry: '餐饮' },
  };
}

/** Every rule's result as the engine reports them, the `failing` ones failed. */
function decisionInput(failing: readonly string[]): DecisionInput {
  const results: RuleResult[] = RULE_SET.value.rules.map((rule) => {
    const failed = failing.includes(rule.id);
    return { id: rule.id, check: rule.check, passed: !failed, effect: failed ? rule.onFail : null, message: failed ? rule.reason : rule.title };
  });
  return { outcome: aggregateOutcome(results), ruleSet: { version: RULE_SET.value.version, hash: RULE_SET.hash }, facts: { soak: true }, reasons: results };
}

/** The session's end, as the journey records it when it leaves the session. */
function endSession(kiosk: SoakKiosk, tally: SoakTally, step: string, eventType: string, context: { referralReason: string | null; cardReadAt: number | null; licenceAt: number | null }): void {
  const end = sessionEnd({ session: { journey: step } }, { service: SERVICE, ...context }, eventType);
  kiosk.audit.append(SESSION_ENDED_EVENT, end);
  count(tally.sessionEnds, `${end.lastStep}/${end.endReason}`);
  if (end.cardToLicenceMs !== null) tally.cardToLicenceMs.push(end.cardToLicenceMs);
}

/** One referring rule failed, sometimes two different ones. */
function referralReasons(random: () => number): string[] {
  const weights = REFERRING_RULES.map((id) => REFERRAL_WEIGHTS[id] ?? 1);
  const first = REFERRING_RULES[weighted(weights, random)]!;
  const second = random() < 0.2 ? REFERRING_RULES[weighted(weights, random)]! : first;
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

function count(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function countScore(counts: Record<string, number[]>, key: string, stars: number): void {
  const scores = (counts[key] ??= [0, 0, 0, 0, 0]);
  scores[stars - 1]! += 1;
}
