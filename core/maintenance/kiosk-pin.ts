/**
 * The PIN maintenance opens with. The configured `maintenance.pinHash` when an
 * installation set one; while it is still the shipped development PIN, the PIN a
 * technician chose at this kiosk (maintenance_pin, migration 7). The shipped PIN is known
 * to everyone who has read the README, so it must be replaced at the first entry before
 * anything else opens.
 */
import type { KioskDatabase } from '../storage/database';
import { hashPin, verifyPin } from './pin-hash';
import { DEV_PIN_HASH, PIN_PATTERN } from './pin-format';

export type NewPinProblem = 'not-a-pin' | 'shipped-pin';

export class KioskPin {
  constructor(
    private readonly db: KioskDatabase,
    private readonly configuredHash: string,
  ) {}

  /** The hash a typed PIN is checked against. */
  hash(): string {
    if (this.configuredHash !== DEV_PIN_HASH) return this.configuredHash;
    const stored = this.db.prepare<[], { pin_hash: string }>('SELECT pin_hash FROM maintenance_pin WHERE id = 1').get();
    return stored?.pin_hash ?? DEV_PIN_HASH;
  }

  /** Whether maintenance still opens with the shipped PIN, which must be replaced first. */
  isShipped(): boolean {
    return this.hash() === DEV_PIN_HASH;
  }

  /** Why `pin` cannot replace the shipped one, if it cannot. */
  async problemWith(pin: string): Promise<NewPinProblem | undefined> {
    if (!PIN_PATTERN.test(pin)) return 'not-a-pin';
    if (await verifyPin(pin, DEV_PIN_HASH)) return 'shipped-pin';
    return undefined;
  }

  async replace(pin: string, at: Date): Promise<void> {
    const hash = await hashPin(pin);
    this.db
      .prepare('INSERT INTO maintenance_pin (id, pin_hash, changed_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET pin_hash = excluded.pin_hash, changed_at = excluded.changed_at')
      .run(hash, at.toISOString());
  }
}
