/**
 * Credit-code blocks leased to kiosks. The centre's share of a region's code space is a
 * list of 2-character prefixes, each with serials 000000-999999; block after block is
 * cut from it in order, the position kept in `credit_code_series` and advanced under
 * that row's lock, so two centre processes answering at once never cut the same block
 * (and `credit_code_block_leases` refuses a duplicate first serial besides). A block is
 * never handed out twice: one a kiosk used up, returned or let lapse stays retired.
 *
 * Every kiosk holds up to `blocksPerKiosk` blocks with serials left (one in use, one
 * spare), so it has a whole block in hand when the one it uses runs out, and can keep
 * issuing while the centre is away.
 */
import type { Pool, PoolClient } from 'pg';
import type { CreditCodeLease, CreditCodeLeaseRequest } from '../../protocol/centre-downstream';
import { CREDIT_CODE_ALPHABET } from '../../rules/credit-code';
import { RefusedError } from '../http/refusals';

const SERIALS_PER_PREFIX = 1_000_000;

export interface CreditCodeLeaseSettings {
  /** First characters of the centre's prefixes: 'C' gives C0…CY (31 prefixes of a million codes). */
  prefixLeads: string;
  /** Codes per block; divides a million, so no block straddles two prefixes. */
  blockSize: number;
  blocksPerKiosk: number;
  leaseDays: number;
}

export const DEFAULT_LEASE_SETTINGS: CreditCodeLeaseSettings = { prefixLeads: 'C', blockSize: 1000, blocksPerKiosk: 2, leaseDays: 30 };

interface LeaseRow {
  id: string;
  region: string;
  prefix: string;
  first_serial: string;
  last_serial: string;
  expires_at: Date;
}

export class CreditCodeLeases {
  private readonly prefixes: string[];

  constructor(
    private readonly pool: Pool,
    private readonly settings: CreditCodeLeaseSettings = DEFAULT_LEASE_SETTINGS,
  ) {
    if (SERIALS_PER_PREFIX % settings.blockSize !== 0) throw new RangeError(`a credit-code block of ${settings.blockSize} codes does not divide a prefix's ${SERIALS_PER_PREFIX}`);
    this.prefixes = [...settings.prefixLeads].flatMap((lead) => [...CREDIT_CODE_ALPHABET].map((second) => lead + second));
  }

  /** Retires the blocks the kiosk used up, tops it up to its quota, renews the rest; answers all it holds. */
  async lease(kioskId: string, request: CreditCodeLeaseRequest): Promise<CreditCodeLease[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One kiosk's requests one after the other: a retried request must not top it up twice.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`credit-code-leases:${kioskId}`]);
      await client.query(`UPDATE credit_code_block_leases SET returned_at = now() WHERE kiosk_id = $1 AND id = ANY($2::bigint[]) AND returned_at IS NULL`, [kioskId, request.usedUp]);
      const renewed = await client.query<LeaseRow>(
        `UPDATE credit_code_block_leases SET expires_at = now() + make_interval(days => $3)
          WHERE kiosk_id = $1 AND region = $2 AND returned_at IS NULL AND expires_at > now()
          RETURNING id, region, prefix, first_serial, last_serial, expires_at`,
        [kioskId, request.region, this.settings.leaseDays],
      );
      const held = renewed.rows;
      while (held.length < this.settings.blocksPerKiosk) held.push(await this.cutBlock(client, kioskId, request.region));
      await client.query('COMMIT');
      return held.map(toLease).sort((a, b) => a.id - b.id);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async cutBlock(client: PoolClient, kioskId: string, region: string): Promise<LeaseRow> {
    const size = this.settings.blockSize;
    await client.query('INSERT INTO credit_code_series (region) VALUES ($1) ON CONFLICT DO NOTHING', [region]);
    const { rows } = await client.query<{ next_index: string }>('SELECT next_index FROM credit_code_series WHERE region = $1 FOR UPDATE', [region]);
    const index = Number(rows[0]!.next_index);
    const prefix = this.prefixes[Math.floor(index / SERIALS_PER_PREFIX)];
    if (prefix === undefined) throw new RefusedError('credit-codes-used-up', `region ${region}: every block of prefixes ${this.settings.prefixLeads}* is leased`);
    const first = index % SERIALS_PER_PREFIX;
    await client.query('UPDATE credit_code_series SET next_index = $2 WHERE region = $1', [region, index + size]);
    const inserted = await client.query<LeaseRow>(
      `INSERT INTO credit_code_block_leases (region, prefix, first_serial, last_serial, kiosk_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6))
       RETURNING id, region, prefix, first_serial, last_serial, expires_at`,
      [region, prefix, first, first + size - 1, kioskId, this.settings.leaseDays],
    );
    return inserted.rows[0]!;
  }
}

function toLease(row: LeaseRow): CreditCodeLease {
  return {
    id: Number(row.id),
    region: row.region,
    prefix: row.prefix,
    firstSerial: Number(row.first_serial),
    lastSerial: Number(row.last_serial),
    expiresAt: row.expires_at.toISOString(),
  };
}
