/**
 * The hidden gesture that calls up the PIN pad: a number of taps within a time window.
 * Pure, so it can be tested without a browser.
 */
export interface TapCounter {
  /** Records a tap at `at` (ms); true when it completes the gesture (the count then starts again). */
  tap(at: number): boolean;
}

export function createTapCounter(taps: number, withinMs: number): TapCounter {
  let times: number[] = [];
  return {
    tap(at) {
      times = [...times.filter((t) => at - t < withinMs), at];
      if (times.length < taps) return false;
      times = [];
      return true;
    },
  };
}

/** Five taps in the top-right corner within three seconds (issue 8). */
export const MAINTENANCE_GESTURE = { taps: 5, withinMs: 3000 } as const;

/** Ctrl+Alt+M on a service keyboard. */
export function isMaintenanceChord(event: Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'shiftKey' | 'code'>): boolean {
  return event.ctrlKey && event.altKey && !event.shiftKey && event.code === 'KeyM';
}
