/**
 * The centre's public licence check, /v/<payload> (the page behind the licence's QR
 * code) and /api/v/<payload> (what the page shows, as JSON); and the printed fields a
 * kiosk sends with /v1/issue so the check can show the licence as the paper does.
 * Nothing here is personal beyond what the licence itself shows.
 */
import { z } from 'zod';

export const LICENCE_CHECK_PATHS = {
  /** Followed by the payload: the page. */
  page: '/v/',
  /** Followed by the payload: the check as JSON. */
  api: '/api/v/',
} as const;

/** The fields of the printed licence (core/documents/licence.ts) the registry does not hold otherwise. */
export const PrintedLicenceFields = z
  .object({
    type: z.string().min(1).max(20),
    compositionForm: z.string().min(1).max(10),
    premisesAddress: z.string().min(1).max(200),
    businessScope: z.array(z.string().min(1).max(200)).min(1).max(100),
    permitScope: z.array(z.string().min(1).max(200)).max(100),
    registrationDate: z.iso.date(),
    authorityName: z.string().min(1).max(60),
  })
  .strict();
export type PrintedLicenceFields = z.infer<typeof PrintedLicenceFields>;

export const RegistryStatus = z.enum(['active', 'deregistered', 'unknown']);
export type RegistryStatus = z.infer<typeof RegistryStatus>;

/** Why a payload is not valid: unreadable, signed by a key this centre does not know, or altered/forged. */
export const PayloadProblem = z.enum(['malformed', 'unknown-key', 'bad-signature']);
export type PayloadProblem = z.infer<typeof PayloadProblem>;

export const PublicLicence = z.object({
  creditCode: z.string(),
  name: z.string().nullable(),
  registrationDate: z.string(),
  /** From the registry: absent when the licence is unknown to this centre. */
  type: z.string().nullable(),
  operatorName: z.string().nullable(),
  compositionForm: z.string().nullable(),
  premisesAddress: z.string().nullable(),
  businessScope: z.array(z.string()).nullable(),
  permitScope: z.array(z.string()).nullable(),
  authorityName: z.string().nullable(),
  deregisteredOn: z.string().nullable(),
});
export type PublicLicence = z.infer<typeof PublicLicence>;

/** A flag an inspection put on the licence (issue 14, grid inspection): shown on the public check. */
export const ReviewFlag = z.object({ since: z.string(), reason: z.object({ 'zh-CN': z.string(), en: z.string() }) });
export type ReviewFlag = z.infer<typeof ReviewFlag>;

export const LicenceCheckAnswer = z.discriminatedUnion('signature', [
  z.object({
    signature: z.literal('valid'),
    registry: RegistryStatus,
    licence: PublicLicence,
    reviewFlag: ReviewFlag.nullable(),
  }),
  z.object({ signature: z.literal('invalid'), problem: PayloadProblem }),
]);
export type LicenceCheckAnswer = z.infer<typeof LicenceCheckAnswer>;
