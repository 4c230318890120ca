// The face step's attempts, with a two-step liveness challenge, and the core's own look
// at the pictures (fake descriptions here: test/integration/journey/face-trust.test.ts
// runs the real face module over the contract).
import { describe, expect, it, vi } from 'vitest';
import { FaceCheck, type FaceAttemptRecord } from '../../../core/session/face-check';
import { describeFakePicture, FACE_SETTINGS, faceFrame, fakePicture } from './fake-journey';

const TWO_STEPS = { ...FACE_SETTINGS, liveness: { actions: ['turn-left', 'turn-right'] as const, steps: 2, stepTimeoutSeconds: 8 } };
const idDescriptor = () => Float32Array.from(faceFrame(0).frame.descriptor as number[]);
/** A liveness frame whose renderer numbers say `yaw`; its picture, when given, shows what the core will find. */
const frame = (yaw: number, picture?: { distance: number; yaw: number }) => ({
  faceCount: 1,
  quality: [],
  pose: { yaw, pitch: 0, mouthOpen: 0 },
  descriptor: null,
  image: picture ? fakePicture(picture.distance, picture.yaw) : null,
});
const towards = (action: string | undefined) => (action === 'turn-left' ? 0.7 : -0.7);

function faceCheck(onAttemptEnd: (record: FaceAttemptRecord) => void, random = () => 0): FaceCheck {
  const settings = { ...TWO_STEPS, liveness: { ...TWO_STEPS.liveness, actions: [...TWO_STEPS.liveness.actions] } };
  return new FaceCheck(idDescriptor(), { settings, random, onAttemptEnd, describePicture: describeFakePicture, now: () => 100 });
}

/** Resolves when the core's own look at a picture moved the check on. */
function settled(check: FaceCheck): Promise<void> {
  return new Promise((resolve) => {
    const stop = check.onSettled(() => {
      stop();
      resolve();
    });
  });
}

async function matched(onAttemptEnd: (record: FaceAttemptRecord) => void, random = () => 0): Promise<FaceCheck> {
  const check = faceCheck(onAttemptEnd, random);
  check.offer(faceFrame(0.1).frame, 0);
  check.offer(faceFrame(0.1).frame, 100);
  await settled(check);
  return check;
}

describe('the face check', () => {
  it('fails the attempt as soon as one liveness step times out, not after the remaining steps', async () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = await matched(ended);
    expect(check.state).toMatchObject({ phase: 'liveness', challenge: { step: 1, steps: 2 } });
    expect(check.offer(frame(0), 8_200)).toBe('attempt-failed');
    expect(check.lastFailure).toBe('liveness-timed-out');
    expect(ended).toHaveBeenCalledOnce();
    expect(ended.mock.calls[0]?.[0]).toMatchObject({ attempt: 1, outcome: 'liveness-timed-out', liveness: [{ outcome: 'timed-out' }] });
  });

  it('records each step with the value the core measured in the pictures when the applicant passes', async () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = await matched(ended);
    const first = check.state.challenge?.action;
    // The renderer says 0.7; the core's own landmarks find 0.5 in the pictures, which is what counts.
    for (let t = 200; check.state.challenge?.action === first; t += 100) {
      check.offer(frame(towards(first), { distance: 0.2, yaw: towards(first) * (5 / 7) }), t);
      await settled(check);
    }
    const second = check.state.challenge?.action;
    expect(second).not.toBe(first);
    for (let t = 2_000; check.outcome === 'pending'; t += 100) {
      check.offer(frame(towards(second), { distance: 0.2, yaw: towards(second) * (5 / 7) }), t);
      await settled(check);
    }
    expect(check.outcome).toBe('passed');
    expect(check.facts).toMatchObject({ matched: true, livenessPassed: true });
    const record = ended.mock.calls[0]?.[0];
    expect(record?.outcome).toBe('passed');
    expect(record?.liveness.map((signal) => [signal.action, signal.outcome, signal.peak])).toEqual([
      [first, 'observed', expect.closeTo(0.5, 5)],
      [second, 'observed', expect.closeTo(0.5, 5)],
    ]);
  });

  it('does not believe turn numbers sent with frontal pictures: the step runs out of time', async () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = await matched(ended);
    const action = check.state.challenge?.action;
    for (let t = 200; t <= 8_000; t += 200) {
      expect(check.offer(frame(towards(action), { distance: 0.1, yaw: 0 }), t)).toBe('pending');
      await settled(check);
      expect(check.state.challenge).toMatchObject({ step: 1, action });
    }
    expect(check.offer(frame(towards(action), { distance: 0.1, yaw: 0 }), 8_300)).toBe('attempt-failed');
    expect(ended.mock.calls[0]?.[0]).toMatchObject({ outcome: 'liveness-timed-out', liveness: [{ action, outcome: 'timed-out', peak: expect.closeTo(0, 5) }] });
  });

  it('does not count turn numbers that come without a picture', async () => {
    const check = await matched(vi.fn());
    for (let t = 200; t <= 8_000; t += 200) expect(check.offer(frame(towards(check.state.challenge?.action)), t)).toBe('pending');
    expect(check.state.challenge).toMatchObject({ step: 1 });
  });

  it('does not count a turn the core finds done by another face', async () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = await matched(ended);
    const action = check.state.challenge?.action;
    for (let t = 200; t <= 8_000; t += 200) {
      check.offer(frame(towards(action), { distance: 0.8, yaw: towards(action) }), t);
      await settled(check);
    }
    expect(check.state.challenge).toMatchObject({ step: 1, action });
    expect(check.offer(frame(0), 8_300)).toBe('attempt-failed');
    expect(ended.mock.calls[0]?.[0]).toMatchObject({ outcome: 'liveness-timed-out', liveness: [{ outcome: 'timed-out', framesWithFace: 0 }] });
  });

  it('fails the attempt at once when the core finds another face in a frontal picture of a step', async () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = await matched(ended);
    // Mouth open is frontal; here the renderer claims a turn the picture does not show.
    check.offer(frame(towards(check.state.challenge?.action), { distance: 0.8, yaw: 0 }), 200);
    await settled(check);
    expect(check.outcome).toBe('attempt-failed');
    expect(check.lastFailure).toBe('liveness-other-face');
  });

  it('refuses numbers that pass when the core finds the pictures\' face too far from the ID photo', async () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = faceCheck(ended);
    check.offer(faceFrame(0.1, 0.8).frame, 0);
    expect(check.offer(faceFrame(0.1, 0.9).frame, 100)).toBe('pending');
    // The renderer's median passed; the decision waits for the core's own distances.
    expect(check.state).toMatchObject({ phase: 'matching', goodFrames: 2 });
    while (check.outcome === 'pending') await settled(check);
    expect(check.outcome).toBe('attempt-failed');
    expect(check.lastFailure).toBe('not-matched');
    expect(ended.mock.calls[0]?.[0]).toMatchObject({ outcome: 'not-matched', distance: expect.closeTo(0.8, 5), rendererDistance: expect.closeTo(0.1, 5) });
  });

  it('does not count a descriptor that comes without its picture', () => {
    const check = faceCheck(vi.fn());
    const { image: _dropped, ...numbersOnly } = faceFrame(0.05).frame;
    for (let t = 0; t < 1_000; t += 100) check.offer({ ...numbersOnly, descriptor: [...(numbersOnly.descriptor as number[])] }, t);
    expect(check.state).toMatchObject({ phase: 'matching', goodFrames: 0 });
    expect(check.outcome).toBe('pending');
  });

  it('stands on the first picture the core confirms, and records the core\'s distance', async () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = faceCheck(ended);
    check.offer(faceFrame(0.1, 0.7).frame, 0);
    check.offer(faceFrame(0.1, 0.2).frame, 100);
    while (check.state.phase === 'matching') await settled(check);
    expect(check.state.phase).toBe('liveness');
    expect(check.facts).toMatchObject({ matched: true, distance: expect.closeTo(0.2, 5) });
  });

  it('fails the attempt when another face does a liveness step', async () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = await matched(ended);
    const stranger = faceFrame(0.8).frame;
    expect(check.offer({ ...stranger, pose: { yaw: 0.7, pitch: 0, mouthOpen: 0 }, image: null }, 200)).toBe('attempt-failed');
    expect(check.lastFailure).toBe('liveness-other-face');
    expect(stranger.descriptor?.every((value) => value === 0)).toBe(true);
    expect(ended.mock.calls[0]?.[0]).toMatchObject({ outcome: 'liveness-other-face', liveness: [] });
  });

  it('counts a picture that came before the step\'s time was up, though the core describes it after', async () => {
    const settings = { ...TWO_STEPS, liveness: { ...TWO_STEPS.liveness, actions: ['turn-left' as const], steps: 1 } };
    const check = new FaceCheck(idDescriptor(), { settings, random: () => 0, describePicture: describeFakePicture, now: () => 100 });
    check.offer(faceFrame(0.1).frame, 0);
    check.offer(faceFrame(0.1).frame, 100);
    await settled(check);
    expect(check.state.challenge).toMatchObject({ action: 'turn-left', deadline: 8_100 });
    check.offer(frame(0.7, { distance: 0.2, yaw: 0.7 }), 7_900);
    check.offer(frame(0.7, { distance: 0.2, yaw: 0.7 }), 8_000);
    // Past the deadline, with both pictures still being described: the step waits for them.
    expect(check.offer(frame(0), 9_000)).toBe('pending');
    while (check.outcome === 'pending') await settled(check);
    expect(check.outcome).toBe('passed');
  });

  it('lets the matched person\'s own described frames through the liveness steps', async () => {
    const check = await matched(vi.fn());
    for (let t = 200; check.outcome === 'pending'; t += 100) {
      const action = check.state.challenge?.action;
      check.offer({ ...faceFrame(0.2).frame, pose: { yaw: towards(action), pitch: 0, mouthOpen: 0 }, image: fakePicture(0.3, towards(action)) }, t);
      await settled(check);
    }
    expect(check.outcome).toBe('passed');
  });
});
