/**
 * What this kiosk owes the centre: one row per application approved with a centre
 * configured (SQLite migration 13). Online, the row is written before the centre is
 * asked to confirm and holds the approval not yet recorded (the licence is recorded
 * only once confirmed); provisional (the centre was unreachable), the licence is
 * recorded and printed already and the row waits for the centre's answer, retried in
 * the background. The request holds the applicant's ID number: it waits sealed
 * (AES-256-GCM under a key derived from the kiosk's ID lookup key, which never leaves
 * the kiosk) and is cleared as soon as the centre has answered.
 */
import { hkdfSync } from 'node:crypto';
import { openText, sealText } from '../../protocol/sealed-text';
import type { DecisionInput } from '../registry/registry';
import type { KioskDatabase } from '../storage/database';

export type ConfirmationKind = 'issue' | 'deregister';
export type ConfirmationState = 'pending' | 'confirmed' | 'refused' | 'conflict';

export interface Confirmation {
  applicationId: string;
  kind: ConfirmationKind;
  creditCode: string;
  state: ConfirmationState;
  provisional: boolean;
  caseId: string | null;
  reason: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PendingConfirmation {
  applicationId: string;
  kind: ConfirmationKind;
  creditCode: string;
  provisional: boolean;
  request: unknown;
  /** Online: the approval to record once the centre confirmed it. Null when provisional. */
  decision: DecisionInput | null;
}

interface Row {
  application_id: string;
  kind: ConfirmationKind;
  credit_code: string;
  state: ConfirmationState;
  provisional: number;
  request_sealed: Buffer | null;
  decision: string | null;
  case_id: string | null;
  reason: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

const AAD = Buffer.from('miaopi-kiosk centre request v1');

export class CentreConfirmations {
  private readonly key: Buffer;
  private readonly sql;

  constructor(
    private readonly db: KioskDatabase,
    idLookupKey: Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = Buffer.from(hkdfSync('sha256', idLookupKey, Buffer.alloc(0), 'centre pending request', 32));
    this.sql = {
      insert: db.prepare(
        `INSERT INTO centre_confirmations (application_id, kind, credit_code, state, provisional, request_sealed, decision, created_at, updated_at)
         VALUES (@application_id, @kind, @credit_code, 'pending', @provisional, @request_sealed, @decision, @at, @at)`,
      ),
      get: db.prepare<[string], Row>('SELECT * FROM centre_confirmations WHERE application_id = ?'),
      pending: db.prepare<[], Row>("SELECT * FROM centre_confirmations WHERE state = 'pending' ORDER BY created_at"),
      byCreditCode: db.prepare<[string], Row>('SELECT * FROM centre_confirmations WHERE credit_code = ? ORDER BY created_at DESC LIMIT 1'),
      settle: db.prepare(
        `UPDATE centre_confirmations SET state = @state, case_id = @case_id, reason = @reason, request_sealed = NULL, decision = NULL, updated_at = @at
         WHERE application_id = @application_id AND state = 'pending'`,
      ),
      provisional: db.prepare("UPDATE centre_confirmations SET provisional = 1, decision = NULL, updated_at = ? WHERE application_id = ? AND state = 'pending'"),
      attempt: db.prepare('UPDATE centre_confirmations SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE application_id = ?'),
    };
  }

  /** Records a confirmation owed; inside the transaction that reserves its code or records its licence. */
  owe(pending: PendingConfirmation): void {
    this.sql.insert.run({
      application_id: pending.applicationId,
      kind: pending.kind,
      credit_code: pending.creditCode,
      provisional: pending.provisional ? 1 : 0,
      request_sealed: this.seal(JSON.stringify(pending.request)),
      decision: pending.decision && JSON.stringify(pending.decision),
      at: this.now().toISOString(),
    });
  }

  /** The centre could not be reached after all: the licence is recorded provisionally and the row waits. */
  markProvisional(applicationId: string): void {
    this.sql.provisional.run(this.now().toISOString(), applicationId);
  }

  /** The centre answered: the sealed request and the waiting approval are dropped. */
  settle(applicationId: string, state: Exclude<ConfirmationState, 'pending'>, details: { caseId?: string; reason?: string } = {}): void {
    this.sql.settle.run({ application_id: applicationId, state, case_id: details.caseId ?? null, reason: details.reason ?? null, at: this.now().toISOString() });
  }

  failedAttempt(applicationId: string, error: string): void {
    this.sql.attempt.run(error, this.now().toISOString(), applicationId);
  }

  get(applicationId: string): Confirmation | undefined {
    const row = this.sql.get.get(applicationId);
    return row && toConfirmation(row);
  }

  /** The latest confirmation about a licence (its issue, or its deregistration). */
  ofLicence(creditCode: string): Confirmation | undefined {
    const row = this.sql.byCreditCode.get(creditCode);
    return row && toConfirmation(row);
  }

  /** Every confirmation still owed, oldest first, with its request opened. */
  pending(): PendingConfirmation[] {
    return this.sql.pending.all().map((row) => ({
      applicationId: row.application_id,
      kind: row.kind,
      creditCode: row.credit_code,
      provisional: row.provisional === 1,
      request: JSON.parse(this.open(row.request_sealed as Buffer)) as unknown,
      decision: row.decision === null ? null : (JSON.parse(row.decision) as DecisionInput),
    }));
  }

  private seal(text: string): Buffer {
    return sealText(this.key, AAD, text);
  }

  private open(sealed: Buffer): string {
    return openText(this.key, AAD, sealed);
  }
}

function toConfirmation(row: Row): Confirmation {
  return {
    applicationId: row.application_id,
    kind: row.kind,
    creditCode: row.credit_code,
    state: row.state,
    provisional: row.provisional === 1,
    caseId: row.case_id,
    reason: row.reason,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A licence of this kiosk's registry with where it stands at the centre, for the technician's listing. */
export interface LicenceAtCentre {
  creditCode: string;
  name: string | null;
  status: string;
  kioskId: string;
  registrationDate: string;
  /** 'standalone': no confirmation owed (issued without a centre, or the copy of another kiosk's licence). */
  centre: 'standalone' | 'confirmed' | 'provisional' | 'conflict' | 'refused';
  caseId: string | null;
  reason: string | null;
}

export function licencesAtCentre(db: KioskDatabase): LicenceAtCentre[] {
  const rows = db
    .prepare<[], { credit_code: string; name: string | null; status: string; kiosk_id: string; registration_date: string; state: ConfirmationState | null; provisional: number | null; case_id: string | null; reason: string | null }>(
      `SELECT l.credit_code, l.name, l.status, l.kiosk_id, l.registration_date, c.state, c.provisional, c.case_id, c.reason
       FROM licences l LEFT JOIN centre_confirmations c ON c.application_id = l.application_id AND c.kind = 'issue'
       ORDER BY l.issued_at, l.credit_code`,
    )
    .all();
  return rows.map((row) => ({
    creditCode: row.credit_code,
    name: row.name,
    status: row.status,
    kioskId: row.kiosk_id,
    registrationDate: row.registration_date,
    centre: row.state === null ? 'standalone' : row.state === 'pending' ? 'provisional' : row.state,
    caseId: row.case_id,
    reason: row.reason,
  }));
}
