/** The printed fields of a licence, written in the transaction (centre/registry/registry.ts). */
import type { PoolClient } from 'pg';
import type { PrintedLicenceFields } from '../../protocol/centre-licence-check';

export async function recordPrintedFields(client: PoolClient, creditCode: string, printed: PrintedLicenceFields): Promise<void> {
  await client.query(
    `INSERT INTO licence_printed_fields (credit_code, type, composition_form, premises_address, business_scope, permit_scope, registration_date, authority_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (credit_code) DO NOTHING`,
    [creditCode, printed.type, printed.compositionForm, printed.premisesAddress, printed.businessScope, printed.permitScope, printed.registrationDate, printed.authorityName],
  );
}
