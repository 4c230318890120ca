/**
 * The applicant's journey as the renderer sees it and drives it: one snapshot of the
 * session (what to show) and the commands the renderer may send (what the applicant
 * did). The core decides everything; the renderer only shows and reports. Personal
 * data in the snapshot is the minimum the screens need, and it is gone from the
 * snapshot as soon as the session ends.
 */
import { z } from 'zod';

export const Language = z.enum(['zh-CN', 'en']);

/** Text the core wrote in both languages; the renderer picks one. */
export const LocalizedText = z.object({ 'zh-CN': z.string(), en: z.string() });

/**
 * A problem on the current step, in plain words with the way forward
 * ("try again", "correct this field", "go to counter 3"). `field` names the form field.
 */
export const Problem = z.object({
  code: z.string(),
  message: LocalizedText,
  field: z.string().optional(),
});

export const Service = z.enum(['registration', 'deregistration']);

/** Every screen of the journey, in order; deregistration skips details and house-code and adds choose-licence. */
export const JOURNEY_STEPS = [
  'attract',
  'welcome',
  'consent',
  'idcard',
  'face',
  'details',
  'house-code',
  'choose-licence',
  'review',
  'deciding',
  'decision',
  'printing',
  'done',
  'rating',
  'referral',
  /** A retry after an interruption: this applicant's licence from these details was already issued today. */
  'already-issued',
] as const;
export const JourneyStep = z.enum(JOURNEY_STEPS);

/** The card holder as the screens show it: the ID number masked, no photo. */
export const ApplicantView = z.object({
  name: z.string(),
  sex: z.string(),
  ethnicity: z.string(),
  birthDate: z.string(),
  address: z.string(),
  idNumberMasked: z.string(),
  validTo: z.string(),
});

export const LivenessAction = z.enum(['turn-left', 'turn-right', 'mouth-open']);

export const FaceView = z.object({
  attempt: z.number().int(),
  maxAttempts: z.number().int(),
  phase: z.enum(['matching', 'liveness', 'passed', 'failed']),
  /** The liveness step on screen, with the time left for it. */
  challenge: z
    .object({ action: LivenessAction, step: z.number().int(), steps: z.number().int(), deadline: z.number() })
    .nullable(),
  /** What the applicant should change (quality-gate reasons of the last frame), e.g. 'face-too-small'. */
  feedback: z.array(z.string()),
  /** Good frames collected towards a decision, and how many are needed. */
  goodFrames: z.number().int(),
  goodFramesRequired: z.number().int(),
});

export const BusinessNameDraft = z.object({
  /** 行政区划, set by the core from the authority (not editable). */
  region: z.string(),
  tradeName: z.string(),
  industry: z.string(),
  organisationForm: z.string(),
});

export const CompositionForm = z.enum(['个人经营', '家庭经营']);

export const FormDraft = z.object({
  /** null: the applicant chose to register without a name (allowed for individual businesses). */
  name: BusinessNameDraft.nullable(),
  /** Codes from the scope catalogue. */
  scope: z.array(z.string()),
  compositionForm: CompositionForm,
  phone: z.string(),
});

export const AddressView = z.object({
  houseCode: z.string(),
  formatted: z.string(),
  usage: z.string(),
});

export const RuleReason = z.object({ rule: z.string(), passed: z.boolean(), message: LocalizedText });

export const DecisionView = z.object({
  outcome: z.enum(['approve', 'reject', 'refer']),
  reasons: z.array(RuleReason),
});

export const PrintJobView = z.object({
  id: z.string(),
  document: z.enum(['licence-a4', 'licence-a3', 'slip', 'deregistration-notice']),
  printer: z.enum(['laser', 'thermal']),
  state: z.enum(['queued', 'printing', 'waiting', 'printed', 'failed']),
  /** Why a job waits or failed, said to the applicant with what to do. */
  problem: Problem.nullable(),
});

export const LicenceSummary = z.object({
  creditCode: z.string(),
  name: z.string().nullable(),
  registrationDate: z.string(),
  address: z.string(),
});

export const SessionSnapshot = z.object({
  state: JourneyStep,
  language: Language,
  /** Large text and high contrast, for elderly applicants; reset when the session ends. */
  largeText: z.boolean(),
  /** When the inactivity warning or wipe happens (ms since epoch), null while attracting. */
  inactivityDeadline: z.number().nullable(),
  /** True while the countdown before a wipe is on screen. */
  inactivityWarning: z.boolean(),
  service: Service.nullable(),
  /** The problem to show on the current step, if any. */
  problem: Problem.nullable(),
  applicant: ApplicantView.nullable(),
  face: FaceView.nullable(),
  form: FormDraft.nullable(),
  /** Live validation of the form, one problem per field at most. */
  formProblems: z.array(Problem),
  address: AddressView.nullable(),
  /** Deregistration: the applicant's active licences to choose from. */
  licences: z.array(LicenceSummary),
  decision: DecisionView.nullable(),
  printing: z.array(PrintJobView),
  /** The licence issued (or deregistered) in this session. */
  licence: LicenceSummary.nullable(),
  /** Counter the applicant is sent to on referral, e.g. "3". */
  counter: z.string().nullable(),
});

/** Largest face picture a frame may carry, in JPEG bytes: a face region of at most 320 px is about 20 KB. */
export const FACE_PICTURE_MAX_BYTES = 40_000;

/**
 * A picture of the frame's face region, JPEG in base64, for the core to describe itself
 * (the renderer's descriptor is only advisory). Checked here for type (the JPEG start
 * of image, `FF D8 FF`, is `/9j/` in base64) and size; its pixels are checked when decoded.
 */
export const FacePicture = z
  .string()
  .max(Math.ceil(FACE_PICTURE_MAX_BYTES / 3) * 4, `a face picture is at most ${FACE_PICTURE_MAX_BYTES} bytes`)
  .regex(/^\/9j\/[A-Za-z0-9+/]*={0,2}$/, 'a face picture is a JPEG image in base64');

/** One analysed camera frame, from the renderer's face module. Biometric: kept in memory only. */
export const FaceFrame = z
  .object({
    faceCount: z.number().int().min(0).max(20),
    /** Quality-gate reasons; empty when the frame is good. */
    quality: z.array(z.string().max(40)).max(20),
    /** Landmark pose of the one face, for liveness (landmark-pose.ts units). */
    pose: z.object({ yaw: z.number(), pitch: z.number(), mouthOpen: z.number() }).strict().nullable(),
    /** 128-number face descriptor of a good frame, null otherwise. */
    descriptor: z.array(z.number().finite()).length(128).nullable(),
    /** The face region of a good frame while the core matches; a descriptor without it does not count. */
    image: FacePicture.nullable().optional(),
  })
  .strict();

const FormPatch = z
  .object({
    name: z
      .object({
        tradeName: z.string().max(20),
        industry: z.string().max(20),
        organisationForm: z.string().max(10),
      })
      .partial()
      .strict()
      .nullable(),
    scope: z.array(z.string().max(20)).max(50),
    compositionForm: CompositionForm,
    phone: z.string().max(20),
  })
  .partial()
  .strict();

/** What the renderer may ask the session to do. Unknown types are rejected at the edge. */
export const SessionCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('START') }).strict(),
  z.object({ type: z.literal('CANCEL') }).strict(),
  z.object({ type: z.literal('ACTIVITY') }).strict(),
  z.object({ type: z.literal('BACK') }).strict(),
  z.object({ type: z.literal('SET_LANGUAGE'), language: Language }).strict(),
  z.object({ type: z.literal('SET_LARGE_TEXT'), on: z.boolean() }).strict(),
  z.object({ type: z.literal('CHOOSE_SERVICE'), service: Service }).strict(),
  /** Both consents are explicit; declining the face check sends the applicant to a counter. */
  z.object({ type: z.literal('CONSENT'), general: z.boolean(), face: z.boolean() }).strict(),
  z.object({ type: z.literal('FACE_FRAME'), frame: FaceFrame }).strict(),
  /** Try the current step again (card read, face attempt, printing). */
  z.object({ type: z.literal('RETRY') }).strict(),
  z.object({ type: z.literal('UPDATE_FORM'), patch: FormPatch }).strict(),
  z.object({ type: z.literal('SUBMIT_FORM') }).strict(),
  z.object({ type: z.literal('SUBMIT_HOUSE_CODE'), houseCode: z.string().max(40) }).strict(),
  z.object({ type: z.literal('CONFIRM_ADDRESS') }).strict(),
  z.object({ type: z.literal('CHOOSE_LICENCE'), creditCode: z.string().max(18) }).strict(),
  z.object({ type: z.literal('CONFIRM_REVIEW') }).strict(),
  /** On already-issued: print the licence's own job (never a second one), or reprint it marked as a reprint. */
  z.object({ type: z.literal('COLLECT_ISSUED'), reprint: z.boolean() }).strict(),
  /** Move on from decision, printing or done. */
  z.object({ type: z.literal('CONTINUE') }).strict(),
  z.object({ type: z.literal('RATE'), stars: z.number().int().min(1).max(5) }).strict(),
]);

/** Business-scope catalogue, searched from the details screen by words and by industry. */
export const CatalogueQuery = z
  .object({ text: z.string().max(40).default(''), industry: z.string().max(10).optional() })
  .strict();

export const CatalogueItem = z.object({
  code: z.string(),
  name: z.string(),
  industry: z.string(),
  /** permit-after: the licence is issued, the applicant is told which permit to get; permit-before items are refused. */
  class: z.enum(['general', 'permit-after', 'permit-before']),
  /** Wordings of the industry (行业) in a name for this item, chosen rather than typed, with their pinyin initials. */
  industryTerms: z.array(z.object({ term: z.string(), initials: z.string() })),
});

export const CatalogueIndustry = z.object({ code: z.string(), name: LocalizedText });
