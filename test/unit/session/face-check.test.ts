// The face step's attempts, with a two-step liveness challenge.
import { describe, expect, it, vi } from 'vitest';
import { FaceCheck, type FaceAttemptRecord } from '../../../core/session/face-check';
import { FACE_SETTINGS, faceFrame } from './fake-journey';

const TWO_STEPS = { ...FACE_SETTINGS, liveness: { actions: ['turn-left', 'turn-right'] as const, steps: 2, stepTimeoutSeconds: 8 } };
const idDescriptor = () => Float32Array.from(faceFrame(0).frame.descriptor as number[]);
const frame = (yaw: number) => ({ faceCount: 1, quality: [], pose: { yaw, pitch: 0, mouthOpen: 0 }, descriptor: null });

function matched(onAttemptEnd: (record: FaceAttemptRecord) => void, random = () => 0): FaceCheck {
  const check = new FaceCheck(idDescriptor(), { settings: { ...TWO_STEPS, liveness: { ...TWO_STEPS.liveness, actions: [...TWO_STEPS.liveness.actions] } }, random, onAttemptEnd });
  check.offer(faceFrame(0.1).frame, 0);
  check.offer(faceFrame(0.1).frame, 100);
  return check;
}

describe('the face check', () => {
  it('fails the attempt as soon as one liveness step times out, not after the remaining steps', () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = matched(ended);
    expect(check.state).toMatchObject({ phase: 'liveness', challenge: { step: 1, steps: 2 } });
    expect(check.offer(frame(0), 8_200)).toBe('attempt-failed');
    expect(check.lastFailure).toBe('liveness-timed-out');
    expect(ended).toHaveBeenCalledOnce();
    expect(ended.mock.calls[0]?.[0]).toMatchObject({ attempt: 1, outcome: 'liveness-timed-out', liveness: [{ outcome: 'timed-out' }] });
  });

  it('records each step with the value it reached when the applicant passes', () => {
    const ended = vi.fn<(record: FaceAttemptRecord) => void>();
    const check = matched(ended);
    const first = check.state.challenge?.action;
    const towards = (action: string | undefined) => (action === 'turn-left' ? 0.7 : -0.7);
    for (let t = 200; check.state.challenge?.action === first; t += 100) check.offer(frame(towards(first)), t);
    const second = check.state.challenge?.action;
    expect(second).not.toBe(first);
    let outcome = check.outcome;
    for (let t = 2_000; outcome === 'pending'; t += 100) outcome = check.offer(frame(towards(second)), t);
    expect(outcome).toBe('passed');
    expect(check.facts).toMatchObject({ matched: true, livenessPassed: true });
    const record = ended.mock.calls[0]?.[0];
    expect(record?.outcome).toBe('passed');
    expect(record?.liveness.map((signal) => [signal.action, signal.outcome])).toEqual([[first, 'observed'], [second, 'observed']]);
    expect(record?.liveness.every((signal) => signal.peak >= signal.limit)).toBe(true);
  });
});
