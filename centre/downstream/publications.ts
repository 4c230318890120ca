/**
 * What the authority publishes through the centre for every kiosk to pull: rule sets
 * (signed by the publisher; the centre keeps the exact bytes and the signature and
 * relays both, the kiosk checks them against its update key), address-base deltas
 * (rows of the address CSV, applied by the kiosk in publication order) and the
 * restricted list (its ID numbers sealed like operators'). Each publication gets the
 * next sequence number; a kiosk asks with the one it has.
 */
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { PublishedFile, RestrictedListPullAnswer } from '../../protocol/centre-downstream';
import { RuleSetSchema } from '../../rules/approval/rule-set';
import { parseRestrictedList } from '../../rules/restricted-list';
import type { IdNumberVault } from '../id-number-vault';
import { Rollouts } from './rollouts';

export class PublicationError extends Error {}

export interface Published {
  sequence: number;
  version: string;
  sha256: string;
  /** False when exactly this content was already published under this version. */
  fresh: boolean;
}

interface FileRow {
  sequence: string;
  version: string;
  sha256: string;
  content: string;
  signature: string | null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class Publications {
  constructor(
    private readonly pool: Pool,
    private readonly vault: IdNumberVault,
    readonly rollouts: Rollouts = new Rollouts(pool),
  ) {}

  /** A rule set with the publisher's signature (base64); refused unless it is a valid rule set. */
  async publishRuleSet(content: string, signature: string): Promise<Published & { service: string }> {
    let raw: unknown;
    try {
      raw = JSON.parse(content);
    } catch (error) {
      throw new PublicationError(`the rule set is not JSON: ${(error as Error).message}`);
    }
    const parsed = RuleSetSchema.safeParse(raw);
    if (!parsed.success) throw new PublicationError(`the rule set is not valid: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { service, version } = parsed.data;
    const hash = sha256(content);
    const inserted = await this.pool.query<{ sequence: string }>(
      `INSERT INTO rule_set_versions (service, version, sha256, content, signature) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (service, version) DO NOTHING RETURNING sequence`,
      [service, version, hash, content, signature],
    );
    if (inserted.rows[0]) {
      await this.rollouts.start(service, version);
      return { service, version, sha256: hash, sequence: Number(inserted.rows[0].sequence), fresh: true };
    }
    const { rows } = await this.pool.query<{ sequence: string; sha256: string }>('SELECT sequence, sha256 FROM rule_set_versions WHERE service = $1 AND version = $2', [service, version]);
    if (rows[0]!.sha256 !== hash) throw new PublicationError(`${service} rule set version ${version} is already published with other content: give the new one a new version`);
    return { service, version, sha256: hash, sequence: Number(rows[0]!.sequence), fresh: false };
  }

  /** Address CSV rows (the import's columns) that change or add rooms, applied after the deltas before them. */
  async publishAddressDelta(content: string, version: string, signature: string | null): Promise<Published> {
    const rows = content.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1;
    if (rows < 1) throw new PublicationError('the address delta has no rows below its header');
    const hash = sha256(content);
    const inserted = await this.pool.query<{ sequence: string }>(
      `INSERT INTO address_base_versions (version, sha256, rooms, base_version, content, signature)
       VALUES ($1, $2, $3, (SELECT version FROM address_base_versions ORDER BY sequence DESC LIMIT 1), $4, $5)
       ON CONFLICT (version) DO NOTHING RETURNING sequence`,
      [version, hash, rows, content, signature],
    );
    if (inserted.rows[0]) return { version, sha256: hash, sequence: Number(inserted.rows[0].sequence), fresh: true };
    const { rows: found } = await this.pool.query<{ sequence: string; sha256: string }>('SELECT sequence, sha256 FROM address_base_versions WHERE version = $1', [version]);
    if (found[0]!.sha256 !== hash) throw new PublicationError(`address delta ${version} is already published with other content`);
    return { version, sha256: hash, sequence: Number(found[0]!.sequence), fresh: false };
  }

  /** The whole list as text (one ID number per line); a mistyped number refuses the file. */
  async publishRestrictedList(text: string, source: string): Promise<Published> {
    let numbers: string[];
    try {
      numbers = [...new Set(parseRestrictedList(text, source))].sort();
    } catch (error) {
      throw new PublicationError((error as Error).message);
    }
    const hash = sha256(numbers.join('\n'));
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE restricted_list_versions IN EXCLUSIVE MODE');
      const { rows } = await client.query<{ version: number; sha256: string }>('SELECT version, sha256 FROM restricted_list_versions ORDER BY version DESC LIMIT 1');
      if (rows[0]?.sha256 === hash) {
        await client.query('ROLLBACK');
        return { sequence: rows[0].version, version: String(rows[0].version), sha256: hash, fresh: false };
      }
      const version = (rows[0]?.version ?? 0) + 1;
      await client.query('INSERT INTO restricted_list_versions (version, sha256, entries) VALUES ($1, $2, $3)', [version, hash, numbers.length]);
      for (const number of numbers) {
        await client.query('INSERT INTO restricted_list_entries (version, id_number_hmac, id_number_sealed) VALUES ($1, $2, $3)', [version, this.vault.lookup(number), this.vault.seal(number)]);
      }
      await client.query('COMMIT');
      return { sequence: version, version: String(version), sha256: hash, fresh: true };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The newest rule set of the service that has reached the kiosk's ring, if it is newer than `have`. */
  async ruleSetAfter(service: string, have: number, kioskId: string): Promise<PublishedFile | null> {
    await this.rollouts.advance(service);
    const { rows } = await this.pool.query<FileRow>(
      `SELECT v.sequence, v.version, v.sha256, v.content, v.signature
         FROM rule_set_versions v LEFT JOIN rule_set_rollouts r ON r.service = v.service AND r.version = v.version
        WHERE v.service = $1 AND v.sequence > $2
          AND (r.stage IS NULL OR r.stage = 'all' OR (r.stage = 'canary' AND EXISTS (SELECT 1 FROM kiosk_rings WHERE kiosk_id = $3)))
        ORDER BY v.sequence DESC LIMIT 1`,
      [service, have, kioskId],
    );
    return rows[0] ? toFile(rows[0]) : null;
  }

  /** The first delta after `have`: deltas apply one after the other. */
  async addressDeltaAfter(have: number): Promise<PublishedFile | null> {
    const { rows } = await this.pool.query<FileRow>('SELECT sequence, version, sha256, content, signature FROM address_base_versions WHERE sequence > $1 ORDER BY sequence LIMIT 1', [have]);
    return rows[0] ? toFile(rows[0]) : null;
  }

  async restrictedListAfter(have: number): Promise<RestrictedListPullAnswer['update']> {
    const { rows } = await this.pool.query<{ version: number; sha256: string }>('SELECT version, sha256 FROM restricted_list_versions WHERE version > $1 ORDER BY version DESC LIMIT 1', [have]);
    const newest = rows[0];
    if (!newest) return null;
    const entries = await this.pool.query<{ id_number_sealed: Buffer }>('SELECT id_number_sealed FROM restricted_list_entries WHERE version = $1', [newest.version]);
    return { sequence: newest.version, sha256: newest.sha256, idNumbers: entries.rows.map((row) => this.vault.open(row.id_number_sealed)).sort() };
  }
}

function toFile(row: FileRow): PublishedFile {
  return { sequence: Number(row.sequence), version: row.version, sha256: row.sha256, content: row.content, signature: row.signature };
}
