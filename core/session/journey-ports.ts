/**
 * What the journey machine needs from the rest of the kiosk, as narrow interfaces: the
 * machine decides what happens next, these do the work. journey-services.ts wires them
 * to the real modules (ID reader, face, address base, rules, registry, print queue);
 * the unit tests pass fakes.
 */
import type { JsonValue } from '../audit/canonical-json';
import type { IdCardText } from '../../hardware/idcard/card-text';
import type { AddressRecord, FaceFacts } from '../../rules/approval/facts';
import type { AddressView, DecisionView, FormDraft, LicenceSummary, PrintJobView, Problem } from './journey-types';
import type { DescribedPicture } from './picture-confirmation';

/** One card on the reader: its text and the photo as the card stores it (WLT). */
export interface CardOnReader {
  readonly card: IdCardText;
  readonly wlt: Uint8Array;
}

/** One try at reading the reader: a card, nothing on it yet, or a card that cannot be read. */
export type CardAttempt =
  | { readonly kind: 'card'; readonly reading: CardOnReader }
  | { readonly kind: 'no-card' }
  | { readonly kind: 'unreadable' | 'reader-unavailable' };

export type IdPhotoDescription = { readonly ok: true; readonly descriptor: Float32Array } | { readonly ok: false; readonly reason: 'no-face' | 'unreadable' };

export type AddressAnswer =
  | { readonly ok: true; readonly view: AddressView; readonly record: AddressRecord }
  | { readonly ok: false; readonly problem: Problem };

/** Everything an application carries to the rules and the registry; biometric data never. */
export type JourneyApplication =
  | { readonly service: 'registration'; readonly card: IdCardText; readonly face: FaceFacts; readonly form: FormDraft; readonly houseCode: string }
  | { readonly service: 'deregistration'; readonly card: IdCardText; readonly face: FaceFacts; readonly creditCode: string };

export interface DecidedOutcome {
  readonly alreadyIssued?: false;
  readonly applicationId: string;
  readonly decision: DecisionView;
  /** The licence issued or deregistered; null unless approved. */
  readonly licence: LicenceSummary | null;
}

/**
 * Nothing was decided: the applicant already holds a licence issued today from the same
 * details (a retry after the kiosk stopped before it printed). `applicationId` is the
 * application that issued it, whose print job is the licence's own.
 */
export interface AlreadyIssuedOutcome {
  readonly alreadyIssued: true;
  readonly applicationId: string;
  readonly licence: LicenceSummary;
}

export type JourneyOutcome = DecidedOutcome | AlreadyIssuedOutcome;

export type LicenceList = { readonly licences: LicenceSummary[]; readonly referral?: undefined } | { readonly referral: Problem };

export interface JourneyServices {
  readCard(): Promise<CardAttempt>;
  /** The face descriptor of the card's photo, computed in the core; the photo itself is dropped at once. */
  describeIdPhoto(reading: CardOnReader): Promise<IdPhotoDescription>;
  /**
   * The descriptor and landmark pose of the one face in a live picture the renderer sent
   * (JPEG), computed in the core with the same face module; null when it holds no single
   * face or cannot be read. The caller overwrites the bytes and the descriptor after use.
   */
  describeFacePicture(jpeg: Uint8Array): Promise<DescribedPicture | null>;
  /** Today in Shenzhen (ISO date), for the card's validity. */
  today(): string;
  /** 行政区划 of a business name: fixed by the registering authority. */
  nameRegion(): string;
  /** Live validation of the form, at most one problem per field, in the rules' own words. */
  formProblems(form: FormDraft): Problem[];
  lookupAddress(houseCode: string): AddressAnswer;
  /**
   * The operator's active licences, for deregistration: from every kiosk when a centre
   * is configured; a referral with its reason when the centre cannot be asked.
   */
  activeLicences(idNumber: string): Promise<LicenceList>;
  /**
   * Decides the application, records it in the registry (issuing or deregistering the
   * licence on approval) and queues what is to be printed: all of it or nothing.
   */
  submit(application: JourneyApplication): Promise<JourneyOutcome>;
  /**
   * Hands an already-issued licence over: `reprint` false prints the job its application
   * queued (queued again only if it is missing, so never twice), true queues a reprint
   * marked with its reason. Returns the request key of the jobs to watch.
   */
  collectIssued(creditCode: string, applicationId: string, reprint: boolean): string;
  /** The print jobs this application queued, now and on every change; returns the unsubscribe function. */
  watchPrinting(creditCode: string, applicationId: string, listener: (jobs: PrintJobView[]) => void): () => void;
  /** An entry in the audit log; callers pass no personal data. */
  audit(event: string, data: { [key: string]: JsonValue }): void;
}
