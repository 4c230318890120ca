// The way into maintenance: the PIN, the lock after five wrong tries (kept across a
// restart), the token that idles out, and no way in while an applicant is at the kiosk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../../core/audit/audit-log';
import type { MaintenanceStateEvent } from '../../../core/contract';
import { MaintenanceDoor } from '../../../core/maintenance/maintenance-door';
import { hashPin } from '../../../core/maintenance/pin-hash';
import { openDatabase, type KioskDatabase } from '../../../core/storage/database';

const PIN = '731904';
const WRONG = '000000';
const MINUTE = 60_000;
let pinHash: string;
let dir: string;
let db: KioskDatabase;
let attracting: boolean;
let events: MaintenanceStateEvent[];

beforeAll(async () => {
  pinHash = await hashPin(PIN, { N: 1024, r: 8, p: 1 });
});

beforeEach(() => {
  // Only the clock and the idle timer are faked; scrypt runs for real.
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(new Date('2026-03-20T09:00:00Z'));
  dir = mkdtempSync(join(tmpdir(), 'kiosk-door-'));
  db = openDatabase(join(dir, 'kiosk.sqlite'));
  attracting = true;
  events = [];
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function door(database = db): MaintenanceDoor {
  return new MaintenanceDoor({
    db: database,
    audit: new AuditLog(database),
    pinHash,
    lockout: { maxTries: 5, lockoutMs: 5 * MINUTE },
    idleTimeoutMs: 5 * MINUTE,
    isAttracting: () => attracting,
    onChange: (event) => events.push(event),
  });
}

function auditEvents(): { event: string; data: string }[] {
  return db.prepare<[], { event: string; data: string }>('SELECT event, data FROM audit_log ORDER BY seq').all();
}

describe('unlocking maintenance with the PIN', () => {
  it('opens with the right PIN and hands out a token that admits calls', async () => {
    const d = door();
    const answer = await d.unlock(PIN);
    expect(answer).toMatchObject({ status: 'ok', idleTimeoutSeconds: 300 });
    const token = answer.status === 'ok' ? answer.token : '';
    expect(d.admit(token)).toBeUndefined();
    expect(d.admit('not-the-token-at-all')).toEqual({ status: 'denied', reason: 'not-open' });
    expect(events).toEqual([{ open: true, reason: 'unlocked' }]);
  });

  it('counts down the tries left on each wrong PIN', async () => {
    const d = door();
    expect(await d.unlock(WRONG)).toEqual({ status: 'wrong', triesLeft: 4 });
    expect(await d.unlock(WRONG)).toEqual({ status: 'wrong', triesLeft: 3 });
    // A right PIN in between starts the count afresh.
    expect((await d.unlock(PIN)).status).toBe('ok');
    expect(await d.unlock(WRONG)).toEqual({ status: 'wrong', triesLeft: 4 });
  });

  it('locks for five minutes after five wrong PINs, refusing even the right one with the time left', async () => {
    const d = door();
    for (let i = 0; i < 4; i++) await d.unlock(WRONG);
    expect(await d.unlock(WRONG)).toEqual({ status: 'locked', lockedUntil: '2026-03-20T09:05:00.000Z', secondsLeft: 300 });
    vi.advanceTimersByTime(2 * MINUTE);
    expect(await d.unlock(PIN)).toEqual({ status: 'locked', lockedUntil: '2026-03-20T09:05:00.000Z', secondsLeft: 180 });
    expect(d.isOpen).toBe(false);
    vi.advanceTimersByTime(3 * MINUTE);
    expect((await d.unlock(PIN)).status).toBe('ok');
  });

  it('stays locked after a restart: the lock is in the database, not in memory', async () => {
    const d = door();
    for (let i = 0; i < 5; i++) await d.unlock(WRONG);
    db.close();
    db = openDatabase(join(dir, 'kiosk.sqlite'));
    vi.advanceTimersByTime(MINUTE);
    expect(await door().unlock(PIN)).toMatchObject({ status: 'locked', secondsLeft: 240 });
  });

  it('counts a burst of parallel guesses one by one: the sixth is refused without a check', async () => {
    const d = door();
    const answers = await Promise.all(Array.from({ length: 7 }, (_, i) => d.unlock(i === 6 ? PIN : WRONG)));
    expect(answers.map((a) => a.status)).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked', 'locked', 'locked']);
  });

  it('writes every attempt to the audit log, never the PIN or the token', async () => {
    const d = door();
    await d.unlock(WRONG);
    const answer = await d.unlock(PIN);
    expect(auditEvents().map((e) => e.event)).toEqual(['maintenance.pin-wrong', 'maintenance.opened']);
    const everything = JSON.stringify(auditEvents());
    expect(everything).not.toContain(PIN);
    expect(everything).not.toContain(WRONG);
    expect(everything).not.toContain(answer.status === 'ok' ? answer.token : 'x');
  });
});

describe('while maintenance is open', () => {
  it('closes after five minutes without a call, and tells the renderer', async () => {
    const d = door();
    const answer = await d.unlock(PIN);
    const token = answer.status === 'ok' ? answer.token : '';
    vi.advanceTimersByTime(4 * MINUTE);
    expect(d.admit(token)).toBeUndefined(); // a call keeps it open for another five minutes
    vi.advanceTimersByTime(4 * MINUTE);
    expect(d.admit(token)).toBeUndefined();
    vi.advanceTimersByTime(5 * MINUTE);
    expect(events.at(-1)).toEqual({ open: false, reason: 'expired' });
    expect(d.admit(token)).toEqual({ status: 'denied', reason: 'not-open' });
    expect(auditEvents().at(-1)).toMatchObject({ event: 'maintenance.closed', data: '{"reason":"expired"}' });
  });

  it('turns an expired token away even when its timer has not run yet', async () => {
    const d = door();
    const answer = await d.unlock(PIN);
    // The clock jumps (e.g. after suspend) without the timer firing.
    vi.setSystemTime(Date.now() + 6 * MINUTE);
    expect(d.admit(answer.status === 'ok' ? answer.token : '')).toEqual({ status: 'denied', reason: 'expired' });
  });

  it('locks with its own token only; the old token is worthless after that', async () => {
    const d = door();
    const answer = await d.unlock(PIN);
    const token = answer.status === 'ok' ? answer.token : '';
    expect(d.lock('someone-elses-token-value')).toBe(false);
    expect(d.isOpen).toBe(true);
    expect(d.lock(token)).toBe(true);
    expect(d.admit(token)).toEqual({ status: 'denied', reason: 'not-open' });
    expect(events.at(-1)).toEqual({ open: false, reason: 'locked' });
  });
});

describe('with an applicant at the kiosk', () => {
  it('refuses to open outside the attract screen, without counting a try', async () => {
    attracting = false;
    const d = door();
    expect(await d.unlock(PIN)).toEqual({ status: 'refused', reason: 'session-active' });
    expect(await d.unlock(WRONG)).toEqual({ status: 'refused', reason: 'session-active' });
    expect(d.isOpen).toBe(false);
    attracting = true;
    expect(await d.unlock(WRONG)).toEqual({ status: 'wrong', triesLeft: 4 });
    expect(auditEvents().filter((e) => e.event === 'maintenance.pin-refused')).toHaveLength(2);
  });
});
