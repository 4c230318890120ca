import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../../core/config/load';
import { DEFAULT_FACE_SETTINGS } from '../../../face/settings';

function problems(raw: unknown): { field: string; message: string }[] {
  try {
    validateConfig(raw, 'test');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the configuration to be invalid');
}

describe('the face section of the configuration', () => {
  it('an empty configuration gets the calibrated defaults', () => {
    expect(validateConfig({}, 'test').face).toEqual({ ...DEFAULT_FACE_SETTINGS, liveness: { ...DEFAULT_FACE_SETTINGS.liveness, actions: [...DEFAULT_FACE_SETTINGS.liveness.actions] } });
  });

  it('takes a stricter threshold and fewer attempts, keeping the other defaults', () => {
    const face = validateConfig({ face: { threshold: 0.4, maxAttempts: 2, liveness: { steps: 1 } } }, 'test').face;
    expect(face).toMatchObject({ threshold: 0.4, maxAttempts: 2, goodFramesRequired: DEFAULT_FACE_SETTINGS.goodFramesRequired, liveness: { steps: 1 } });
  });

  it('names the field of a bad value, a misspelt key and an impossible challenge', () => {
    expect(problems({ face: { threshold: 3 } })[0]?.field).toBe('face.threshold');
    expect(problems({ face: { treshold: 0.4 } })[0]).toMatchObject({ field: 'face.treshold', message: expect.stringContaining('unknown setting') });
    expect(problems({ face: { liveness: { actions: ['blink'] } } })[0]?.field).toMatch(/^face\.liveness\.actions/);
    expect(problems({ face: { liveness: { actions: ['turn-left'], steps: 2 } } })[0]).toMatchObject({ field: 'face.liveness.steps' });
  });
});
