/**
 * Wrong-PIN counting and the lock that follows, kept in the kiosk database (migration 5)
 * so switching the kiosk off and on does not hand a guesser a fresh set of tries.
 */
import type { KioskDatabase } from '../storage/database';

export interface LockoutPolicy {
  /** Wrong PINs in a row that lock the PIN pad. */
  maxTries: number;
  lockoutMs: number;
}

export type LockoutState = { locked: true; until: Date } | { locked: false; triesLeft: number };

interface LockoutRow {
  failed_tries: number;
  locked_until: string | null;
}

export class PinLockout {
  constructor(
    private readonly db: KioskDatabase,
    private readonly policy: LockoutPolicy,
  ) {
    db.prepare('INSERT OR IGNORE INTO maintenance_lockout (id, failed_tries, locked_until) VALUES (1, 0, NULL)').run();
  }

  state(now: Date): LockoutState {
    const row = this.row();
    if (row.locked_until !== null) {
      const until = new Date(row.locked_until);
      if (until > now) return { locked: true, until };
      // The lock has run out: a fresh set of tries.
      this.write(0, null);
      return { locked: false, triesLeft: this.policy.maxTries };
    }
    return { locked: false, triesLeft: this.policy.maxTries - row.failed_tries };
  }

  /** Counts a wrong PIN; the one that reaches the limit locks the pad from `now`. */
  recordFailure(now: Date): LockoutState {
    const tries = this.row().failed_tries + 1;
    if (tries >= this.policy.maxTries) {
      const until = new Date(now.getTime() + this.policy.lockoutMs);
      this.write(tries, until.toISOString());
      return { locked: true, until };
    }
    this.write(tries, null);
    return { locked: false, triesLeft: this.policy.maxTries - tries };
  }

  recordSuccess(): void {
    this.write(0, null);
  }

  private row(): LockoutRow {
    return this.db.prepare<[], LockoutRow>('SELECT failed_tries, locked_until FROM maintenance_lockout WHERE id = 1').get() as LockoutRow;
  }

  private write(tries: number, lockedUntil: string | null): void {
    this.db.prepare('UPDATE maintenance_lockout SET failed_tries = ?, locked_until = ? WHERE id = 1').run(tries, lockedUntil);
  }
}
