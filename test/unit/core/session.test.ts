import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionService } from '../../../core/session/session-service';

const TIMEOUT = 60_000;
const WARNING = 15_000;
let session: SessionService;

beforeEach(() => {
  vi.useFakeTimers();
  session = new SessionService({ defaultLanguage: 'zh-CN', inactivityTimeoutMs: TIMEOUT, inactivityWarningMs: WARNING });
});

afterEach(() => {
  session.stop();
  vi.useRealTimers();
});

describe('the kiosk session', () => {
  it('starts in attract with no inactivity clock running', () => {
    expect(session.snapshot()).toEqual({ state: 'attract', language: 'zh-CN', inactivityDeadline: null, inactivityWarning: false });
  });

  it('warns before the timeout, then wipes the session back to attract', () => {
    session.send({ type: 'START' });
    session.send({ type: 'SET_LANGUAGE', language: 'en' });
    vi.advanceTimersByTime(TIMEOUT - WARNING - 1);
    expect(session.snapshot().inactivityWarning).toBe(false);
    vi.advanceTimersByTime(1);
    expect(session.snapshot()).toMatchObject({ state: 'welcome', inactivityWarning: true });
    vi.advanceTimersByTime(WARNING);
    expect(session.snapshot()).toEqual({ state: 'attract', language: 'zh-CN', inactivityDeadline: null, inactivityWarning: false });
  });

  it('a touch during the warning keeps the session and restarts the clock', () => {
    session.send({ type: 'START' });
    vi.advanceTimersByTime(TIMEOUT - WARNING);
    expect(session.snapshot().inactivityWarning).toBe(true);
    session.send({ type: 'ACTIVITY' });
    expect(session.snapshot()).toMatchObject({ state: 'welcome', inactivityWarning: false, inactivityDeadline: Date.now() + TIMEOUT });
    vi.advanceTimersByTime(TIMEOUT - 1);
    expect(session.snapshot().state).toBe('welcome');
  });

  it('cancel returns to attract and forgets the chosen language', () => {
    session.send({ type: 'START' });
    session.send({ type: 'SET_LANGUAGE', language: 'en' });
    expect(session.send({ type: 'CANCEL' })).toMatchObject({ state: 'attract', language: 'zh-CN' });
  });

  it('tells listeners about every change once', () => {
    const states: string[] = [];
    session.onChange((s) => states.push(`${s.state}${s.inactivityWarning ? '!' : ''}`));
    session.send({ type: 'START' });
    vi.advanceTimersByTime(TIMEOUT);
    expect(states).toEqual(['welcome', 'welcome!', 'attract']);
  });
});
