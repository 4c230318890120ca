/**
 * The kiosk → centre sync (the outbox): records of what happened at a kiosk, each with
 * the kiosk's own sequence number, pushed in batches. The centre applies a batch in one
 * transaction through an inbox keyed (kioskId, sequence), so a batch delivered twice
 * applies once, and answers the watermark it holds: the highest sequence it has of
 * this kiosk. The kiosk forgets its records up to that watermark.
 *
 * No record carries personal data in clear: the operator's ID number and name travel
 * sealed to the centre's public key (protocol/sealed-data.ts), which the kiosk fetches
 * with a signed request and keeps beside its own keys.
 */
import { z } from 'zod';
import { ApplicationId } from './centre';
import { SealedValue } from './sealed-data';

export const SYNC_PATHS = {
  sync: '/v1/sync',
  sealingKey: '/v1/sealing-key',
} as const;

/** At most this many records a batch. */
export const SYNC_BATCH_MAX = 200;

const Instant = z.iso.datetime({ offset: true });
const CreditCode = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'an 18-character credit code');
const Service = z.enum(['registration', 'deregistration']);

/** What is sealed: the operator as the licence names them. */
export const SealedPersonalData = z.object({ idNumber: z.string().regex(/^\d{17}[\dX]$/), operatorName: z.string().min(1).max(40) }).strict();
export type SealedPersonalData = z.infer<typeof SealedPersonalData>;

/** The context a record's personal data is sealed for: it opens for this kiosk and application only. */
export function personalDataContext(kioskId: string, applicationId: string): string {
  return `${kioskId}/${applicationId}`;
}

const Base = { sequence: z.number().int().positive() };

export const LicenceRecord = z
  .object({
    ...Base,
    kind: z.literal('licence'),
    applicationId: ApplicationId,
    creditCode: CreditCode,
    fullName: z.string().max(60).nullable(),
    houseCode: z.string().regex(/^\d{25}$/),
    premisesAddress: z.string().max(200),
    compositionForm: z.string().max(10),
    registrationDate: z.iso.date(),
    issuedAt: Instant,
    /** null: the kiosk had no sealing key when the application was made (logged there). */
    personal: SealedValue.nullable(),
  })
  .strict();

export const DeregistrationRecord = z
  .object({
    ...Base,
    kind: z.literal('deregistration'),
    applicationId: ApplicationId,
    creditCode: CreditCode,
    deregisteredAt: Instant,
    personal: SealedValue.nullable(),
  })
  .strict();

export const DecisionRecord = z
  .object({
    ...Base,
    kind: z.literal('decision'),
    applicationId: ApplicationId,
    service: Service,
    outcome: z.enum(['approved', 'referred', 'rejected']),
    /** The ids of the rules that did not pass. */
    reasons: z.array(z.string().max(80)).max(100),
    ruleSetVersion: z.string().max(40),
    decidedAt: Instant,
  })
  .strict();

export const RatingRecord = z.object({ ...Base, kind: z.literal('rating'), score: z.number().int().min(1).max(5), ratedAt: Instant }).strict();

export const PrintOutcomeRecord = z
  .object({
    ...Base,
    kind: z.literal('print-outcome'),
    creditCode: CreditCode.nullable(),
    document: z.string().max(40),
    outcome: z.enum(['printed', 'failed', 'cancelled']),
    at: Instant,
  })
  .strict();

export const AuditHeadRecord = z
  .object({ ...Base, kind: z.literal('audit-head'), auditSeq: z.number().int().positive(), headHash: z.string().regex(/^[0-9a-f]{64}$/), at: Instant })
  .strict();

export const SessionEndRecord = z
  .object({
    ...Base,
    kind: z.literal('session-end'),
    service: Service.nullable(),
    lastStep: z.string().min(1).max(40),
    /** A referral's problem code, 'abandoned', 'timeout', 'failed' or 'done'. */
    endReason: z.string().min(1).max(60),
    /** For an issued licence: from the card read to the licence issued. */
    cardToLicenceMs: z.number().int().nonnegative().nullable(),
    endedAt: Instant,
  })
  .strict();

export const SyncRecord = z.discriminatedUnion('kind', [LicenceRecord, DeregistrationRecord, DecisionRecord, RatingRecord, PrintOutcomeRecord, AuditHeadRecord, SessionEndRecord]);
export type SyncRecord = z.infer<typeof SyncRecord>;
export type SyncRecordKind = SyncRecord['kind'];
/** A record as the kiosk keeps it before it has a sequence. */
export type SyncRecordContent = SyncRecord extends infer R ? (R extends SyncRecord ? Omit<R, 'sequence'> : never) : never;

export const SyncRequest = z
  .object({ records: z.array(SyncRecord).min(1).max(SYNC_BATCH_MAX) })
  .strict()
  .refine((batch) => batch.records.every((record, i) => i === 0 || record.sequence > batch.records[i - 1]!.sequence), 'records in increasing sequence order');
export type SyncRequest = z.infer<typeof SyncRequest>;

/** The highest sequence of this kiosk the centre holds: everything up to it is applied. */
export const SyncAnswer = z.object({ watermark: z.number().int().nonnegative(), applied: z.number().int().nonnegative() });
export type SyncAnswer = z.infer<typeof SyncAnswer>;

/** The centre's X25519 public key (SPKI PEM) that personal data is sealed to. */
export const SealingKeyAnswer = z.object({ keyId: z.string().regex(/^[0-9a-f]{8}$/), publicKey: z.string().includes('-----BEGIN PUBLIC KEY-----') });
export type SealingKeyAnswer = z.infer<typeof SealingKeyAnswer>;
