/**
 * The centre's side of the sync: a kiosk's batch applied in ONE transaction through an
 * inbox keyed (kiosk_id, sequence). A record whose key is already in the inbox is
 * skipped, so a batch delivered twice (its answer lost, or sent to two centre processes
 * at once: the second waits on the first's inbox rows) applies once; a batch whose
 * transaction does not commit (the centre killed, PostgreSQL gone) leaves nothing and is
 * sent again. The answer is the kiosk's watermark: the highest sequence held.
 *
 * The inbox only stores records (decisions, ratings, print outcomes, session ends, the
 * audit head, licences and deregistrations as recorded); it never changes the registry's
 * state, which only /v1/issue and /v1/deregister do. Personal data arrives sealed to the
 * centre's key; it is opened here and kept sealed by the centre's ID-number vault.
 */
import type { KeyObject } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { personalDataContext, SealedPersonalData, type SyncAnswer, type SyncRecord } from '../../protocol/centre-sync';
import { open, SealError } from '../../protocol/sealed-data';
import { RefusedError } from '../http/refusals';
import type { IdNumberVault } from '../id-number-vault';

type Of<K extends SyncRecord['kind']> = Extract<SyncRecord, { kind: K }>;

export class SyncInbox {
  constructor(
    private readonly pool: Pool,
    private readonly vault: IdNumberVault,
    private readonly sealingKey: KeyObject,
  ) {}

  async apply(kioskId: string, records: readonly SyncRecord[]): Promise<SyncAnswer> {
    // Opened before the transaction: a value that does not open refuses the whole batch, which the kiosk keeps.
    const personal = records.map((record) => this.personalData(kioskId, record));
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      let applied = 0;
      for (const [i, record] of records.entries()) {
        const { rowCount } = await client.query('INSERT INTO centre_sync_inbox (kiosk_id, sequence, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [kioskId, record.sequence, record.kind]);
        if (rowCount !== 1) continue;
        await this.store(client, kioskId, record, personal[i] ?? null);
        applied += 1;
      }
      const last = records[records.length - 1]?.sequence ?? 0;
      const { rows } = await client.query<{ watermark: string }>(
        `INSERT INTO centre_sync_watermarks (kiosk_id, watermark) VALUES ($1, $2)
         ON CONFLICT (kiosk_id) DO UPDATE SET watermark = GREATEST(centre_sync_watermarks.watermark, EXCLUDED.watermark), updated_at = now()
         RETURNING watermark`,
        [kioskId, last],
      );
      await client.query('COMMIT');
      return { watermark: Number(rows[0]!.watermark), applied };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private personalData(kioskId: string, record: SyncRecord): SealedPersonalData | null {
    if ((record.kind !== 'licence' && record.kind !== 'deregistration') || record.personal === null) return null;
    try {
      const parsed = SealedPersonalData.safeParse(JSON.parse(open(this.sealingKey, record.personal, personalDataContext(kioskId, record.applicationId))));
      if (parsed.success) return parsed.data;
    } catch (error) {
      if (!(error instanceof SealError) && !(error instanceof SyntaxError)) throw error;
      throw new RefusedError('sealed-unreadable', `record ${record.sequence}: ${(error as Error).message}`);
    }
    throw new RefusedError('sealed-unreadable', `record ${record.sequence}: the sealed personal data is not an operator`);
  }

  private async store(client: PoolClient, kioskId: string, record: SyncRecord, personal: SealedPersonalData | null): Promise<void> {
    const key = [kioskId, record.sequence];
    const sealed = personal ? [personal.operatorName, this.vault.lookup(personal.idNumber), this.vault.seal(personal.idNumber)] : [null, null, null];
    switch (record.kind) {
      case 'decision':
        return void (await client.query(
          `INSERT INTO centre_decisions (kiosk_id, sequence, application_id, service, outcome, reasons, rule_set_version, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [...key, record.applicationId, record.service, record.outcome, record.reasons, record.ruleSetVersion, record.decidedAt],
        ));
      case 'rating':
        return void (await client.query('INSERT INTO centre_ratings (kiosk_id, sequence, score, rated_at) VALUES ($1, $2, $3, $4)', [...key, record.score, record.ratedAt]));
      case 'session-end':
        return void (await client.query(
          `INSERT INTO centre_session_ends (kiosk_id, sequence, service, last_step, end_reason, card_to_licence_ms, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [...key, record.service, record.lastStep, record.endReason, record.cardToLicenceMs, record.endedAt],
        ));
      case 'print-outcome':
        return void (await client.query('INSERT INTO centre_print_outcomes (kiosk_id, sequence, credit_code, document, outcome, at) VALUES ($1, $2, $3, $4, $5, $6)', [
          ...key,
          record.creditCode,
          record.document,
          record.outcome,
          record.at,
        ]));
      case 'audit-head':
        return this.auditHead(client, kioskId, record);
      case 'licence':
        return void (await client.query(
          `INSERT INTO centre_licence_records (kiosk_id, sequence, application_id, credit_code, full_name, house_code, premises_address, composition_form,
             registration_date, issued_at, operator_name, id_number_hmac, id_number_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [...key, record.applicationId, record.creditCode, record.fullName, record.houseCode, record.premisesAddress, record.compositionForm, record.registrationDate, record.issuedAt, ...sealed],
        ));
      case 'deregistration':
        return void (await client.query(
          `INSERT INTO centre_deregistration_records (kiosk_id, sequence, application_id, credit_code, deregistered_at, operator_name, id_number_hmac, id_number_sealed)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [...key, record.applicationId, record.creditCode, record.deregisteredAt, ...sealed],
        ));
    }
  }

  /** Only a newer head replaces the one held (two centre processes may apply batches of one kiosk out of order). */
  private async auditHead(client: PoolClient, kioskId: string, record: Of<'audit-head'>): Promise<void> {
    await client.query(
      `INSERT INTO centre_audit_heads (kiosk_id, sequence, head_hash, at, audit_seq) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kiosk_id) DO UPDATE SET sequence = EXCLUDED.sequence, head_hash = EXCLUDED.head_hash, at = EXCLUDED.at, audit_seq = EXCLUDED.audit_seq
       WHERE centre_audit_heads.sequence < EXCLUDED.sequence`,
      [kioskId, record.sequence, record.headHash, record.at, record.auditSeq],
    );
  }
}
