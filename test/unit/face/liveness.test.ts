import { describe, expect, it } from 'vitest';
import type { FacePose } from '../../../face/landmark-pose';
import { drawChallenge, LivenessCheck } from '../../../face/liveness';
import { DEFAULT_LIVENESS_LIMITS as LIMITS, LIVENESS_ACTIONS } from '../../../face/settings';

const frontal: FacePose = { yaw: 0, pitch: 0, rollDegrees: 0, mouthOpen: 0 };
const turnedLeft: FacePose = { ...frontal, yaw: LIMITS.turnYaw + 0.05 };
const turnedRight: FacePose = { ...frontal, yaw: -LIMITS.turnYaw - 0.05 };
const mouthOpen: FacePose = { ...frontal, mouthOpen: LIMITS.mouthOpen + 0.1 };

/** A deterministic stand-in for Math.random. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

function check(challenge: Parameters<typeof drawChallenge>[0]['actions'], timeoutMs = 5000): LivenessCheck {
  return new LivenessCheck(challenge, { stepTimeoutMs: timeoutMs, limits: LIMITS }, 0);
}

describe('the liveness challenge', () => {
  it('draws distinct actions from the pool, in an order set by the injected random source', () => {
    const settings = { actions: LIVENESS_ACTIONS, steps: 2 };
    const a = drawChallenge(settings, sequence(0.1, 0.9));
    expect(a).toHaveLength(2);
    expect(new Set(a).size).toBe(2);
    expect(drawChallenge(settings, sequence(0.1, 0.9))).toEqual(a);
    const orders = new Set([0, 0.34, 0.67, 0.99].flatMap((x) => [0, 0.5, 0.99].map((y) => drawChallenge({ actions: LIVENESS_ACTIONS, steps: 3 }, sequence(x, y)).join())));
    expect(orders.size).toBe(6);
  });

  it('never asks for more steps than there are distinct actions, and never for blinks', () => {
    expect(drawChallenge({ actions: ['mouth-open', 'mouth-open'], steps: 3 }, Math.random)).toEqual(['mouth-open']);
    expect(LIVENESS_ACTIONS).not.toContain('blink');
  });

  it('a step is observed when its measure stays beyond the limit for enough frames', () => {
    const c = check(['turn-left', 'mouth-open']);
    expect(c.observe(frontal, 100)).toMatchObject({ phase: 'step', step: 1, steps: 2, action: 'turn-left', value: 0 });
    expect(c.observe(turnedLeft, 200)).toMatchObject({ phase: 'step', step: 1 });
    expect(c.observe(turnedLeft, 300)).toMatchObject({ phase: 'step', step: 2, action: 'mouth-open', value: null });
    c.observe(mouthOpen, 400);
    const done = c.observe(mouthOpen, 500);
    expect(done.phase).toBe('finished');
    if (done.phase !== 'finished') throw new Error('unreachable');
    expect(done.signals).toEqual([
      { action: 'turn-left', outcome: 'observed', peak: turnedLeft.yaw, limit: LIMITS.turnYaw, elapsedMs: 300, framesWithFace: 3 },
      { action: 'mouth-open', outcome: 'observed', peak: mouthOpen.mouthOpen, limit: LIMITS.mouthOpen, elapsedMs: 200, framesWithFace: 2 },
    ]);
  });

  it('a turn to the wrong side, or a single frame of jitter, does not count', () => {
    const c = check(['turn-left']);
    c.observe(turnedRight, 100);
    c.observe(turnedRight, 200);
    c.observe(turnedLeft, 300);
    expect(c.observe(frontal, 400)).toMatchObject({ phase: 'step', action: 'turn-left' });
    c.observe(turnedLeft, 500);
    expect(c.observe(undefined, 600)).toMatchObject({ phase: 'step', value: null });
  });

  it('each step has its own timeout; a timed-out step is recorded with the value it reached', () => {
    const c = check(['turn-right', 'turn-left'], 1000);
    c.observe({ ...frontal, yaw: -0.2 }, 500);
    expect(c.observe(frontal, 1001)).toMatchObject({ phase: 'step', step: 2, action: 'turn-left', remainingMs: 1000 });
    c.observe(turnedLeft, 1500);
    const done = c.observe(turnedLeft, 1900);
    if (done.phase !== 'finished') throw new Error(`expected finished, got ${JSON.stringify(done)}`);
    expect(done.signals.map((s) => [s.action, s.outcome, s.peak, s.elapsedMs])).toEqual([
      ['turn-right', 'timed-out', 0.2, 1001],
      ['turn-left', 'observed', turnedLeft.yaw, 899],
    ]);
  });

  it('frames without a face count towards the timeout but not as seen', () => {
    const c = check(['mouth-open'], 300);
    c.observe(undefined, 100);
    const done = c.observe(undefined, 400);
    expect(done).toEqual({ phase: 'finished', signals: [{ action: 'mouth-open', outcome: 'timed-out', peak: 0, limit: LIMITS.mouthOpen, elapsedMs: 400, framesWithFace: 0 }] });
  });
});
