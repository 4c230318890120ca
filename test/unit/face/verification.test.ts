import { describe, expect, it } from 'vitest';
import { FaceVerification, type VerificationSettings } from '../../../face/verification';

const SETTINGS: VerificationSettings = { threshold: 0.45, goodFramesRequired: 3, maxAttempts: 3 };
const ID = [1, 0, 0];

/** A live descriptor at distance `d` from ID along the second axis. */
function liveAt(d: number): { descriptor: Float32Array } {
  return { descriptor: Float32Array.from([1, d, 0]) };
}

function verification(settings: VerificationSettings = SETTINGS): FaceVerification {
  return new FaceVerification(Float32Array.from(ID), settings);
}

describe('face verification over several good frames', () => {
  it('collects the required number of good frames, then decides on their median distance', () => {
    const v = verification();
    expect(v.offer(liveAt(0.3))).toMatchObject({ phase: 'collecting', attempt: 1, goodFrames: 1, framesRequired: 3 });
    v.offer(liveAt(0.9));
    const state = v.offer(liveAt(0.2));
    expect(state).toMatchObject({ phase: 'matched', decision: { attempt: 1, match: true, threshold: 0.45 } });
    if (state.phase !== 'matched') throw new Error('unreachable');
    expect(state.decision.distance).toBeCloseTo(0.3, 6);
    expect(state.decision.frameDistances.map((d) => Number(d.toFixed(6)))).toEqual([0.3, 0.9, 0.2]);
  });

  it('frames without a descriptor (failed quality gates) do not count', () => {
    const v = verification();
    v.offer({});
    v.offer(liveAt(0.1));
    expect(v.offer({})).toMatchObject({ phase: 'collecting', goodFrames: 1 });
  });

  it('a median above the threshold is no match; the next attempt starts afresh', () => {
    const v = verification();
    for (const d of [0.6, 0.7, 0.2]) v.offer(liveAt(d));
    expect(v.state).toMatchObject({ phase: 'no-match', attemptsLeft: 2, decision: { match: false, attempt: 1 } });
    expect(v.offer(liveAt(0.1)).phase).toBe('no-match');
    expect(v.retry()).toMatchObject({ phase: 'collecting', attempt: 2, goodFrames: 0 });
    for (const d of [0.1, 0.2, 0.3]) v.offer(liveAt(d));
    expect(v.state).toMatchObject({ phase: 'matched', decision: { attempt: 2 } });
  });

  it('after the last failed attempt the applicant is referred to a counter', () => {
    const v = verification();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      for (let i = 0; i < 3; i += 1) v.offer(liveAt(0.8));
      if (attempt < 3) v.retry();
    }
    expect(v.state).toMatchObject({ phase: 'referred', decision: { attempt: 3, match: false } });
    expect(v.retry().phase).toBe('referred');
  });

  it('a distance exactly at the threshold matches', () => {
    const v = verification({ ...SETTINGS, goodFramesRequired: 1 });
    expect(v.offer(liveAt(0.45)).phase).toBe('matched');
  });

  it('wipes each live descriptor once its distance is taken, and the ID descriptor on dispose', () => {
    const id = Float32Array.from(ID);
    const v = new FaceVerification(id, SETTINGS);
    const frame = liveAt(0.3);
    v.offer(frame);
    expect([...frame.descriptor]).toEqual([0, 0, 0]);
    v.dispose();
    expect([...id]).toEqual([0, 0, 0]);
    expect(v.state).toEqual({ phase: 'disposed' });
    expect(v.offer(liveAt(0.1))).toEqual({ phase: 'disposed' });
  });

  it('needs at least one frame and one attempt', () => {
    expect(() => verification({ ...SETTINGS, goodFramesRequired: 0 })).toThrow(RangeError);
    expect(() => verification({ ...SETTINGS, maxAttempts: 0 })).toThrow(RangeError);
  });
});
