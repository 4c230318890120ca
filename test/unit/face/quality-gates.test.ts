import { describe, expect, it } from 'vitest';
import { assessQuality, type FaceReadings } from '../../../face/quality-gates';
import { DEFAULT_QUALITY_LIMITS as LIMITS } from '../../../face/settings';

const good: FaceReadings = {
  heightRatio: 0.45,
  offsetX: 0.02,
  offsetY: -0.03,
  pose: { yaw: 0.05, pitch: -0.05, rollDegrees: 3, mouthOpen: 0.02 },
  sharpness: 10,
  brightness: 120,
  highlights: 190,
  clipped: 0,
};

describe('quality gates of a live frame', () => {
  it('a centred, frontal, sharp, well-lit face of the right size passes every gate', () => {
    expect(assessQuality(1, good, LIMITS)).toEqual([]);
  });

  it('no face and several faces are reported alone: nothing else can be judged', () => {
    expect(assessQuality(0, undefined, LIMITS)).toEqual(['no-face']);
    expect(assessQuality(2, good, LIMITS)).toEqual(['several-faces']);
  });

  it.each([
    ['face-too-small', { heightRatio: LIMITS.minFaceHeight - 0.01 }],
    ['face-too-large', { heightRatio: LIMITS.maxFaceHeight + 0.01 }],
    ['off-centre', { offsetX: LIMITS.maxCentreOffset + 0.01 }],
    ['off-centre', { offsetY: -LIMITS.maxCentreOffset - 0.01 }],
    ['turned-sideways', { pose: { ...good.pose, yaw: -LIMITS.maxYaw - 0.01 } }],
    ['head-tilted', { pose: { ...good.pose, pitch: LIMITS.maxPitch + 0.01 } }],
    ['too-dark', { highlights: LIMITS.minHighlights - 1 }],
    ['too-bright', { clipped: LIMITS.maxClipped + 0.01 }],
    ['blurred', { sharpness: LIMITS.minSharpness - 1 }],
  ] as const)('%s when just beyond its limit', (reason, change) => {
    expect(assessQuality(1, { ...good, ...change }, LIMITS)).toEqual([reason]);
  });

  it('a dark skin in good light is not "too dark": exposure is judged by the highlights, not the mean', () => {
    expect(assessQuality(1, { ...good, brightness: 48, highlights: 97 }, LIMITS)).toEqual([]);
  });

  it('lists every failed gate, light before sharpness, so the first instruction is the one to follow', () => {
    const reasons = assessQuality(1, { ...good, heightRatio: 0.1, sharpness: 1, highlights: 40 }, LIMITS);
    expect(reasons).toEqual(['face-too-small', 'too-dark', 'blurred']);
  });
});
