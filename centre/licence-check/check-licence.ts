/**
 * The public check of a licence's QR payload: its signature against the issuing
 * kiosk's enrolled key (the key a kiosk enrols with is the one it signs licences with),
 * then the registry's status and the licence's public fields. A payload that does not
 * verify shows nothing from the registry.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Pool } from 'pg';
import type { LicenceCheckAnswer, PayloadProblem, PublicLicence, RegistryStatus } from '../../protocol/centre-licence-check';
import { checkStatementSignature, parseStatement, type LicenceStatement } from '../../protocol/licence-statement';
import { reviewFlagOf } from './review-flag';

/** The HTTP status of each answer: a payload that does not verify is a client error. */
export const CHECK_STATUS: Record<'valid' | PayloadProblem, number> = { valid: 200, malformed: 400, 'unknown-key': 404, 'bad-signature': 422 };

export async function checkLicencePayload(pool: Pool, payload: string): Promise<{ status: number; answer: LicenceCheckAnswer }> {
  const parsed = parseStatement(payload);
  const keyring = new Map<string, KeyObject>();
  if (parsed.ok) {
    const key = await enrolledKey(pool, parsed.statement.kioskId, parsed.statement.keyId);
    if (key) keyring.set(parsed.statement.keyId, key);
  }
  const check = checkStatementSignature(payload, keyring);
  if (!check.valid) {
    // 'licence-differs' needs a licence to compare with, which this check never passes.
    const problem = check.problem === 'licence-differs' ? 'bad-signature' : check.problem;
    return { status: CHECK_STATUS[problem], answer: { signature: 'invalid', problem } };
  }
  const { registry, licence } = await publicLicence(pool, check.statement);
  return { status: CHECK_STATUS.valid, answer: { signature: 'valid', registry, licence, reviewFlag: registry === 'unknown' ? null : await reviewFlagOf(pool, licence.creditCode) } };
}

async function enrolledKey(pool: Pool, kioskId: string, keyId: string): Promise<KeyObject | undefined> {
  const { rows } = await pool.query<{ public_key: string }>('SELECT public_key FROM kiosk_keys WHERE kiosk_id = $1 AND key_id = $2', [kioskId, keyId]);
  return rows[0] ? createPublicKey(rows[0].public_key) : undefined;
}

interface LicenceRow {
  status: 'active' | 'deregistered';
  operator_name: string;
  deregistered_on: string | null;
  type: string | null;
  composition_form: string | null;
  premises_address: string | null;
  business_scope: string[] | null;
  permit_scope: string[] | null;
  authority_name: string | null;
}

/** The registry's licence of the statement: only when the same kiosk issued that credit code. */
async function publicLicence(pool: Pool, statement: LicenceStatement): Promise<{ registry: RegistryStatus; licence: PublicLicence }> {
  const { rows } = await pool.query<LicenceRow>(
    `SELECT l.status, o.name AS operator_name, to_char(l.deregistered_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS deregistered_on,
            p.type, p.composition_form, p.premises_address, p.business_scope, p.permit_scope, p.authority_name
       FROM licences l JOIN operators o ON o.id = l.operator_id LEFT JOIN licence_printed_fields p ON p.credit_code = l.credit_code
      WHERE l.credit_code = $1 AND l.kiosk_id = $2`,
    [statement.creditCode, statement.kioskId],
  );
  const row = rows[0];
  const fromStatement = { creditCode: statement.creditCode, name: statement.name, registrationDate: statement.registrationDate };
  if (!row) {
    const none = { type: null, operatorName: null, compositionForm: null, premisesAddress: null, businessScope: null, permitScope: null, authorityName: null, deregisteredOn: null };
    return { registry: 'unknown', licence: { ...fromStatement, ...none } };
  }
  return {
    registry: row.status,
    licence: {
      ...fromStatement,
      type: row.type,
      operatorName: row.operator_name,
      compositionForm: row.composition_form,
      premisesAddress: row.premises_address,
      businessScope: row.business_scope,
      permitScope: row.permit_scope,
      authorityName: row.authority_name,
      deregisteredOn: row.deregistered_on,
    },
  };
}
