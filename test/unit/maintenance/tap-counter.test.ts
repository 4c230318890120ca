// The hidden gesture and the key chord that call up the maintenance PIN pad.
import { describe, expect, it } from 'vitest';
import { createTapCounter, isMaintenanceChord, MAINTENANCE_GESTURE } from '../../../renderer/src/maintenance/tap-counter';

const { taps, withinMs } = MAINTENANCE_GESTURE;

describe('the maintenance gesture', () => {
  it('completes on the fifth tap within three seconds', () => {
    const counter = createTapCounter(taps, withinMs);
    expect([0, 500, 1000, 1500, 2900].map((at) => counter.tap(at))).toEqual([false, false, false, false, true]);
  });

  it('ignores taps that are too slow: an applicant tapping now and then never opens it', () => {
    const counter = createTapCounter(taps, withinMs);
    // Five taps span 3.2 s at this pace: never five within 3 s.
    expect([0, 800, 1600, 2400, 3200, 4000, 4800].map((at) => counter.tap(at))).toEqual(Array(7).fill(false));
    // A little faster, and the fifth tap opens it.
    expect([9000, 9700, 10400, 11100, 11800].map((at) => counter.tap(at)).at(-1)).toBe(true);
  });

  it('starts counting again after the gesture', () => {
    const counter = createTapCounter(taps, withinMs);
    for (const at of [0, 1, 2, 3, 4]) counter.tap(at);
    expect(counter.tap(5)).toBe(false);
  });

  it('knows Ctrl+Alt+M and nothing like it', () => {
    expect(isMaintenanceChord({ ctrlKey: true, altKey: true, shiftKey: false, code: 'KeyM' })).toBe(true);
    expect(isMaintenanceChord({ ctrlKey: true, altKey: false, shiftKey: false, code: 'KeyM' })).toBe(false);
    expect(isMaintenanceChord({ ctrlKey: true, altKey: true, shiftKey: true, code: 'KeyM' })).toBe(false);
    expect(isMaintenanceChord({ ctrlKey: true, altKey: true, shiftKey: false, code: 'KeyN' })).toBe(false);
  });
});
