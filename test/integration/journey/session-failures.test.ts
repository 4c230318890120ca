// The session survives its own failures. Each of the journey's services is made to throw
// once, in a real core on simulated hardware, while an applicant walks the journey over
// the contract (as the renderer does): the applicant is told, in both languages, to go
// to the counter (or, where the journey has its own answer, what to do), nothing of them
// is left in the session, the failure is in the audit log, and the kiosk then serves the
// next applicant from the attract screen to the end.
import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_COMMERCIAL_LONGGANG } from '../../../core/address/sample-fixtures';
import type { SessionCommand, SessionSnapshot } from '../../../core/contract';
import type { JourneyServices } from '../../../core/session/journey-ports';
import { eventually, startTestCore, type TestCore } from '../../support/core';
import { connectRenderer, type RendererBridge } from '../../support/renderer-bridge';
import { LIVE_FACE_ENV, prepareLiveFace, showFace, type LiveFace } from '../../support/live-journey';

type ServiceName = keyof JourneyServices;

/**
 * Every service, and what the applicant is shown when it throws. The print progress is
 * only watched for an approval: it comes first, while the address has no business yet
 * (later registrations there are referred by the one-business-per-address rule).
 */
const FAILURES: { service: ServiceName; journey: 'registration' | 'deregistration'; shown: { state: SessionSnapshot['state']; problem: string | null } }[] = [
  { service: 'watchPrinting', journey: 'registration', shown: { state: 'referral', problem: 'session-failed-after-decision' } },
  { service: 'audit', journey: 'registration', shown: { state: 'referral', problem: 'session-failed' } },
  { service: 'readCard', journey: 'registration', shown: { state: 'idcard', problem: 'reader-unavailable' } },
  { service: 'today', journey: 'registration', shown: { state: 'referral', problem: 'session-failed' } },
  { service: 'describeIdPhoto', journey: 'registration', shown: { state: 'idcard', problem: 'card-unreadable' } },
  // The core describes the next picture the renderer sent instead.
  { service: 'describeFacePicture', journey: 'registration', shown: { state: 'decision', problem: null } },
  { service: 'nameRegion', journey: 'registration', shown: { state: 'referral', problem: 'session-failed' } },
  { service: 'formProblems', journey: 'registration', shown: { state: 'referral', problem: 'session-failed' } },
  { service: 'lookupAddress', journey: 'registration', shown: { state: 'referral', problem: 'session-failed' } },
  { service: 'activeLicences', journey: 'deregistration', shown: { state: 'referral', problem: 'session-failed' } },
  { service: 'submit', journey: 'registration', shown: { state: 'referral', problem: 'service-unavailable' } },
];

/** One per case, so that no two registrations ask for the same name. */
const TRADE_NAME_CHARACTERS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰';

let live: LiveFace;
let core: TestCore;
let renderer: RendererBridge;
/** The service that throws at its next call; null when none does. */
let armed: ServiceName | null = null;

/** The real services, except that the armed one throws once. */
function withFaults(real: JourneyServices): JourneyServices {
  const faulty = {} as Record<ServiceName, unknown>;
  for (const name of Object.keys(real) as ServiceName[]) {
    const method = real[name] as (...args: unknown[]) => unknown;
    faulty[name] = (...args: unknown[]) => {
      if (armed === name) {
        armed = null;
        throw new RangeError(`injected failure in ${name}`);
      }
      return method.apply(real, args);
    };
  }
  return faulty as unknown as JourneyServices;
}

beforeAll(async () => {
  live = await prepareLiveFace();
  core = await startTestCore(LIVE_FACE_ENV, { appRoot: live.appRoot, journeyServices: withFaults });
  renderer = connectRenderer(core.server, 30_000);
}, 180_000);

afterAll(async () => {
  renderer?.close();
  await core?.dispose();
  if (live?.appRoot) rmSync(live.appRoot, { recursive: true, force: true });
});

// One failed case must not leave the next one a session in the middle.
afterEach(() => {
  armed = null;
  core.session.send({ type: 'CANCEL' });
});

const send = (command: SessionCommand): Promise<SessionSnapshot> => renderer.bridge.call('session.send', command);

/** Waits for the session to show one of these states, or a problem. */
function reached(states: SessionSnapshot['state'][]): Promise<SessionSnapshot> {
  return eventually(() => core.session.snapshot(), (s) => states.includes(s.state) || s.problem !== null, 60_000);
}

/** Ends on the first problem the applicant is shown, as an applicant would stop there. */
async function walk(journey: 'registration' | 'deregistration', tradeName: string): Promise<SessionSnapshot> {
  await send({ type: 'START' });
  await send({ type: 'CHOOSE_SERVICE', service: journey });
  let s = await send({ type: 'CONSENT', general: true, face: true });
  if (s.state !== 'idcard') return s;
  core.devices.simulation?.idcard.insert('zhangWei');
  s = await reached(['face', 'referral']);
  if (s.state !== 'face') return s;
  s = await showFace(live, s, send, () => core.session.snapshot());
  if (journey === 'deregistration' || s.state !== 'details' || s.problem) return s;
  s = await send({ type: 'UPDATE_FORM', patch: { name: { tradeName, industry: '图文设计', organisationForm: '店' }, scope: ['M0305'], compositionForm: '个人经营', phone: '13800138000' } });
  if (s.state !== 'details' || s.formProblems.length) return s;
  await send({ type: 'SUBMIT_FORM' });
  s = await send({ type: 'SUBMIT_HOUSE_CODE', houseCode: SAMPLE_COMMERCIAL_LONGGANG });
  if (s.state !== 'house-code' || s.problem) return s;
  await send({ type: 'CONFIRM_ADDRESS' });
  await send({ type: 'CONFIRM_REVIEW' });
  s = await reached(['decision', 'referral']);
  if (s.state !== 'decision' || s.decision?.outcome !== 'approve') return s;
  s = await send({ type: 'CONTINUE' });
  return s.state === 'printing' ? reached(['done']) : s;
}

/** From wherever the applicant stopped back to attract, as the screens let them. */
async function leave(s: SessionSnapshot): Promise<SessionSnapshot> {
  if (s.state === 'referral' || s.state === 'done' || s.state === 'decision') s = await send({ type: 'CONTINUE' });
  if (s.state === 'referral') s = await send({ type: 'CONTINUE' });
  if (s.state === 'rating') return send({ type: 'RATE', stars: 3 });
  return send({ type: 'CANCEL' });
}

function failuresAudited(): { step: string; error: string }[] {
  return core.db.prepare<[], string>("SELECT data FROM audit_log WHERE event = 'session.failed' ORDER BY seq").pluck().all().map((data) => JSON.parse(data));
}

describe('a session that fails', () => {
  it.each(FAILURES.map((failure, n) => ({ ...failure, n })))('$service throws: the applicant is told, and the next one is served', async ({ service, journey, shown, n }) => {
    const audited = failuresAudited().length;
    armed = service;
    const failed = await walk(journey, `精锐${TRADE_NAME_CHARACTERS[n]}`);
    expect(armed, `${service} was never called`).toBeNull();
    if (shown.problem === null) {
      // Absorbed by the journey itself: the applicant does not even notice.
      expect(failed).toMatchObject({ state: shown.state, problem: null });
    } else {
      expect(failed).toMatchObject({ state: shown.state, problem: { code: shown.problem } });
      expect(failed.problem?.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(failed.problem?.message.en).toMatch(/[a-z]/);
    }
    if (shown.problem?.startsWith('session-failed')) {
      // Nothing of the applicant is left; the counter is named.
      expect(failed).toMatchObject({ applicant: null, form: null, address: null, face: null, decision: null, licence: null, counter: '1' });
      // XState reports a throwing guard as its own Error: the type is whatever reached the session.
      expect(failuresAudited().slice(audited)).toEqual([{ step: expect.any(String), error: expect.stringMatching(/Error$/) }]);
    }
    expect(await leave(failed)).toMatchObject({ state: 'attract', applicant: null, problem: null });

    // The next applicant, from attract to the rules' decision: every rule passes but the
    // one business per address that the first approval here fills.
    const served = await walk('registration', `新锐${TRADE_NAME_CHARACTERS[n]}`);
    expect(served.problem).toBeNull();
    expect(served.state === 'done' || served.decision?.outcome === 'refer').toBe(true);
    expect(served.decision?.reasons.filter((reason) => !reason.passed).map((reason) => reason.rule) ?? []).toEqual(
      served.state === 'done' ? [] : ['businesses-per-address'],
    );
    expect(await leave(served)).toMatchObject({ state: 'attract', applicant: null });
  }, 180_000);
});
