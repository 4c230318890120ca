/**
 * What flows from the centre down to the kiosks, pulled by version: credit-code block
 * leases, signed rule sets, address-base deltas and the restricted list. The kiosk says
 * which sequence number it has ("I have X"); the centre answers the next newer
 * publication, or null when the kiosk is up to date. Signed like every kiosk request
 * (protocol/request-signing.ts).
 */
import { z } from 'zod';

export const DOWNSTREAM_PATHS = {
  creditCodeLeases: '/v1/credit-codes/lease',
  ruleSet: '/v1/downstream/rule-set',
  addressDelta: '/v1/downstream/address-delta',
  restrictedList: '/v1/downstream/restricted-list',
} as const;

const Region = z.string().regex(/^\d{6}$/, 'a six-digit region code');
const Serial = z.number().int().min(0).max(999_999);

/**
 * The kiosk's lease request: the leases it has used up (the centre retires them) and the
 * region its codes carry. The centre answers every lease the kiosk holds, topped up to
 * its quota and with their terms renewed, so a lost answer loses no block: asking again
 * returns the same ones.
 */
export const CreditCodeLeaseRequest = z
  .object({
    region: Region,
    usedUp: z.array(z.number().int().positive()).max(100),
  })
  .strict();
export type CreditCodeLeaseRequest = z.infer<typeof CreditCodeLeaseRequest>;

export const CreditCodeLease = z
  .object({
    id: z.number().int().positive(),
    region: Region,
    /** The 2 characters that open the credit code's 8-character body. */
    prefix: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}$/, '2 credit-code characters'),
    firstSerial: Serial,
    lastSerial: Serial,
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .refine((lease) => lease.firstSerial <= lease.lastSerial, { message: 'a lease ends before it starts' });
export type CreditCodeLease = z.infer<typeof CreditCodeLease>;

export const CreditCodeLeaseAnswer = z.object({ leases: z.array(CreditCodeLease) });
export type CreditCodeLeaseAnswer = z.infer<typeof CreditCodeLeaseAnswer>;

/** "I have sequence X" (0: nothing from the centre yet). */
const Have = z.number().int().min(0);

export const RuleSetPullRequest = z.object({ service: z.enum(['registration', 'deregistration']), have: Have }).strict();
export type RuleSetPullRequest = z.infer<typeof RuleSetPullRequest>;
export const AddressDeltaPullRequest = z.object({ have: Have }).strict();
export const RestrictedListPullRequest = z.object({ have: Have }).strict();

/** A published file as the publisher signed it: the exact bytes (UTF-8 text) and its Ed25519 signature. */
const PublishedFile = z.object({
  sequence: z.number().int().positive(),
  version: z.string().min(1).max(80),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  content: z.string(),
  /** Base64 of the 64-byte signature over the content's bytes; null when the publisher gave none. */
  signature: z.string().nullable(),
});
export type PublishedFile = z.infer<typeof PublishedFile>;

/** The newest rule set of the service, or null when the kiosk has it. */
export const RuleSetPullAnswer = z.object({ update: PublishedFile.nullable() });
/** The next address delta after the one the kiosk has (deltas apply in order), or null. */
export const AddressDeltaPullAnswer = z.object({ update: PublishedFile.nullable() });
export type PullAnswer = z.infer<typeof RuleSetPullAnswer>;

/** The newest restricted list in full (it is small), or null when the kiosk has it. */
export const RestrictedListPullAnswer = z.object({
  update: z
    .object({
      sequence: z.number().int().positive(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      idNumbers: z.array(z.string().regex(/^\d{17}[\dX]$/)),
    })
    .nullable(),
});
export type RestrictedListPullAnswer = z.infer<typeof RestrictedListPullAnswer>;
