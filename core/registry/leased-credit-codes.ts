/**
 * Credit codes from blocks the centre leased to this kiosk (a kiosk with `centre` in its
 * configuration). A code is handed out only from a lease the kiosk holds and that has
 * not lapsed, oldest block first; its serial is bumped inside the transaction that
 * records the licence, as the configured block's is. With no such lease left (the centre
 * unreachable for longer than the kiosk's spare block lasts) allocation fails with
 * NoCreditCodeLeaseError and the applicant is referred to the counter: never a code
 * outside a lease.
 */
import type { CreditCodeLease } from '../../protocol/centre-downstream';
import type { KioskDatabase } from '../storage/database';
import { creditCodeOf, type CreditCodeBlockStatus, type CreditCodeSource } from './credit-code-allocator';

export class NoCreditCodeLeaseError extends Error {
  readonly code = 'no-credit-code-lease';

  constructor(readonly region: string) {
    super(`no credit-code block leased from the centre has codes left (region ${region}); the kiosk renews its leases when it reaches the centre`);
    this.name = 'NoCreditCodeLeaseError';
  }
}

interface LeaseRow {
  id: number;
  region: string;
  prefix: string;
  first_serial: number;
  last_serial: number;
  next_serial: number;
  expires_at: string;
}

export class LeasedCreditCodes implements CreditCodeSource {
  private readonly sql;

  constructor(
    private readonly db: KioskDatabase,
    readonly region: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.sql = {
      usable: db.prepare<[string, string], LeaseRow>(
        `SELECT * FROM credit_code_leases WHERE region = ? AND next_serial <= last_serial AND expires_at > ? ORDER BY id`,
      ),
      bump: db.prepare<[number], { serial: number }>(
        'UPDATE credit_code_leases SET next_serial = next_serial + 1 WHERE id = ? AND next_serial <= last_serial RETURNING next_serial - 1 AS serial',
      ),
      known: db.prepare<[number], number>('SELECT 1 FROM credit_code_leases WHERE id = ?').pluck(),
      usedUp: db.prepare<[string], number>('SELECT id FROM credit_code_leases WHERE region = ? AND next_serial > last_serial ORDER BY id').pluck(),
      store: db.prepare(
        `INSERT INTO credit_code_leases (id, region, prefix, first_serial, last_serial, next_serial, expires_at, received_at)
         VALUES (@id, @region, @prefix, @firstSerial, @lastSerial, @firstSerial, @expiresAt, @receivedAt)
         ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at
           WHERE region = excluded.region AND prefix = excluded.prefix AND first_serial = excluded.first_serial AND last_serial = excluded.last_serial`,
      ),
    };
  }

  allocate(): string {
    if (!this.db.inTransaction) throw new Error('allocate a credit code inside the transaction that records the licence');
    const lease = this.sql.usable.get(this.region, this.now().toISOString());
    if (!lease) throw new NoCreditCodeLeaseError(this.region);
    const bumped = this.sql.bump.get(lease.id);
    if (!bumped) throw new NoCreditCodeLeaseError(this.region);
    return creditCodeOf(this.region, lease.prefix, bumped.serial);
  }

  /** The block in use, with the codes left in every usable lease. */
  status(): CreditCodeBlockStatus {
    const usable = this.sql.usable.all(this.region, this.now().toISOString());
    const remaining = this.remaining();
    const current = usable[0];
    if (!current) return { region: this.region, prefix: '--', start: 0, end: -1, next: 0, remaining: 0 };
    return { region: this.region, prefix: current.prefix, start: current.first_serial, end: current.last_serial, next: current.next_serial, remaining };
  }

  /** Codes left in every lease that has not lapsed. */
  remaining(): number {
    return this.sql.usable.all(this.region, this.now().toISOString()).reduce((sum, lease) => sum + lease.last_serial - lease.next_serial + 1, 0);
  }

  /** The leases used up, to tell the centre so it retires them. */
  usedUp(): number[] {
    return this.sql.usedUp.all(this.region);
  }

  /**
   * Keeps what the centre answered: new leases as they are, known ones with their
   * renewed term (a lease the kiosk knows is never widened or moved). Returns how many
   * were new.
   */
  store(leases: readonly CreditCodeLease[]): number {
    const receivedAt = this.now().toISOString();
    let added = 0;
    this.db
      .transaction(() => {
        for (const lease of leases.filter((l) => l.region === this.region)) {
          const known = this.sql.known.get(lease.id) !== undefined;
          // Compared as text with the clock's ISO instants: one form for both.
          this.sql.store.run({ ...lease, expiresAt: new Date(lease.expiresAt).toISOString(), receivedAt });
          if (!known) added += 1;
        }
      })
      .immediate();
    return added;
  }
}
