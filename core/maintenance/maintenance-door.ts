/**
 * The way into maintenance mode: the PIN check with its lockout, and the one opaque
 * token a correct PIN hands out. The token dies after a spell without calls, when the
 * technician locks or leaves, and with the process; every attempt and every opening and
 * closing goes to the audit log (never the PIN, never the token).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { MaintenanceDenied, MaintenanceStateEvent, PinChangeResult, UnlockResult } from '../contract';
import type { KioskDatabase } from '../storage/database';
import { KioskPin } from './kiosk-pin';
import { verifyPin } from './pin-hash';
import { PinLockout, type LockoutPolicy } from './pin-lockout';

export interface MaintenanceDoorOptions {
  db: KioskDatabase;
  audit: AuditLog;
  pinHash: string;
  lockout: LockoutPolicy;
  idleTimeoutMs: number;
  /** Whether the kiosk shows the attract screen, i.e. no applicant's data is on screen. */
  isAttracting(): boolean;
  /** Told whenever maintenance opens or closes, for the renderer. */
  onChange?(event: MaintenanceStateEvent): void;
  now?: () => Date;
}

type CloseReason = Exclude<MaintenanceStateEvent['reason'], 'unlocked'>;

export class MaintenanceDoor {
  private readonly lockout: PinLockout;
  private readonly pin: KioskPin;
  /** Opened with the shipped PIN: nothing but the PIN change is let through until it is replaced. */
  private pinChangeRequired = false;
  private readonly now: () => Date;
  /** sha256 of the open token: the token itself is only ever in the technician's renderer. */
  private tokenHash: Buffer | undefined;
  private lastUsedAt = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  // PIN checks one after the other: a burst of parallel guesses must not all run before the count.
  private attempts: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MaintenanceDoorOptions) {
    this.lockout = new PinLockout(options.db, options.lockout);
    this.pin = new KioskPin(options.db, options.pinHash);
    this.now = options.now ?? (() => new Date());
  }

  get isOpen(): boolean {
    return this.tokenHash !== undefined;
  }

  unlock(pin: string): Promise<UnlockResult> {
    const attempt = this.attempts.then(() => this.tryPin(pin));
    this.attempts = attempt.catch(() => undefined);
    return attempt;
  }

  /** Lets a call through when `token` is the open one and has not idled out; each call keeps it alive. */
  admit(token: string): MaintenanceDenied | undefined {
    return this.admitOpen(token) ?? (this.pinChangeRequired ? { status: 'denied', reason: 'pin-change-required' } : undefined);
  }

  /** Replaces the shipped PIN, the one call open to a maintenance visit that entered with it. */
  changePin(token: string, pin: string): Promise<PinChangeResult | MaintenanceDenied> {
    const change = this.attempts.then(async (): Promise<PinChangeResult | MaintenanceDenied> => {
      const denied = this.admitOpen(token);
      if (denied) return denied;
      if (!this.pinChangeRequired) return { status: 'ok', value: { changed: false, problem: 'not-required' } };
      const problem = await this.pin.problemWith(pin);
      if (problem) {
        this.options.audit.append('maintenance.pin-change-refused', { problem });
        return { status: 'ok', value: { changed: false, problem } };
      }
      await this.pin.replace(pin, this.now());
      this.pinChangeRequired = false;
      this.options.audit.append('maintenance.pin-changed', {});
      return { status: 'ok', value: { changed: true } };
    });
    this.attempts = change.catch(() => undefined);
    return change;
  }

  private admitOpen(token: string): MaintenanceDenied | undefined {
    if (!this.tokenHash || !sameToken(token, this.tokenHash)) return { status: 'denied', reason: 'not-open' };
    if (this.now().getTime() - this.lastUsedAt >= this.options.idleTimeoutMs) {
      this.close('expired');
      return { status: 'denied', reason: 'expired' };
    }
    this.touch();
    return undefined;
  }

  /** Closes maintenance if `token` is the open one; a stale token changes nothing. */
  lock(token: string): boolean {
    if (!this.tokenHash || !sameToken(token, this.tokenHash)) return false;
    this.close('locked');
    return true;
  }

  close(reason: CloseReason): void {
    if (!this.tokenHash) return;
    this.tokenHash = undefined;
    this.pinChangeRequired = false;
    clearTimeout(this.idleTimer);
    this.options.audit.append('maintenance.closed', { reason });
    this.options.onChange?.({ open: false, reason });
  }

  /** Ends a maintenance visit without an audit entry: the kiosk is shutting down. */
  dispose(): void {
    clearTimeout(this.idleTimer);
    this.tokenHash = undefined;
  }

  private async tryPin(pin: string): Promise<UnlockResult> {
    const { audit } = this.options;
    if (!this.options.isAttracting()) return this.refuse();
    const before = this.lockout.state(this.now());
    if (before.locked) {
      audit.append('maintenance.pin-refused', { reason: 'locked', lockedUntil: before.until.toISOString() });
      return this.lockedAnswer(before.until);
    }
    const correct = await verifyPin(pin, this.pin.hash());
    // An applicant may have touched the screen while the PIN was being checked.
    if (!this.options.isAttracting()) return this.refuse();
    if (!correct) {
      const after = this.lockout.recordFailure(this.now());
      if (after.locked) {
        audit.append('maintenance.pin-wrong', { triesLeft: 0, lockedUntil: after.until.toISOString() });
        return this.lockedAnswer(after.until);
      }
      audit.append('maintenance.pin-wrong', { triesLeft: after.triesLeft });
      return { status: 'wrong', triesLeft: after.triesLeft };
    }
    this.lockout.recordSuccess();
    const token = randomBytes(32).toString('base64url');
    this.tokenHash = digest(token);
    this.pinChangeRequired = this.pin.isShipped();
    this.touch();
    audit.append('maintenance.opened', { idleTimeoutSeconds: this.options.idleTimeoutMs / 1000, pinChangeRequired: this.pinChangeRequired });
    this.options.onChange?.({ open: true, reason: 'unlocked' });
    return { status: 'ok', token, idleTimeoutSeconds: Math.round(this.options.idleTimeoutMs / 1000), pinChangeRequired: this.pinChangeRequired };
  }

  private refuse(): UnlockResult {
    this.options.audit.append('maintenance.pin-refused', { reason: 'session-active' });
    return { status: 'refused', reason: 'session-active' };
  }

  private lockedAnswer(until: Date): UnlockResult {
    const secondsLeft = Math.max(1, Math.ceil((until.getTime() - this.now().getTime()) / 1000));
    return { status: 'locked', lockedUntil: until.toISOString(), secondsLeft };
  }

  private touch(): void {
    this.lastUsedAt = this.now().getTime();
    clearTimeout(this.idleTimer);
    // Closes an abandoned maintenance screen even when nobody calls again.
    this.idleTimer = setTimeout(() => this.close('expired'), this.options.idleTimeoutMs);
    this.idleTimer.unref();
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function sameToken(token: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(token), expected);
}
