/**
 * The kiosk's register of applications, decisions and licences, in the kiosk database.
 * Every change happens in one write transaction together with its audit entries; an
 * approved registration gets its credit code in that same transaction, so a licence
 * and its code commit together or not at all.
 *
 * Personal data: the operator's name is stored in clear (it is printed on the licence
 * and public); the ID number only masked and as a keyed lookup hash (see
 * id-number-lookup.ts); decisions keep the facts without anything biometric.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { DataStamp, Outcome } from '../../rules/approval/engine';
import { maskIdNumber } from '../../rules/id-number';
import type { AuditLog } from '../audit/audit-log';
import type { Outbox } from '../centre/outbox';
import { canonicalJson, type JsonValue } from '../audit/canonical-json';
import { withoutPersonalData } from '../audit/personal-data';
import type { KioskDatabase } from '../storage/database';
import { CreditCodeAllocator, CreditCodeBlockExhaustedError, type CreditCodeBlock, type CreditCodeBlockStatus, type CreditCodeSource } from './credit-code-allocator';
import { NoCreditCodeLeaseError } from './leased-credit-codes';
import { idLookupKeyFingerprint, idNumberLookupHash } from './id-number-lookup';
import { gridCodeOf, LICENCE_TYPE, toLicence, type Licence, type LicenceRow } from './licences';
import { shenzhenDate } from './local-date';
import { ApplicationRequest, type DeregistrationDetails, type RegistrationDetails } from './requests';

export interface RegistrationSettings {
  /** Region code of the registering authority, positions 3-8 of every credit code. */
  authorityRegion: string;
  /** 登记机关 as printed on the licence. */
  authorityName: string;
  creditCodeBlock: CreditCodeBlock;
}

export interface RegistryOptions {
  kioskId: string;
  registration: RegistrationSettings;
  /** The per-kiosk secret of the ID-number lookup hash. */
  idLookupKey: Buffer;
  audit: AuditLog;
  /** The centre's outbox, when a centre is configured: it keeps the operator's details sealed to the centre until decided. */
  outbox?: Pick<Outbox, 'holdPersonalData'>;
  now?: () => Date;
  /** Where codes come from; default: the configured block (registration.creditCodeBlock). */
  creditCodes?: (db: KioskDatabase) => CreditCodeSource;
}

interface ApplicationBase {
  id: string;
  /** ISO instant. */
  createdAt: string;
  kioskId: string;
  idNumberMasked: string;
  operatorName: string;
}

export type Application = ApplicationBase &
  ({ kind: 'registration'; details: RegistrationDetails } | { kind: 'deregistration'; details: DeregistrationDetails });

/** The approval engine's outcome (rules/approval/engine.ts). */
export type DecisionOutcome = Outcome;

export interface DecisionInput {
  outcome: DecisionOutcome;
  /** Version and content hash of the rule set that decided. */
  ruleSet: DataStamp;
  /** Versions and hashes of the reference data the decision rests on (catalogue, name lists, …). */
  data?: Record<string, DataStamp>;
  /** What the rules saw; stripped of biometric data and ID numbers before it is stored. */
  facts: unknown;
  /** Every rule's result, as the engine reports them. */
  reasons: readonly unknown[];
  /**
   * The credit code reserved for this application (reserveCreditCode) while the centre
   * confirmed it; without it an approval allocates the next one.
   */
  creditCode?: string;
  /** A licence issued at another kiosk, known from the centre: recorded here by the deregistration that ends it. */
  adopt?: AdoptedLicence;
  /**
   * ISO instant the licence is issued at, as the centre was told (and its printed fields
   * built for, licenceToIssue); without it, the moment it is recorded.
   */
  issuedAt?: string;
}

/** What this kiosk records of a licence issued at another kiosk, to deregister it and print the notice. */
export interface AdoptedLicence {
  creditCode: string;
  kioskId: string;
  name: string | null;
  operatorName: string;
  compositionForm: '个人经营' | '家庭经营';
  premisesAddress: string;
  houseCode: string;
  issuedAt: string;
}

export interface Decision {
  applicationId: string;
  decidedAt: string;
  outcome: DecisionOutcome;
  ruleSet: DataStamp;
  data: Record<string, DataStamp>;
  facts: JsonValue;
  reasons: JsonValue;
  /** sha256 over the canonical JSON of the decision; also written to the audit log. */
  hash: string;
}

export interface DecisionResult {
  decision: Decision;
  /** The licence issued, or deregistered, by an approval; null otherwise. */
  licence: Licence | null;
  /** True when the application had been decided before: nothing new was recorded. */
  repeated: boolean;
}

export type RegistryErrorCode = 'invalid-request' | 'unknown-application' | 'already-decided' | 'licence-not-found' | 'licence-not-active';

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

interface ApplicationRow {
  id: string;
  kind: Application['kind'];
  created_at: string;
  kiosk_id: string;
  id_number_masked: string;
  id_number_hmac: string;
  operator_name: string;
  request: string;
}

interface DecisionRow {
  application_id: string;
  decided_at: string;
  outcome: DecisionOutcome;
  rule_set_version: string;
  rule_set_hash: string;
  data_stamps: string;
  facts: string;
  reasons: string;
  hash: string;
}

export class Registry {
  private readonly allocator: CreditCodeSource;
  private readonly now: () => Date;
  private readonly sql;

  constructor(
    private readonly db: KioskDatabase,
    private readonly options: RegistryOptions,
  ) {
    // A licence leaves the kiosk on paper: its committed code must survive a power cut
    // too, which WAL's synchronous=NORMAL does not promise.
    db.pragma('synchronous = FULL');
    checkIdLookupKey(db, options.idLookupKey);
    const { authorityRegion, creditCodeBlock } = options.registration;
    this.allocator = options.creditCodes?.(db) ?? new CreditCodeAllocator(db, authorityRegion, creditCodeBlock);
    this.now = options.now ?? (() => new Date());
    this.sql = {
      insertApplication: db.prepare(
        `INSERT INTO applications (id, kind, created_at, kiosk_id, id_number_masked, id_number_hmac, operator_name, request)
         VALUES (@id, @kind, @created_at, @kiosk_id, @id_number_masked, @id_number_hmac, @operator_name, @request)`,
      ),
      application: db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?'),
      insertDecision: db.prepare(
        `INSERT INTO decisions (application_id, decided_at, outcome, rule_set_version, rule_set_hash, data_stamps, facts, reasons, hash)
         VALUES (@application_id, @decided_at, @outcome, @rule_set_version, @rule_set_hash, @data_stamps, @facts, @reasons, @hash)`,
      ),
      decision: db.prepare<[string], DecisionRow>('SELECT * FROM decisions WHERE application_id = ?'),
      insertLicence: db.prepare(
        `INSERT INTO licences (credit_code, application_id, kiosk_id, name, type, operator_name, operator_id_masked, operator_id_hmac,
           composition_form, premises_address, house_code, grid_code, business_scope, permit_scope, registration_date, issued_at,
           authority_region, authority_name, status)
         VALUES (@credit_code, @application_id, @kiosk_id, @name, @type, @operator_name, @operator_id_masked, @operator_id_hmac,
           @composition_form, @premises_address, @house_code, @grid_code, @business_scope, @permit_scope, @registration_date, @issued_at,
           @authority_region, @authority_name, 'active')`,
      ),
      licence: db.prepare<[string], LicenceRow & { operator_id_hmac: string }>('SELECT * FROM licences WHERE credit_code = ?'),
      licenceIssuedFor: db.prepare<[string], LicenceRow>('SELECT * FROM licences WHERE application_id = ?'),
      licenceDeregisteredBy: db.prepare<[string], LicenceRow>('SELECT * FROM licences WHERE deregistration_application_id = ?'),
      activeNamePartsInDistrict: db
        .prepare<[string], string>(
          `SELECT json_object('tradeName', json_extract(a.request, '$.nameParts.tradeName'), 'industry', json_extract(a.request, '$.nameParts.industry'))
           FROM licences l JOIN applications a ON a.id = l.application_id
           WHERE l.status = 'active' AND substr(l.house_code, 1, 6) = ? AND json_extract(a.request, '$.nameParts') IS NOT NULL`,
        )
        .pluck(),
      activeAtAddress: db.prepare<[string], number>("SELECT count(*) FROM licences WHERE house_code = ? AND status = 'active'").pluck(),
      applicationsOf: db.prepare<[string], string>('SELECT id FROM applications WHERE id_number_hmac = ?').pluck(),
      activeLicencesOf: db.prepare<[string], LicenceRow>(
        "SELECT * FROM licences WHERE operator_id_hmac = ? AND status = 'active' ORDER BY registration_date, credit_code",
      ),
      deregister: db.prepare(
        "UPDATE licences SET status = 'deregistered', deregistered_at = ?, deregistration_application_id = ? WHERE credit_code = ?",
      ),
    };
  }

  /** Records what the applicant asks for. Throws RegistryError('invalid-request') for malformed input. */
  submit(request: ApplicationRequest): Application {
    const parsed = ApplicationRequest.safeParse(request);
    if (!parsed.success) throw new RegistryError('invalid-request', z.prettifyError(parsed.error));
    const { idNumber, operatorName, ...rest } = parsed.data;
    const base: ApplicationBase = {
      id: randomUUID(),
      createdAt: this.now().toISOString(),
      kioskId: this.options.kioskId,
      idNumberMasked: maskIdNumber(idNumber),
      operatorName,
    };
    const { kind, ...details } = rest;
    const application = { ...base, kind, details } as Application;
    this.db
      .transaction(() => {
        this.sql.insertApplication.run({
          id: base.id,
          kind,
          created_at: base.createdAt,
          kiosk_id: base.kioskId,
          id_number_masked: base.idNumberMasked,
          id_number_hmac: idNumberLookupHash(this.options.idLookupKey, idNumber),
          operator_name: operatorName,
          request: canonicalJson(details as JsonValue),
        });
        this.options.outbox?.holdPersonalData(base.id, { idNumber: idNumber.toUpperCase(), operatorName });
        this.options.audit.append('application.submitted', { applicationId: base.id, kind, kioskId: base.kioskId, idNumber: base.idNumberMasked });
      })
      .immediate();
    return application;
  }

  /**
   * Records the rules' decision and, for an approval, issues the licence or deregisters
   * it. Idempotent: deciding an application again with the same outcome returns what
   * was recorded the first time (never a second licence); a different outcome throws
   * RegistryError('already-decided'). Throws CreditCodeBlockExhaustedError when the
   * kiosk's block is used up; nothing is recorded then except an audit entry.
   */
  /**
   * Records the decision and, on approval, issues (or deregisters) the licence. `alongside`
   * runs in the same transaction, for what must never exist without the licence or the
   * licence without it (its print job): a crash leaves both or neither.
   */
  decide(applicationId: string, input: DecisionInput, alongside?: (result: DecisionResult) => void): DecisionResult {
    try {
      return this.db
        .transaction(() => {
          const result = this.decideNow(applicationId, input);
          alongside?.(result);
          return result;
        })
        .immediate();
    } catch (error) {
      if (error instanceof CreditCodeBlockExhaustedError) {
        this.options.audit.append('credit-code.block-exhausted', { applicationId, block: { ...error.block } });
      }
      if (error instanceof NoCreditCodeLeaseError) this.options.audit.append('credit-code.no-lease', { applicationId, region: error.region });
      throw error;
    }
  }

  application(id: string): Application | undefined {
    const row = this.sql.application.get(id);
    return row && toApplication(row);
  }

  decision(applicationId: string): Decision | undefined {
    const row = this.sql.decision.get(applicationId);
    return row && toDecision(row);
  }

  licence(creditCode: string): Licence | undefined {
    const row = this.sql.licence.get(creditCode);
    return row && toLicence(row);
  }

  /** Whether the licence was registered to the holder of this ID number. */
  isOperatorOf(creditCode: string, idNumber: string): boolean {
    return this.sql.licence.get(creditCode)?.operator_id_hmac === idNumberLookupHash(this.options.idLookupKey, idNumber);
  }

  /** The operator's active licences, found by ID number (for deregistration). */
  activeLicencesOf(idNumber: string): Licence[] {
    return this.sql.activeLicencesOf.all(idNumberLookupHash(this.options.idLookupKey, idNumber)).map(toLicence);
  }

  /** The ids of every application this ID number made here. */
  applicationsOf(idNumber: string): string[] {
    return this.sql.applicationsOf.all(idNumberLookupHash(this.options.idLookupKey, idNumber));
  }

  /**
   * Takes the next credit code for an application whose licence is recorded later
   * (decide with `creditCode`), once the centre confirmed it. Only inside a write
   * transaction that also records what the code is for.
   */
  reserveCreditCode(): string {
    return this.allocator.allocate();
  }

  /**
   * What the approval rules need to know of earlier licences for a new one at this house
   * code: the names in use in its district (unique by 字号 and 行业) and how many active
   * businesses the address already has.
   */
  localFacts(houseCode: string): { existingNames: { districtCode: string; tradeName: string; industry: string }[]; activeBusinessesAtAddress: number } {
    const districtCode = houseCode.slice(0, 6);
    const existingNames = this.sql.activeNamePartsInDistrict
      .all(districtCode)
      .map((json) => ({ districtCode, ...(JSON.parse(json) as { tradeName: string; industry: string }) }));
    return { existingNames, activeBusinessesAtAddress: this.sql.activeAtAddress.get(houseCode) ?? 0 };
  }

  creditCodeBlock(): CreditCodeBlockStatus {
    return this.allocator.status();
  }

  private decideNow(applicationId: string, input: DecisionInput): DecisionResult {
    const row = this.sql.application.get(applicationId);
    if (!row) throw new RegistryError('unknown-application', `no application ${applicationId}`);
    const application = toApplication(row);
    const earlier = this.decision(applicationId);
    if (earlier) {
      if (earlier.outcome !== input.outcome) {
        throw new RegistryError('already-decided', `application ${applicationId} was already decided: ${earlier.outcome}`);
      }
      return { decision: earlier, licence: this.licenceDecidedBy(application), repeated: true };
    }
    const decision = this.recordDecision(application, input);
    if (decision.outcome !== 'approve') return { decision, licence: null, repeated: false };
    const licence = application.kind === 'registration' ? this.issue(row, application.details, input.creditCode, input.issuedAt) : this.deregister(row, application.details, input.adopt);
    return { decision, licence, repeated: false };
  }

  private recordDecision(application: Application, input: DecisionInput): Decision {
    const content = {
      applicationId: application.id,
      outcome: input.outcome,
      ruleSet: stamp(input.ruleSet),
      data: Object.fromEntries(Object.entries(input.data ?? {}).map(([name, data]) => [name, stamp(data)])),
      facts: withoutPersonalData(input.facts),
      reasons: withoutPersonalData(input.reasons),
    };
    const decision: Decision = {
      ...content,
      decidedAt: this.now().toISOString(),
      hash: createHash('sha256').update(canonicalJson(content)).digest('hex'),
    };
    this.sql.insertDecision.run({
      application_id: decision.applicationId,
      decided_at: decision.decidedAt,
      outcome: decision.outcome,
      rule_set_version: decision.ruleSet.version,
      rule_set_hash: decision.ruleSet.hash,
      data_stamps: canonicalJson(content.data),
      facts: canonicalJson(decision.facts),
      reasons: canonicalJson(decision.reasons),
      hash: decision.hash,
    });
    this.options.audit.append('decision.recorded', {
      applicationId: application.id,
      kind: application.kind,
      outcome: decision.outcome,
      ruleSet: decision.ruleSet.version,
      decisionHash: decision.hash,
    });
    return decision;
  }

  private issue(applicant: ApplicationRow, details: RegistrationDetails, reserved?: string, at?: string): Licence {
    const row = this.licenceRow(applicant, details, reserved ?? this.allocator.allocate(), at ? new Date(at) : this.now());
    this.sql.insertLicence.run(row);
    this.options.audit.append('licence.issued', { applicationId: applicant.id, creditCode: row.credit_code, gridCode: row.grid_code, registrationDate: row.registration_date });
    return this.requireLicence(row.credit_code);
  }

  /**
   * The licence an approval of this registration would record with this code at this
   * instant, as it will be printed; nothing is written. What the centre is sent with the
   * issue before the licence is recorded (the public check shows it as the paper does).
   */
  licenceToIssue(applicationId: string, creditCode: string, issuedAt: string): Licence {
    const row = this.sql.application.get(applicationId);
    const application = row && toApplication(row);
    if (!row || application?.kind !== 'registration') throw new RegistryError('unknown-application', `no registration ${applicationId}`);
    return toLicence({ ...this.licenceRow(row, application.details, creditCode, new Date(issuedAt)), status: 'active', deregistered_at: null });
  }

  private licenceRow(applicant: ApplicationRow, details: RegistrationDetails, creditCode: string, issuedAt: Date) {
    const { authorityRegion, authorityName } = this.options.registration;
    return {
      credit_code: creditCode,
      application_id: applicant.id,
      kiosk_id: applicant.kiosk_id,
      name: details.businessName,
      type: LICENCE_TYPE,
      operator_name: applicant.operator_name,
      operator_id_masked: applicant.id_number_masked,
      operator_id_hmac: applicant.id_number_hmac,
      composition_form: details.compositionForm,
      premises_address: details.premises.address,
      house_code: details.premises.houseCode,
      grid_code: gridCodeOf(details.premises.houseCode),
      business_scope: JSON.stringify(details.businessScope),
      permit_scope: JSON.stringify(details.permitScope),
      registration_date: shenzhenDate(issuedAt),
      issued_at: issuedAt.toISOString(),
      authority_region: authorityRegion,
      authority_name: authorityName,
    };
  }

  private deregister(applicant: ApplicationRow, { creditCode }: DeregistrationDetails, adopt?: AdoptedLicence): Licence {
    if (adopt?.creditCode === creditCode && !this.sql.licence.get(creditCode)) this.adopt(applicant, adopt);
    const licence = this.sql.licence.get(creditCode);
    if (!licence || licence.operator_id_hmac !== applicant.id_number_hmac) {
      throw new RegistryError('licence-not-found', `no licence ${creditCode} registered to this operator`);
    }
    if (licence.status !== 'active') throw new RegistryError('licence-not-active', `licence ${creditCode} is already deregistered`);
    this.sql.deregister.run(this.now().toISOString(), applicant.id, creditCode);
    this.options.audit.append('licence.deregistered', { applicationId: applicant.id, creditCode });
    return this.requireLicence(creditCode);
  }

  /**
   * A copy of another kiosk's licence, enough for its deregistration notice. It has no
   * application of this kiosk behind it: it is recorded against the deregistering one.
   * The scopes are not known here (the notice does not print them).
   */
  private adopt(applicant: ApplicationRow, licence: AdoptedLicence): void {
    const { authorityRegion, authorityName } = this.options.registration;
    const issuedAt = new Date(licence.issuedAt);
    this.sql.insertLicence.run({
      credit_code: licence.creditCode,
      application_id: applicant.id,
      kiosk_id: licence.kioskId,
      name: licence.name,
      type: LICENCE_TYPE,
      operator_name: licence.operatorName,
      operator_id_masked: applicant.id_number_masked,
      operator_id_hmac: applicant.id_number_hmac,
      composition_form: licence.compositionForm,
      premises_address: licence.premisesAddress,
      house_code: licence.houseCode,
      grid_code: gridCodeOf(licence.houseCode),
      business_scope: '[]',
      permit_scope: '[]',
      registration_date: shenzhenDate(issuedAt),
      issued_at: issuedAt.toISOString(),
      authority_region: authorityRegion,
      authority_name: authorityName,
    });
    this.options.audit.append('licence.adopted', { applicationId: applicant.id, creditCode: licence.creditCode, issuedBy: licence.kioskId });
  }

  private licenceDecidedBy(application: Application): Licence | null {
    const statement = application.kind === 'registration' ? this.sql.licenceIssuedFor : this.sql.licenceDeregisteredBy;
    const row = statement.get(application.id);
    return row ? toLicence(row) : null;
  }

  private requireLicence(creditCode: string): Licence {
    const licence = this.licence(creditCode);
    if (!licence) throw new Error(`licence ${creditCode} vanished inside its own transaction`);
    return licence;
  }
}

const KEY_FINGERPRINT = 'registry.idLookupKeyFingerprint';

/**
 * Records which key the database's lookup hashes were made with, and refuses another:
 * with a lost or replaced key file every operator would silently become unfindable.
 */
function checkIdLookupKey(db: KioskDatabase, key: Buffer): void {
  const fingerprint = idLookupKeyFingerprint(key);
  db.prepare('INSERT INTO kiosk_meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING').run(KEY_FINGERPRINT, fingerprint);
  const recorded = db.prepare<[string], string>('SELECT value FROM kiosk_meta WHERE key = ?').pluck().get(KEY_FINGERPRINT);
  if (recorded !== fingerprint) {
    throw new Error('the ID lookup key (keys/id-lookup.key) is not the one this database was written with: restore the kiosk\'s key file from its backup');
  }
}

function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    kind: row.kind,
    createdAt: row.created_at,
    kioskId: row.kiosk_id,
    idNumberMasked: row.id_number_masked,
    operatorName: row.operator_name,
    details: JSON.parse(row.request),
  } as Application;
}

// A plain copy: the engine's stamps are interfaces, and may carry more than these two.
function stamp({ version, hash }: DataStamp): { version: string; hash: string } {
  return { version, hash };
}

function toDecision(row: DecisionRow): Decision {
  return {
    applicationId: row.application_id,
    decidedAt: row.decided_at,
    outcome: row.outcome,
    ruleSet: { version: row.rule_set_version, hash: row.rule_set_hash },
    data: JSON.parse(row.data_stamps) as Record<string, DataStamp>,
    facts: JSON.parse(row.facts) as JsonValue,
    reasons: JSON.parse(row.reasons) as JsonValue,
    hash: row.hash,
  };
}
