/**
 * The kiosk ↔ centre protocol: every message both sides exchange, as zod schemas that
 * the centre (centre/) and the kiosk (core/) import alike, so neither can drift from
 * the other. Requests are JSON over HTTP; every request but the health check carries
 * the signature headers of protocol/request-signing.ts.
 */
import { z } from 'zod';
import { PrintedLicenceFields } from './centre-licence-check';

export const CENTRE_DEFAULT_PORT = 5190;

/** Path of each endpoint, one place for both sides. */
export const CENTRE_PATHS = {
  health: '/healthz',
  enrol: '/v1/enrol',
  facts: '/v1/facts',
  issue: '/v1/issue',
  ping: '/v1/ping',
  deregister: '/v1/deregister',
} as const;

export const KioskId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a kiosk id: letters, digits, . _ - (at most 64)');
export const ApplicationId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);
const HouseCode = z.string().regex(/^\d{25}$/, 'a 25-digit house code');
const DistrictCode = z.string().regex(/^\d{6}$/, 'a 6-digit district code');
const IdNumber = z.string().regex(/^\d{17}[\dX]$/, 'an 18-character ID number');
const CreditCode = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'an 18-character credit code');

export const HealthAnswer = z.object({
  status: z.literal('ok'),
  postgres: z.enum(['ok', 'down']),
  postgresVersion: z.string(),
  schemaVersion: z.number().int(),
});
export type HealthAnswer = z.infer<typeof HealthAnswer>;

/** Every refusal: a code for programs, a sentence for people (zh-CN and en). */
export const Refusal = z.object({
  error: z.string(),
  message: z.object({ 'zh-CN': z.string(), en: z.string() }),
  /** The centre's clock when it refused (ISO 8601, ms): a kiosk refused for clock skew corrects its own by it. */
  serverTime: z.string().optional(),
});
export type Refusal = z.infer<typeof Refusal>;

/** Enrolment: the kiosk presents the one-time code and the public key it will sign with. */
export const EnrolRequest = z
  .object({
    kioskId: KioskId,
    code: z.string().min(8).max(64),
    /** SPKI PEM of the kiosk's Ed25519 key; the request is signed with it, proving possession. */
    publicKey: z.string().includes('-----BEGIN PUBLIC KEY-----'),
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolAnswer = z.object({ kioskId: KioskId, keyId: z.string(), enrolledAt: z.string() });
export type EnrolAnswer = z.infer<typeof EnrolAnswer>;

export const NameKey = z.object({ tradeName: z.string().min(1).max(20), industry: z.string().min(1).max(20) }).strict();
export type NameKey = z.infer<typeof NameKey>;

/**
 * Facts before a decision. Registration: is the name taken in the district, how many
 * businesses are active at the house code; the centre also leases the name and one
 * place at the address to this application. Deregistration: the applicant's active
 * licences from any kiosk. Both: the restricted list's version.
 */
export const FactsRequest = z.discriminatedUnion('service', [
  z
    .object({
      service: z.literal('registration'),
      applicationId: ApplicationId,
      districtCode: DistrictCode,
      houseCode: HouseCode,
      /** null: a business without a name (allowed for an individual business). */
      name: NameKey.nullable(),
      /** At most this many active businesses at one house code: the rule set's limit. */
      maxBusinessesAtAddress: z.number().int().min(1).max(1000),
    })
    .strict(),
  z.object({ service: z.literal('deregistration'), applicationId: ApplicationId, idNumber: IdNumber }).strict(),
]);
export type FactsRequest = z.infer<typeof FactsRequest>;

export const Lease = z.object({ applicationId: ApplicationId, expiresAt: z.string() });
export type Lease = z.infer<typeof Lease>;

export const RegistrationFactsAnswer = z.object({
  service: z.literal('registration'),
  restrictedListVersion: z.string(),
  /** Taken by an issued licence or by another application's unexpired lease. */
  nameTaken: z.boolean(),
  /** Active licences at the house code plus other applications' leases on it. */
  activeBusinessesAtAddress: z.number().int().nonnegative(),
  /** Held only when the name was free and the address had room: the application may be issued until then. */
  lease: Lease.nullable(),
});
export type RegistrationFactsAnswer = z.infer<typeof RegistrationFactsAnswer>;

export const ActiveLicence = z.object({
  creditCode: CreditCode,
  name: z.string().nullable(),
  kioskId: KioskId,
  houseCode: HouseCode,
  /** What another kiosk needs to list the licence and print its deregistration notice (null: issued before the centre kept them). */
  operatorName: z.string().nullable().optional(),
  issuedAt: z.string().nullable().optional(),
  premisesAddress: z.string().nullable().optional(),
  compositionForm: z.string().nullable().optional(),
});
export type ActiveLicence = z.infer<typeof ActiveLicence>;
export const DeregistrationFactsAnswer = z.object({
  service: z.literal('deregistration'),
  restrictedListVersion: z.string(),
  activeLicences: z.array(ActiveLicence),
});
export type DeregistrationFactsAnswer = z.infer<typeof DeregistrationFactsAnswer>;
export const FactsAnswer = z.discriminatedUnion('service', [RegistrationFactsAnswer, DeregistrationFactsAnswer]);
export type FactsAnswer = z.infer<typeof FactsAnswer>;

/** The issue, confirmed to the centre in the same step: the lease becomes the licence. */
export const IssueRequest = z
  .object({
    applicationId: ApplicationId,
    creditCode: CreditCode,
    districtCode: DistrictCode,
    houseCode: HouseCode,
    name: NameKey.nullable(),
    /** The rule set's limit again: an expired lease is renewed only if the address still has room. */
    maxBusinessesAtAddress: z.number().int().min(1).max(1000),
    /** The full name as printed (region + trade name + industry + form), or null. */
    fullName: z.string().max(60).nullable(),
    operatorName: z.string().min(1).max(40),
    operatorIdNumber: IdNumber,
    issuedAt: z.string(),
    /**
     * Older kiosks' premises address and composition form (for a deregistration notice
     * printed at another kiosk); still accepted, but a kiosk now sends them in `printed`.
     */
    premisesAddress: z.string().max(200).optional(),
    compositionForm: z.string().max(10).optional(),
    /**
     * Issued offline on the kiosk's own facts and printed already: a conflict is not
     * refused but recorded as a case for staff (IssueAnswer status 'conflict').
     */
    provisional: z.boolean().optional(),
    /**
     * The licence's public fields as printed, for the public check /v/<payload> and for
     * another kiosk's deregistration notice (optional: older kiosks send none).
     */
    printed: PrintedLicenceFields.optional(),
  })
  .strict();
export type IssueRequest = z.infer<typeof IssueRequest>;

export const IssueAnswer = z.discriminatedUnion('status', [
  z.object({ creditCode: CreditCode, status: z.literal('active') }),
  /** A provisional licence that collides with the registry: a case for staff, never a silent merge. */
  z.object({ creditCode: CreditCode, status: z.literal('conflict'), caseId: z.string(), reason: Refusal }),
]);
export type IssueAnswer = z.infer<typeof IssueAnswer>;

export const PingAnswer = z.object({ kioskId: KioskId, serverTime: z.string() });

// --- Deregistration confirmed to the centre (the journey) ---------------------------

/**
 * A deregistration, confirmed to the centre in the step that decides it: the licence
 * (issued at any kiosk) is deregistered in the registry, its name and place freed.
 * Idempotent by applicationId.
 */
export const DeregisterRequest = z
  .object({
    applicationId: ApplicationId,
    creditCode: CreditCode,
    /** The applicant: only the licence's own operator may deregister it. */
    operatorIdNumber: IdNumber,
    deregisteredAt: z.string(),
  })
  .strict();
export type DeregisterRequest = z.infer<typeof DeregisterRequest>;

export const DeregisterAnswer = z.object({ creditCode: CreditCode, status: z.literal('deregistered') });
export type DeregisterAnswer = z.infer<typeof DeregisterAnswer>;
