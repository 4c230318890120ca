/**
 * The city's registry: the facts a kiosk needs before deciding, the leases that keep
 * a name and a place at an address for the application being decided, and the issue
 * that turns them into a licence. Each call is one transaction that first takes
 * transaction-scoped advisory locks on the name and the house code (always in that
 * order, so two calls cannot deadlock): however many centre processes answer, two
 * applications for one name are serialised and only the first gets the lease. The
 * locks, checks and holds are SQL functions (registry-functions.ts), so that the
 * busiest call, a registration's facts, is one round trip.
 */
import type { Pool, PoolClient } from 'pg';
import type {
  DeregisterAnswer,
  DeregisterRequest,
  DeregistrationFactsAnswer,
  FactsRequest,
  IssueAnswer,
  IssueRequest,
  NameKey,
  RegistrationFactsAnswer,
} from '../../protocol/centre';
import { RefusedError, refusalOf } from '../http/refusals';
import type { IdNumberVault } from '../id-number-vault';
import { recordPrintedFields } from '../licence-check/printed-fields';
import { inTransaction } from '../postgres/transaction';

type RegistrationFactsRequest = Extract<FactsRequest, { service: 'registration' }>;
type DeregistrationFactsRequest = Extract<FactsRequest, { service: 'deregistration' }>;

interface Applicant {
  kioskId: string;
  applicationId: string;
}

export class CentreRegistry {
  constructor(
    private readonly pool: Pool,
    private readonly vault: IdNumberVault,
    private readonly leaseMs: number,
  ) {}

  /** One statement, its own transaction: the locks, checks and leases are registration_facts (registry-functions.ts). */
  async registrationFacts(kioskId: string, request: RegistrationFactsRequest): Promise<RegistrationFactsAnswer> {
    const { rows } = await this.pool.query<{ name_taken: boolean; places_taken: number; lease_until: Date | null; restricted_list_version: number | null }>(
      'SELECT * FROM registration_facts($1, $2, $3, $4, $5, $6, $7, $8)',
      [kioskId, request.applicationId, request.districtCode, request.name?.tradeName ?? null, request.name?.industry ?? null, request.houseCode, request.maxBusinessesAtAddress, this.leaseMs / 1000],
    );
    const facts = rows[0]!;
    return {
      service: 'registration',
      restrictedListVersion: versionName(facts.restricted_list_version),
      nameTaken: facts.name_taken,
      activeBusinessesAtAddress: facts.places_taken,
      lease: facts.lease_until ? { applicationId: request.applicationId, expiresAt: facts.lease_until.toISOString() } : null,
    };
  }

  async deregistrationFacts(_kioskId: string, request: DeregistrationFactsRequest): Promise<DeregistrationFactsAnswer> {
    const { rows } = await this.pool.query<{
      credit_code: string;
      full_name: string | null;
      kiosk_id: string;
      house_code: string;
      operator_name: string;
      issued_at: Date;
      premises_address: string | null;
      composition_form: string | null;
    }>(
      `SELECT l.credit_code, l.full_name, l.kiosk_id, l.house_code, o.name AS operator_name, l.issued_at, l.premises_address, l.composition_form
       FROM licences l JOIN operators o ON o.id = l.operator_id
       WHERE o.id_number_hmac = $1 AND l.status = 'active' ORDER BY l.issued_at`,
      [this.vault.lookup(request.idNumber)],
    );
    return {
      service: 'deregistration',
      restrictedListVersion: await restrictedListVersion(this.pool),
      activeLicences: rows.map((r) => ({
        creditCode: r.credit_code,
        name: r.full_name,
        kioskId: r.kiosk_id,
        houseCode: r.house_code,
        operatorName: r.operator_name,
        issuedAt: r.issued_at.toISOString(),
        premisesAddress: r.premises_address,
        compositionForm: r.composition_form,
      })),
    };
  }

  /**
   * The deregistration, in the step that decides it: only the licence's own operator,
   * only an active licence; its name and its place at the address are freed. The same
   * application again answers the same.
   */
  async deregister(kioskId: string, request: DeregisterRequest): Promise<DeregisterAnswer> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ status: string; operator_hmac: Buffer; district_code: string; trade_name: string | null; industry: string | null; house_code: string }>(
        `SELECT l.status, o.id_number_hmac AS operator_hmac, l.district_code, l.trade_name, l.industry, l.house_code
         FROM licences l JOIN operators o ON o.id = l.operator_id WHERE l.credit_code = $1`,
        [request.creditCode],
      );
      const licence = rows[0];
      if (!licence || !licence.operator_hmac.equals(this.vault.lookup(request.operatorIdNumber))) throw new RefusedError('licence-not-found');
      const name = licence.trade_name && licence.industry ? { tradeName: licence.trade_name, industry: licence.industry } : null;
      await lockNameAndAddress(client, licence.district_code, name, licence.house_code);
      const done = await client.query<{ application_id: string; kiosk_id: string }>('SELECT application_id, kiosk_id FROM deregistrations WHERE credit_code = $1', [request.creditCode]);
      const earlier = done.rows[0];
      if (earlier) {
        if (earlier.application_id === request.applicationId && earlier.kiosk_id === kioskId) return { creditCode: request.creditCode, status: 'deregistered' };
        throw new RefusedError('licence-not-active');
      }
      await client.query(`UPDATE licences SET status = 'deregistered', deregistered_at = $2 WHERE credit_code = $1`, [request.creditCode, request.deregisteredAt]);
      await client.query('INSERT INTO deregistrations (application_id, credit_code, kiosk_id, deregistered_at) VALUES ($1, $2, $3, $4)', [request.applicationId, request.creditCode, kioskId, request.deregisteredAt]);
      await client.query('DELETE FROM name_occupancy WHERE credit_code = $1', [request.creditCode]);
      await client.query('DELETE FROM address_occupancy WHERE credit_code = $1', [request.creditCode]);
      return { creditCode: request.creditCode, status: 'deregistered' };
    });
  }

  /**
   * The licence, in the step that issues it. The application's leases become the
   * licence's for good; a lease that expired still counts if nobody took the name or
   * the place meanwhile. Issuing the same application again answers the same.
   */
  async issue(kioskId: string, request: IssueRequest): Promise<IssueAnswer> {
    const me = { kioskId, applicationId: request.applicationId };
    return inTransaction(this.pool, async (client) => {
      await lockNameAndAddress(client, request.districtCode, request.name, request.houseCode);
      const opened = await openCase(client, me);
      if (opened) return conflictAnswer(request.creditCode, opened);
      const existing = await client.query<{ application_id: string; kiosk_id: string }>('SELECT application_id, kiosk_id FROM licences WHERE credit_code = $1', [request.creditCode]);
      const found = existing.rows[0];
      let conflict: Conflict | null = null;
      if (found) {
        if (found.application_id === me.applicationId && found.kiosk_id === kioskId) return { creditCode: request.creditCode, status: 'active' };
        conflict = 'credit-code';
      } else if (request.name && (await nameHeldByOther(client, request.districtCode, request.name, me))) conflict = 'name';
      else if ((await placesTakenByOthers(client, request.houseCode, me)) >= request.maxBusinessesAtAddress) conflict = 'address';
      const operatorId = await this.operator(client, request.operatorIdNumber, request.operatorName);
      if (conflict) {
        // Online, the kiosk has printed nothing yet: a plain no. A provisional licence is on paper already: staff decide.
        if (!request.provisional) throw conflict === 'credit-code' ? new RefusedError('already-issued') : new RefusedError('lease-lost', conflict);
        return conflictAnswer(request.creditCode, await recordCase(client, me, request, operatorId, conflict));
      }
      await client.query(
        `INSERT INTO licences (credit_code, application_id, kiosk_id, operator_id, full_name, district_code, trade_name, industry, house_code, status, issued_at,
           provisional, premises_address, composition_form)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, $11, $12, $13)`,
        [request.creditCode, request.applicationId, kioskId, operatorId, request.fullName, request.districtCode, request.name?.tradeName ?? null, request.name?.industry ?? null, request.houseCode, request.issuedAt,
          request.provisional ?? false, request.printed?.premisesAddress ?? request.premisesAddress ?? null, request.printed?.compositionForm ?? request.compositionForm ?? null],
      );
      await takeNameAndPlace(client, request, me);
      if (request.printed) await recordPrintedFields(client, request.creditCode, request.printed);
      return { creditCode: request.creditCode, status: 'active' };
    });
  }

  /** The operator's row, found by the keyed hash of the ID number; created sealed if new. */
  private async operator(client: PoolClient, idNumber: string, name: string): Promise<string> {
    const lookup = this.vault.lookup(idNumber);
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO operators (id_number_hmac, id_number_sealed, name) VALUES ($1, $2, $3)
       ON CONFLICT (id_number_hmac) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [lookup, this.vault.seal(idNumber), name],
    );
    return rows[0]!.id;
  }

}

type Conflict = 'name' | 'address' | 'credit-code';

interface OpenedCase {
  id: string;
  conflict: Conflict;
}

async function openCase(client: PoolClient, me: Applicant): Promise<OpenedCase | undefined> {
  const { rows } = await client.query<OpenedCase>('SELECT id::text AS id, conflict FROM cases WHERE kiosk_id = $1 AND application_id = $2', [me.kioskId, me.applicationId]);
  return rows[0];
}

async function recordCase(client: PoolClient, me: Applicant, request: IssueRequest, operatorId: string, conflict: Conflict): Promise<OpenedCase> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO cases (kind, kiosk_id, application_id, credit_code, conflict, district_code, trade_name, industry, house_code, full_name, operator_id, issued_at)
     VALUES ('provisional-conflict', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::text AS id`,
    [me.kioskId, me.applicationId, request.creditCode, conflict, request.districtCode, request.name?.tradeName ?? null, request.name?.industry ?? null, request.houseCode, request.fullName, operatorId, request.issuedAt],
  );
  return { id: rows[0]!.id, conflict };
}

function conflictAnswer(creditCode: string, opened: OpenedCase): IssueAnswer {
  const reason = refusalOf(opened.conflict === 'credit-code' ? 'already-issued' : 'lease-lost').body;
  return { creditCode, status: 'conflict', caseId: opened.id, reason };
}

/** The SQL functions of migration 16 (registry-functions.ts), inside the caller's transaction. */
async function lockNameAndAddress(client: PoolClient, districtCode: string, name: NameKey | null, houseCode: string): Promise<void> {
  await client.query('SELECT lock_name_and_address($1, $2, $3, $4)', [districtCode, name?.tradeName ?? null, name?.industry ?? null, houseCode]);
}

async function nameHeldByOther(client: PoolClient, districtCode: string, name: NameKey, me: Applicant): Promise<boolean> {
  const { rows } = await client.query<{ held: boolean }>('SELECT name_held_by_other($1, $2, $3, $4, $5) AS held', [districtCode, name.tradeName, name.industry, me.applicationId, me.kioskId]);
  return rows[0]!.held;
}

async function placesTakenByOthers(client: PoolClient, houseCode: string, me: Applicant): Promise<number> {
  const { rows } = await client.query<{ places: number }>('SELECT places_taken_by_others($1, $2, $3) AS places', [houseCode, me.applicationId, me.kioskId]);
  return rows[0]!.places;
}

/** The name and a place at the house code, for good: the issued licence's. */
async function takeNameAndPlace(client: PoolClient, request: IssueRequest, me: Applicant): Promise<void> {
  const { districtCode, name, houseCode, creditCode } = request;
  if (name) await client.query('SELECT take_name($1, $2, $3, $4, $5, NULL, $6)', [districtCode, name.tradeName, name.industry, me.applicationId, me.kioskId, creditCode]);
  await client.query('SELECT take_place($1, $2, $3, NULL, $4)', [houseCode, me.applicationId, me.kioskId, creditCode]);
}

async function restrictedListVersion(db: Pick<Pool, 'query'>): Promise<string> {
  const { rows } = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM restricted_list_versions');
  return versionName(rows[0]?.version ?? null);
}

/** 'none' until the centre publishes a restricted list. */
function versionName(version: number | null): string {
  return version === null ? 'none' : String(version);
}
