// What the approval rules decide on, gathered by the core before a decision: the ID
// card as read from its chip, the face check, the house-code record, the form the
// applicant filled in, the local lists and the day. Checked for shape here; whether
// the content passes is for the rules to say (an invalid ID number is a rejection,
// not a malformed application).
import { z } from 'zod';
import { parseCompactDate, parseIsoDate } from '../calendar-date';
import { BusinessNameParts, ExistingBusinessName } from './business-name';

export const LONG_TERM_VALIDITY = '长期';
export const COMPOSITION_FORMS = ['个人经营', '家庭经营'] as const;
export type CompositionForm = (typeof COMPOSITION_FORMS)[number];

const isoDate = z.string().refine((text) => parseIsoDate(text) !== undefined, 'expected a real date written YYYY-MM-DD');
const cardDate = z.string().refine((text) => parseCompactDate(text.trim()) !== undefined, 'expected a real date written YYYYMMDD, as on the card');
const districtCode = z.string().regex(/^\d{6}$/, 'expected a six-digit district code such as 440307');

/** The card's fields as the reader returns them (dates YYYYMMDD, validTo may be 长期). */
export const IdCardFacts = z
  .object({
    name: z.string().trim().min(1, "expected the holder's name"),
    idNumber: z.string(),
    birthDate: cardDate,
    validFrom: cardDate,
    validTo: z.union([z.literal(LONG_TERM_VALIDITY), cardDate], { error: `expected a date written YYYYMMDD, or ${LONG_TERM_VALIDITY}` }),
  })
  .strict();

export const FaceFacts = z
  .object({
    /** The face module's own verdict at its configured threshold. */
    matched: z.boolean(),
    /** Descriptor distance between the live face and the ID photo (lower is closer). */
    distance: z.number().nonnegative(),
    threshold: z.number().positive(),
    livenessPassed: z.boolean(),
  })
  .strict();

/** The unified address base's record for the house code; only houseCode and exists when unknown. */
export const AddressRecord = z
  .object({
    houseCode: z.string().regex(/^\d{25}$/, 'expected the 25-digit house code'),
    exists: z.boolean(),
    /** 房屋用途 as recorded in the address base, e.g. 商业, 住宅. */
    usage: z.string().trim().min(1).optional(),
    /** Status as recorded in the address base, e.g. normal, demolished. */
    status: z.string().trim().min(1).optional(),
    districtCode: districtCode.optional(),
    /** Flagged by the grid inspectors (e.g. an address found not to exist or misused). */
    flagged: z.boolean().default(false),
    /** The full address for the licence, e.g. 深圳市龙岗区平湖街道…. */
    address: z.string().trim().min(1).optional(),
  })
  .strict();

export const ApplicationForm = z
  .object({
    /** An individual business may have no name: null. */
    name: BusinessNameParts.nullable(),
    /** Codes of the chosen business-scope items. */
    scope: z.array(z.string()),
    compositionForm: z.enum(COMPOSITION_FORMS),
    phone: z.string(),
  })
  .strict();

export const LocalLists = z
  .object({
    /** ID numbers barred from registering (e.g. by a court or a revoked licence). */
    restrictedIdNumbers: z.array(z.string()).default([]),
    /** Names already registered, by district and trade. */
    existingNames: z.array(ExistingBusinessName).default([]),
    /** Active individual businesses already registered at this house code. */
    activeBusinessesAtAddress: z.number().int().nonnegative().default(0),
  })
  .strict();

/** The registry's licence record the applicant asks to deregister, or null when none was found. */
export const LicenceRecord = z
  .object({
    creditCode: z.string().min(1),
    status: z.enum(['active', 'deregistered']),
    operatorIdNumber: z.string(),
  })
  .strict();

const commonFacts = {
  /** The day of the decision (ISO), passed in: the rules read no clock. */
  today: isoDate,
  applicant: IdCardFacts,
  face: FaceFacts,
};

export const RegistrationFacts = z
  .object({ service: z.literal('registration'), ...commonFacts, address: AddressRecord, form: ApplicationForm, lists: LocalLists.prefault({}) })
  .strict();

export const DeregistrationFacts = z
  .object({ service: z.literal('deregistration'), ...commonFacts, licence: LicenceRecord.nullable() })
  .strict();

export const Facts = z.discriminatedUnion('service', [RegistrationFacts, DeregistrationFacts]);

export type IdCardFacts = z.output<typeof IdCardFacts>;
export type FaceFacts = z.output<typeof FaceFacts>;
export type AddressRecord = z.output<typeof AddressRecord>;
export type ApplicationForm = z.output<typeof ApplicationForm>;
export type LocalLists = z.output<typeof LocalLists>;
export type LicenceRecord = z.output<typeof LicenceRecord>;
export type RegistrationFacts = z.output<typeof RegistrationFacts>;
export type DeregistrationFacts = z.output<typeof DeregistrationFacts>;
export type Facts = z.output<typeof Facts>;
export type FactsInput = z.input<typeof Facts>;
export type Service = Facts['service'];
/** What every service knows: the day, the card and the face. */
export type CommonFacts = Pick<RegistrationFacts, 'today' | 'applicant' | 'face'>;
