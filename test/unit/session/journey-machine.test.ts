import { EMPTY_SNAPSHOT } from '../../support/empty-snapshot';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionSnapshot } from '../../../core/contract';
import {
  COUNTER,
  EXPIRED_CARD,
  fakeJourney,
  faceFrame,
  HOUSE_CODE,
  LICENCE,
  POLL_MS,
  TIMEOUT_MS,
  turnLeftFrame,
  WARNING_MS,
  ZHANG_WEI,
  type FakeJourney,
} from './fake-journey';

let j: FakeJourney;

beforeEach(() => {
  vi.useFakeTimers();
  j = fakeJourney();
});

afterEach(() => {
  j.session.stop();
  vi.useRealTimers();
});

/** Lets invoked promises settle without moving the clock far. */
const settle = () => vi.advanceTimersByTimeAsync(1);

async function toIdCard(service: 'registration' | 'deregistration' = 'registration'): Promise<void> {
  j.send({ type: 'START' });
  j.send({ type: 'CHOOSE_SERVICE', service });
  j.send({ type: 'CONSENT', general: true, face: true });
  await settle();
}

async function toFace(service: 'registration' | 'deregistration' = 'registration'): Promise<void> {
  await toIdCard(service);
  j.insert(ZHANG_WEI);
  await vi.advanceTimersByTimeAsync(POLL_MS);
  await settle();
}

async function passFace(): Promise<SessionSnapshot> {
  j.send(faceFrame(0.1));
  j.send(faceFrame(0.2));
  // The core describes the pictures itself before the decision stands.
  await settle();
  // ...and the liveness step's pictures.
  j.send(turnLeftFrame());
  j.send(turnLeftFrame());
  await settle();
  return j.session.snapshot();
}

function fillForm(): void {
  j.send({ type: 'UPDATE_FORM', patch: { name: { tradeName: '精锐', industry: '图文设计', organisationForm: '店' }, scope: ['M0305'], phone: '13800138000' } });
}

async function toStep(step: SessionSnapshot['state']): Promise<void> {
  if (step === 'attract') return;
  if (step === 'welcome') return void j.send({ type: 'START' });
  if (step === 'consent') {
    j.send({ type: 'START' });
    return void j.send({ type: 'CHOOSE_SERVICE', service: 'registration' });
  }
  if (step === 'idcard') return toIdCard();
  if (step === 'referral') {
    j.send({ type: 'START' });
    j.send({ type: 'CHOOSE_SERVICE', service: 'registration' });
    return void j.send({ type: 'CONSENT', general: true, face: false });
  }
  if (step === 'choose-licence') {
    await toFace('deregistration');
    return void (await passFace());
  }
  await toFace();
  if (step === 'face') return;
  await passFace();
  if (step === 'details') return;
  fillForm();
  j.send({ type: 'SUBMIT_FORM' });
  if (step === 'house-code') return;
  j.send({ type: 'SUBMIT_HOUSE_CODE', houseCode: HOUSE_CODE });
  j.send({ type: 'CONFIRM_ADDRESS' });
  if (step === 'review') return;
  if (step === 'deciding') {
    j.submit.mockImplementationOnce(() => new Promise(() => undefined));
    return void j.send({ type: 'CONFIRM_REVIEW' });
  }
  j.send({ type: 'CONFIRM_REVIEW' });
  await settle();
  if (step === 'decision') return;
  j.send({ type: 'CONTINUE' });
  if (step === 'printing') return;
  j.printJobs([{ id: '1', document: 'licence-a4', printer: 'laser', state: 'printed', problem: null }]);
  if (step === 'done') return;
  j.send({ type: 'CONTINUE' });
}

const EMPTY = EMPTY_SNAPSHOT;

describe('the registration journey', () => {
  it('starts in attract with nothing of anyone', () => {
    expect(j.session.snapshot()).toEqual(EMPTY);
  });

  it('waits at the card step for as long as no card is on the reader, then reads it', async () => {
    await toIdCard();
    await vi.advanceTimersByTimeAsync(POLL_MS * 20);
    expect(j.session.snapshot()).toMatchObject({ state: 'idcard', problem: null, applicant: null });
    j.insert(ZHANG_WEI);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    await settle();
    expect(j.session.snapshot()).toMatchObject({
      state: 'face',
      applicant: { name: '张伟', idNumberMasked: '440307********0133' },
      face: { attempt: 1, maxAttempts: 3, phase: 'matching', goodFrames: 0, goodFramesRequired: 2 },
    });
  });

  it('refuses an expired card with a clear message, and reads again on retry', async () => {
    await toIdCard();
    j.insert(EXPIRED_CARD);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    const refused = j.session.snapshot();
    expect(refused).toMatchObject({ state: 'idcard', applicant: null, problem: { code: 'card-expired' } });
    expect(refused.problem?.message['zh-CN']).toContain('过有效期');
    j.insert(ZHANG_WEI);
    j.send({ type: 'RETRY' });
    await settle();
    await settle();
    expect(j.session.snapshot().state).toBe('face');
  });

  it('matches the face, runs the liveness step and goes on to the form filled from the card', async () => {
    await toFace();
    expect(j.send(faceFrame(0.1)).face).toMatchObject({ phase: 'matching', goodFrames: 1 });
    expect(j.send(faceFrame(0.2)).face).toMatchObject({ phase: 'matching', goodFrames: 2 });
    await settle();
    expect(j.session.snapshot().face).toMatchObject({ phase: 'liveness', challenge: { action: 'turn-left', step: 1, steps: 1 } });
    j.send(turnLeftFrame());
    j.send(turnLeftFrame());
    await settle();
    const details = j.session.snapshot();
    expect(details).toMatchObject({
      state: 'details',
      applicant: { name: '张伟' },
      form: { name: { region: '深圳市龙岗区', tradeName: '' }, scope: [], compositionForm: '个人经营', phone: '' },
    });
    expect(details.formProblems.map((p) => p.field)).toEqual(['name', 'phone']);
  });

  it('validates the form live and keeps the applicant on it until it is right', async () => {
    await toStep('details');
    expect(j.send({ type: 'SUBMIT_FORM' })).toMatchObject({ state: 'details', problem: { code: 'form-incomplete' } });
    const typed = j.send({ type: 'UPDATE_FORM', patch: { phone: '1380013' } });
    expect(typed.formProblems.map((p) => p.field)).toEqual(['name', 'phone']);
    fillForm();
    expect(j.session.snapshot()).toMatchObject({ formProblems: [], problem: null, form: { phone: '13800138000', name: { tradeName: '精锐' } } });
    expect(j.send({ type: 'UPDATE_FORM', patch: { name: null } }).form?.name).toBeNull();
    expect(j.send({ type: 'SUBMIT_FORM' }).state).toBe('house-code');
  });

  it('explains an unknown house code and shows the address of a known one before going on', async () => {
    await toStep('house-code');
    expect(j.send({ type: 'CONFIRM_ADDRESS' })).toMatchObject({ state: 'house-code', problem: { code: 'address-not-confirmed' } });
    expect(j.send({ type: 'SUBMIT_HOUSE_CODE', houseCode: '4403070030030499999000001' })).toMatchObject({
      state: 'house-code',
      address: null,
      problem: { code: 'not-found', field: 'houseCode' },
    });
    expect(j.send({ type: 'SUBMIT_HOUSE_CODE', houseCode: HOUSE_CODE })).toMatchObject({ problem: null, address: { houseCode: HOUSE_CODE, usage: '商业' } });
    expect(j.send({ type: 'CONFIRM_ADDRESS' }).state).toBe('review');
  });

  it('applies once even when CONFIRM_REVIEW comes twice, then prints and asks for a rating', async () => {
    await toStep('review');
    expect(j.send({ type: 'CONFIRM_REVIEW' }).state).toBe('deciding');
    j.send({ type: 'CONFIRM_REVIEW' });
    await settle();
    j.send({ type: 'CONFIRM_REVIEW' });
    expect(j.submit).toHaveBeenCalledTimes(1);
    const application = j.submit.mock.calls[0]?.[0];
    expect(application).toMatchObject({
      service: 'registration',
      houseCode: HOUSE_CODE,
      face: { matched: true, livenessPassed: true, threshold: 0.45 },
      form: { phone: '13800138000', scope: ['M0305'] },
    });
    expect(j.session.snapshot()).toMatchObject({ state: 'decision', decision: { outcome: 'approve' }, licence: LICENCE });

    expect(j.send({ type: 'CONTINUE' })).toMatchObject({ state: 'printing', printing: [{ state: 'queued' }] });
    const problem = { code: 'paper-end', message: { 'zh-CN': '打印机缺纸', en: 'Out of paper' } };
    j.printJobs([{ id: '1', document: 'licence-a4', printer: 'laser', state: 'waiting', problem }]);
    expect(j.session.snapshot()).toMatchObject({ state: 'printing', problem });
    j.printJobs([{ id: '1', document: 'licence-a4', printer: 'laser', state: 'printed', problem: null }]);
    expect(j.session.snapshot()).toMatchObject({ state: 'done', problem: null });
    expect(j.send({ type: 'CONTINUE' }).state).toBe('rating');
    expect(j.send({ type: 'RATE', stars: 5 })).toEqual(EMPTY);
    expect(j.audit).toHaveBeenCalledWith('journey.started', { service: 'registration' });
    expect(j.audit).toHaveBeenCalledWith('journey.rated', { stars: 5, service: 'registration', outcome: 'approve' });
    expect(JSON.stringify(j.audit.mock.calls)).not.toMatch(/张伟|440307198803150133|13800138000/);
  });

  it('lets the applicant go when printing failed, saying staff will reprint', async () => {
    await toStep('printing');
    expect(j.send({ type: 'CONTINUE' }).state).toBe('printing');
    j.printJobs([{ id: '1', document: 'licence-a4', printer: 'laser', state: 'failed', problem: null }]);
    expect(j.session.snapshot()).toMatchObject({ state: 'printing', problem: { code: 'print-failed' } });
    expect(j.session.snapshot().problem?.message['zh-CN']).toContain('补打');
    expect(j.send({ type: 'CONTINUE' }).state).toBe('done');
  });

  it('sends a referred application to the counter and a rejected one to the rating', async () => {
    j.submit.mockResolvedValueOnce({ applicationId: 'a', decision: { outcome: 'refer', reasons: [] }, licence: null });
    await toStep('decision');
    expect(j.send({ type: 'CONTINUE' })).toMatchObject({ state: 'referral', counter: COUNTER });
    j.send({ type: 'CANCEL' });
    j.submit.mockResolvedValueOnce({ applicationId: 'b', decision: { outcome: 'reject', reasons: [] }, licence: null });
    await toStep('decision');
    expect(j.send({ type: 'CONTINUE' })).toMatchObject({ state: 'rating', counter: null });
  });

  it('refers the applicant when the application cannot be processed, without losing the wait', async () => {
    j.submit.mockRejectedValueOnce(new Error('database is locked'));
    await toStep('decision');
    expect(j.session.snapshot()).toMatchObject({ state: 'referral', counter: COUNTER, problem: { code: 'service-unavailable' } });
  });
});

describe('the face check', () => {
  it('sends an applicant who declines the face check to the counter', () => {
    j.send({ type: 'START' });
    j.send({ type: 'CHOOSE_SERVICE', service: 'registration' });
    expect(j.send({ type: 'CONSENT', general: false, face: true })).toMatchObject({ state: 'consent', problem: { code: 'consent-required' } });
    expect(j.send({ type: 'CONSENT', general: true, face: false })).toMatchObject({ state: 'referral', counter: COUNTER, problem: { code: 'face-declined' } });
  });

  it('refers after three failed attempts, with a retry between them', async () => {
    await toFace();
    for (const attempt of [1, 2]) {
      j.send(faceFrame(0.9));
      expect(j.send(faceFrame(0.9))).toMatchObject({ state: 'face', face: { attempt, phase: 'failed' }, problem: { code: 'face-not-matched' } });
      expect(j.send({ type: 'RETRY' })).toMatchObject({ face: { attempt: attempt + 1, phase: 'matching' }, problem: null });
    }
    j.send(faceFrame(0.9));
    expect(j.send(faceFrame(0.9))).toMatchObject({ state: 'referral', counter: COUNTER, problem: { code: 'face-referred' } });
  });

  it('fails an attempt whose liveness step times out', async () => {
    await toFace();
    j.send(faceFrame(0.1));
    j.send(faceFrame(0.1));
    await settle();
    vi.advanceTimersByTime(9_000);
    // The face matched; what was missing was the movement, and that is what the applicant is told.
    expect(j.send(faceFrame(0.1))).toMatchObject({ state: 'face', face: { phase: 'failed' }, problem: { code: 'face-liveness-timed-out' } });
    expect(j.audit).toHaveBeenCalledWith('face.attempt', {
      attempt: 1,
      outcome: 'liveness-timed-out',
      distance: expect.any(Number),
      rendererDistance: expect.any(Number),
      threshold: 0.45,
      liveness: [{ action: 'turn-left', outcome: 'timed-out', peak: 0, limit: expect.any(Number), elapsedMs: expect.any(Number), framesWithFace: expect.any(Number) }],
    });
  });
});

describe('the deregistration journey', () => {
  it('lists the applicant\'s licences, accepts only one of them, and applies for it', async () => {
    await toStep('choose-licence');
    expect(j.session.snapshot()).toMatchObject({ state: 'choose-licence', licences: [LICENCE], form: null });
    expect(j.send({ type: 'CHOOSE_LICENCE', creditCode: '92440300L4937628X5' })).toMatchObject({ state: 'choose-licence', problem: { code: 'licence-not-listed' } });
    expect(j.send({ type: 'CHOOSE_LICENCE', creditCode: LICENCE.creditCode }).state).toBe('review');
    j.send({ type: 'CONFIRM_REVIEW' });
    await settle();
    expect(j.submit.mock.calls[0]?.[0]).toMatchObject({ service: 'deregistration', creditCode: LICENCE.creditCode });
    expect(j.session.snapshot().state).toBe('decision');
  });

  it('says so when the applicant has no active licence', async () => {
    j.services.activeLicences = async () => ({ licences: [] });
    await toStep('choose-licence');
    expect(j.session.snapshot()).toMatchObject({ state: 'choose-licence', licences: [], problem: { code: 'no-active-licence' } });
  });

  it('sends the applicant to the counter with the reason when the licences cannot be listed (the centre is unreachable)', async () => {
    const reason = { code: 'centre-unavailable', message: { 'zh-CN': '暂时无法连接登记中心', en: 'The registration centre cannot be reached' } };
    j.services.activeLicences = async () => ({ referral: reason });
    await toStep('choose-licence');
    await settle();
    expect(j.session.snapshot()).toMatchObject({ state: 'referral', counter: COUNTER, problem: reason, licences: [] });
  });
});

const STEPS_WITH_TIMEOUT = [
  'welcome', 'consent', 'idcard', 'face', 'details', 'house-code', 'choose-licence', 'review', 'deciding', 'decision', 'printing', 'done', 'rating', 'referral',
] as const;

describe('inactivity', () => {
  it.each(STEPS_WITH_TIMEOUT)('in %s: warns with a countdown, then wipes the session back to attract', async (step) => {
    await toStep(step);
    const before = j.session.snapshot();
    expect(before.state).toBe(step);
    expect(before.inactivityDeadline).toBeGreaterThan(Date.now());
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - WARNING_MS);
    expect(j.session.snapshot()).toMatchObject({ state: step, inactivityWarning: true });
    await vi.advanceTimersByTimeAsync(WARNING_MS);
    expect(j.session.snapshot()).toEqual(EMPTY);
    for (const descriptor of j.idDescriptors) expect(descriptor.every((value) => value === 0)).toBe(true);
  });

  it('a touch during the warning keeps the session and restarts the clock', async () => {
    await toStep('details');
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - WARNING_MS);
    expect(j.send({ type: 'ACTIVITY' })).toMatchObject({ state: 'details', inactivityWarning: false, inactivityDeadline: Date.now() + TIMEOUT_MS });
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - WARNING_MS - 1);
    expect(j.session.snapshot()).toMatchObject({ state: 'details', inactivityWarning: false });
    j.send({ type: 'UPDATE_FORM', patch: { phone: '1' } });
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - WARNING_MS - 1);
    expect(j.session.snapshot().inactivityWarning).toBe(false);
  });
});

describe('session hygiene', () => {
  it('leaves nothing of the applicant after a wipe, and a late command reaches nothing', async () => {
    await toStep('review');
    j.send({ type: 'SET_LARGE_TEXT', on: true });
    j.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(j.session.snapshot()).toMatchObject({ largeText: true, language: 'en', applicant: { name: '张伟' } });
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    expect(j.session.snapshot()).toEqual(EMPTY);
    expect(j.idDescriptors[0]?.every((value) => value === 0)).toBe(true);

    // The previous applicant's pending confirmation, replayed, finds no application to submit.
    expect(j.send({ type: 'CONFIRM_REVIEW' })).toEqual(EMPTY);
    expect(j.send({ type: 'CONFIRM_ADDRESS' })).toEqual(EMPTY);
    j.send({ type: 'START' });
    expect(j.send({ type: 'CONFIRM_REVIEW' })).toMatchObject({ ...EMPTY, state: 'welcome', inactivityDeadline: Date.now() + TIMEOUT_MS });
    await settle();
    expect(j.submit).not.toHaveBeenCalled();
  });

  it('cancel wipes as well', async () => {
    await toStep('details');
    fillForm();
    expect(j.send({ type: 'CANCEL' })).toEqual(EMPTY);
  });
});

describe('the end of a session, as the centre counts it (journey.ended)', () => {
  const ended = () => j.audit.mock.calls.filter(([event]) => event === 'journey.ended').map(([, data]) => data);

  it('an issued licence: done at the rating, with the time from card to licence', async () => {
    await toStep('decision');
    j.send({ type: 'CONTINUE' });
    j.printJobs([{ id: '1', document: 'licence-a4', printer: 'laser', state: 'printed', problem: null }]);
    j.send({ type: 'CONTINUE' });
    j.send({ type: 'RATE', stars: 4 });
    expect(ended()).toEqual([{ service: 'registration', lastStep: 'rating', endReason: 'done', cardToLicenceMs: expect.any(Number) }]);
    expect((ended()[0] as { cardToLicenceMs: number }).cardToLicenceMs).toBeGreaterThanOrEqual(0);
  });

  it('a referral: the reason the applicant was sent to the counter, even after the rating', () => {
    j.send({ type: 'START' });
    j.send({ type: 'CHOOSE_SERVICE', service: 'registration' });
    j.send({ type: 'CONSENT', general: true, face: false });
    j.send({ type: 'CONTINUE' });
    j.send({ type: 'RATE', stars: 2 });
    expect(ended()).toEqual([{ service: 'registration', lastStep: 'rating', endReason: 'face-declined', cardToLicenceMs: null }]);
  });

  it('cancelled: abandoned at the step it was left', async () => {
    await toStep('details');
    j.send({ type: 'CANCEL' });
    expect(ended()).toEqual([{ service: 'registration', lastStep: 'details', endReason: 'abandoned', cardToLicenceMs: null }]);
  });

  it('left alone: timed out at the step it was left', async () => {
    await toStep('house-code');
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS);
    expect(ended()).toEqual([{ service: 'registration', lastStep: 'house-code', endReason: 'timeout', cardToLicenceMs: null }]);
  });
});
