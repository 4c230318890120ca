/**
 * The applicant's journey as a state machine (XState v5).
 *
 * attract → session, where `session` runs two regions side by side: the journey's steps
 * (welcome … rating) and an inactivity clock (active → warning → back to attract) that
 * every applicant command restarts. Leaving `session` for any reason passes through
 * attract, whose entry wipes everything the applicant gave.
 *
 * Slow work runs in invoked actors (card polling, the ID photo's descriptor, the
 * decision with registry and print queue, print progress) built on the injected
 * JourneyServices, so the machine is tested with fakes and wired to the real modules
 * in journey-services.ts.
 */
import { assign, fromCallback, fromPromise, setup } from 'xstate';
import { wipe } from '../../face/descriptor';
import type { FaceSettings } from '../../face/settings';
import type { IdCardText } from '../../hardware/idcard/card-text';
import type { Language, SessionCommand } from '../contract';
import { cardProblem } from './card-check';
import { FaceCheck, type FaceAttemptFailure } from './face-check';
import { journeyProblem, printProblem, type JourneyProblemCode } from './journey-messages';
import { SESSION_ENDED_EVENT, sessionEnd } from './session-end';
import type { CardAttempt, CardOnReader, JourneyApplication, JourneyOutcome, JourneyServices, LicenceList } from './journey-ports';
import type { AddressView, DecisionView, FormDraft, LicenceSummary, PrintJobView, Problem, Service } from './journey-types';

export interface KioskMachineInput {
  defaultLanguage: Language;
  inactivityTimeoutMs: number;
  inactivityWarningMs: number;
  face: FaceSettings;
  /** The counter a referred applicant goes to (ui.referralCounter). */
  referralCounter: string;
  /** Pause between two looks at an empty card reader. */
  cardPollMs: number;
  services: JourneyServices;
  /** For the liveness challenge; Math.random unless a test fixes it. */
  random?: () => number;
}

/** Everything of one applicant; all of it is reset on the way back to attract. */
export interface ApplicantData {
  service: Service | null;
  largeText: boolean;
  problem: Problem | null;
  card: IdCardText | null;
  /** Only between reading the card and describing its photo. */
  reading: CardOnReader | null;
  faceCheck: FaceCheck | null;
  form: FormDraft | null;
  formProblems: Problem[];
  address: AddressView | null;
  licences: LicenceSummary[];
  chosenLicence: string | null;
  applicationId: string | null;
  decision: DecisionView | null;
  licence: LicenceSummary | null;
  /** The request whose print jobs the printing step follows: the application's, or a reprint's. */
  printRequest: string | null;
  printing: PrintJobView[];
  counter: string | null;
  /** Why the applicant was sent to the counter (the problem's code), for the session's end record. */
  referralReason: string | null;
  /** Date.now() when the card was read, and when the licence was issued: the session's end record gives the time between. */
  cardReadAt: number | null;
  licenceAt: number | null;
}

export interface KioskContext extends KioskMachineInput, ApplicantData {
  language: Language;
  lastActivityAt: number | null;
}

export const EMPTY_APPLICANT: Readonly<ApplicantData> = Object.freeze({
  service: null,
  largeText: false,
  problem: null,
  card: null,
  reading: null,
  faceCheck: null,
  form: null,
  formProblems: [],
  address: null,
  licences: [],
  chosenLicence: null,
  applicationId: null,
  decision: null,
  licence: null,
  printRequest: null,
  printing: [],
  counter: null,
  referralReason: null,
  cardReadAt: null,
  licenceAt: null,
});

/**
 * What survives a session that failed (session-service.ts): the applicant's settings
 * and what they came for, never their data. Sent to a fresh machine, whose attract
 * state sends the applicant to the counter with the message that goes with it.
 */
export interface SessionFailure {
  language: Language;
  largeText: boolean;
  service: Service | null;
  /** The application had been decided: what it gave is kept and waits at the counter. */
  decided: boolean;
}

type InternalEvent =
  | ({ type: 'SESSION_FAILED' } & SessionFailure)
  | { type: 'CARD_READ'; reading: CardOnReader }
  | { type: 'CARD_PROBLEM'; code: JourneyProblemCode }
  /** The jobs of one print request; a request the session no longer follows may still report once. */
  | { type: 'PRINT_JOBS'; request: string; jobs: PrintJobView[] }
  /** The face check moved on by itself: the core finished describing a picture. */
  | { type: 'FACE_SETTLED' };

export type KioskEvent = SessionCommand | InternalEvent;

/** Every command an applicant can give restarts the inactivity clock, except CANCEL, which ends the session. */
const APPLICANT_COMMANDS = [
  'START', 'ACTIVITY', 'BACK', 'SET_LANGUAGE', 'SET_LARGE_TEXT', 'CHOOSE_SERVICE', 'CONSENT', 'FACE_FRAME', 'RETRY',
  'UPDATE_FORM', 'SUBMIT_FORM', 'SUBMIT_HOUSE_CODE', 'CONFIRM_ADDRESS', 'CHOOSE_LICENCE', 'CONFIRM_REVIEW', 'CONTINUE', 'RATE',
  'COLLECT_ISSUED',
] as const satisfies readonly Exclude<SessionCommand['type'], 'CANCEL'>[];

// On the clock's own (atomic) states: a handler on the region itself would, in XState v5,
// win over the journey's handler of the same event instead of running beside it.
// For the same reason the settings the applicant changes during a session are applied here.
const SETTING_ACTIONS: Partial<Record<SessionCommand['type'], string>> = { SET_LANGUAGE: 'setLanguage', SET_LARGE_TEXT: 'setLargeText' };
const restartClock = Object.fromEntries(
  APPLICANT_COMMANDS.map((type) => [type, { target: 'active', reenter: true, actions: SETTING_ACTIONS[type] ?? [] }]),
);

/** Overwrites the descriptors and the card's photo; the caller drops the rest of the applicant's data. */
export function wipeApplicant(context: Pick<ApplicantData, 'faceCheck' | 'reading'>): void {
  context.faceCheck?.dispose();
  context.reading?.wlt.fill(0);
}

function problemOf(code: JourneyProblemCode): { problem: Problem } {
  return { problem: journeyProblem(code) };
}

const FACE_FAILURE_PROBLEMS: Record<FaceAttemptFailure, JourneyProblemCode> = {
  'not-matched': 'face-not-matched',
  'liveness-timed-out': 'face-liveness-timed-out',
  'liveness-other-face': 'face-changed',
};

/** The problem to show after the face check's latest move: why the attempt failed, else whatever was shown. */
function faceProblem(context: KioskContext): { problem: Problem | null } {
  const check = context.faceCheck;
  if (check?.outcome !== 'attempt-failed' || !check.lastFailure) return { problem: context.problem };
  return problemOf(FACE_FAILURE_PROBLEMS[check.lastFailure]);
}

function applicationOf(context: KioskContext): JourneyApplication {
  const card = context.card as IdCardText;
  const face = context.faceCheck?.facts;
  if (!face) throw new Error('no face check result to apply with');
  if (context.service === 'deregistration') return { service: 'deregistration', card, face, creditCode: context.chosenLicence as string };
  return { service: 'registration', card, face, form: context.form as FormDraft, houseCode: (context.address as AddressView).houseCode };
}

function emptyForm(services: JourneyServices): FormDraft {
  return { name: { region: services.nameRegion(), tradeName: '', industry: '', organisationForm: '' }, scope: [], compositionForm: '个人经营', phone: '' };
}

function patchedForm(form: FormDraft, patch: Extract<SessionCommand, { type: 'UPDATE_FORM' }>['patch'], services: JourneyServices): FormDraft {
  const { name, ...rest } = patch;
  const next: FormDraft = { ...form, ...rest };
  if (name === null) next.name = null;
  else if (name !== undefined) next.name = { ...(form.name ?? emptyForm(services).name), ...name, region: services.nameRegion() } as FormDraft['name'];
  return next;
}

/** The print jobs of the request the session follows (context.printRequest), as PRINT_JOBS events. */
const followPrintRequest = {
  src: 'printProgress',
  input: ({ context }: { context: KioskContext }) => ({
    services: context.services,
    creditCode: (context.licence as LicenceSummary).creditCode,
    applicationId: context.printRequest as string,
  }),
} as const;

export const kioskMachine = setup({
  types: {
    context: {} as KioskContext,
    events: {} as KioskEvent,
    input: {} as KioskMachineInput,
  },
  delays: {
    untilWarning: ({ context }) => context.inactivityTimeoutMs - context.inactivityWarningMs,
    untilWipe: ({ context }) => context.inactivityWarningMs,
  },
  actors: {
    /** Asks the reader every cardPollMs until a card is there; nothing happens while it is empty. */
    cardReader: fromCallback<KioskEvent, { services: JourneyServices; pollMs: number }>(({ sendBack, input }) => {
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      const poll = async (): Promise<void> => {
        let attempt: CardAttempt;
        try {
          attempt = await input.services.readCard();
        } catch {
          attempt = { kind: 'reader-unavailable' };
        }
        if (stopped) {
          if (attempt.kind === 'card') attempt.reading.wlt.fill(0);
          return;
        }
        if (attempt.kind === 'card') sendBack({ type: 'CARD_READ', reading: attempt.reading });
        else if (attempt.kind === 'no-card') timer = setTimeout(() => void poll(), input.pollMs);
        else sendBack({ type: 'CARD_PROBLEM', code: attempt.kind === 'unreadable' ? 'card-unreadable' : 'reader-unavailable' });
      };
      void poll();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    }),
    idPhoto: fromPromise<Float32Array | null, { services: JourneyServices; reading: CardOnReader }>(async ({ input, signal }) => {
      const described = await input.services.describeIdPhoto(input.reading);
      input.reading.wlt.fill(0);
      if (!described.ok) return null;
      // A session that ended meanwhile must not leave the descriptor behind.
      if (signal.aborted) {
        wipe(described.descriptor);
        return null;
      }
      return described.descriptor;
    }),
    licenceList: fromPromise<LicenceList, { services: JourneyServices; idNumber: string }>(({ input }) => input.services.activeLicences(input.idNumber)),
    application: fromPromise<JourneyOutcome, { services: JourneyServices; application: JourneyApplication }>(({ input }) =>
      input.services.submit(input.application),
    ),
    /** Tells the machine when the face check settles by itself (the core's own look at a picture finished). */
    faceSettling: fromCallback<KioskEvent, { check: FaceCheck }>(({ sendBack, input }) => input.check.onSettled(() => sendBack({ type: 'FACE_SETTLED' }))),
    printProgress: fromCallback<KioskEvent, { services: JourneyServices; creditCode: string; applicationId: string }>(({ sendBack, input }) =>
      input.services.watchPrinting(input.creditCode, input.applicationId, (jobs) => sendBack({ type: 'PRINT_JOBS', request: input.applicationId, jobs })),
    ),
  },
  guards: {
    consentedToAll: ({ event }) => event.type === 'CONSENT' && event.general && event.face,
    declinedFaceCheck: ({ event }) => event.type === 'CONSENT' && event.general && !event.face,
    cardUsable: ({ context, event }) => event.type === 'CARD_READ' && cardProblem(event.reading.card, context.services.today()) === undefined,
    faceOutcomeIs: ({ context }, expected: 'passed-registration' | 'passed-deregistration' | 'referred') => {
      const outcome = context.faceCheck?.outcome;
      return outcome === 'passed' ? expected === `passed-${context.service ?? 'registration'}` : outcome === expected;
    },
    isRegistration: ({ context }) => context.service === 'registration',
    formComplete: ({ context }) => context.formProblems.length === 0,
    addressResolved: ({ context }) => context.address !== null,
    licenceListed: ({ context, event }) => event.type === 'CHOOSE_LICENCE' && context.licences.some((l) => l.creditCode === event.creditCode),
    notYetApplied: ({ context }) => context.applicationId === null,
    outcomeIs: ({ context }, outcome: DecisionView['outcome']) => context.decision?.outcome === outcome,
    allPrinted: ({ context }) => context.printing.length > 0 && context.printing.every((job) => job.state === 'printed'),
    /** Nothing more will come out: the applicant may go (staff reprint from maintenance). */
    printingGaveUp: ({ context }) => context.printing.length === 0 || context.printing.some((job) => job.state === 'failed'),
  },
  actions: {
    noteActivity: assign({ lastActivityAt: () => Date.now() }),
    // Everything the applicant gave goes; descriptors and the card's photo are overwritten first.
    wipeSession: assign(({ context }) => {
      wipeApplicant(context);
      return { ...EMPTY_APPLICANT, language: context.defaultLanguage, lastActivityAt: null };
    }),
    setLanguage: assign({ language: ({ context, event }) => (event.type === 'SET_LANGUAGE' ? event.language : context.language) }),
    setLargeText: assign({ largeText: ({ context, event }) => (event.type === 'SET_LARGE_TEXT' ? event.on : context.largeText) }),
    clearProblem: assign({ problem: null }),
    refer: assign({ counter: ({ context }) => context.referralCounter, referralReason: ({ context }) => context.problem?.code ?? 'referred' }),
    notePrintJobs: assign(({ context, event }) => {
      if (event.type !== 'PRINT_JOBS' || event.request !== context.printRequest) return {};
      if (event.jobs.length === 0) return { printing: [], problem: journeyProblem('print-failed') };
      const troubled = event.jobs.find((job) => job.state === 'failed') ?? event.jobs.find((job) => job.state === 'waiting');
      const problem = troubled && (troubled.problem ?? printProblem(troubled.state as 'waiting' | 'failed', null));
      return { printing: event.jobs, problem: problem ?? null };
    }),
  },
}).createMachine({
  id: 'kiosk',
  context: ({ input }) => ({ ...input, ...EMPTY_APPLICANT, language: input.defaultLanguage, lastActivityAt: null }),
  initial: 'attract',
  states: {
    attract: {
      entry: 'wipeSession',
      on: {
        START: { target: 'session' },
        SET_LANGUAGE: { actions: 'setLanguage' },
        SESSION_FAILED: {
          target: '#kiosk.session.journey.referral',
          actions: assign(({ event }) => ({
            language: event.language,
            largeText: event.largeText,
            service: event.service,
            ...problemOf(event.decided ? 'session-failed-after-decision' : 'session-failed'),
          })),
        },
      },
    },
    session: {
      type: 'parallel',
      // Before attract wipes the context: where and why the session ended (counted by the centre, core/centre/outbox.ts).
      exit: ({ context, event, self }) => context.services.audit(SESSION_ENDED_EVENT, sessionEnd(self.getSnapshot().value, context, event.type)),
      on: {
        CANCEL: { target: 'attract' },
      },
      states: {
        journey: {
          initial: 'welcome',
          states: {
            welcome: {
              on: {
                CHOOSE_SERVICE: {
                  target: 'consent',
                  actions: [
                    assign({ service: ({ event }) => event.service }),
                    // Counted by maintenance (sessions, pass rate); nothing personal is known yet.
                    ({ context, event }) => context.services.audit('journey.started', { service: event.service }),
                  ],
                },
              },
            },
            consent: {
              on: {
                CONSENT: [
                  { guard: 'consentedToAll', target: 'idcard', actions: 'clearProblem' },
                  { guard: 'declinedFaceCheck', target: 'referral', actions: assign(() => problemOf('face-declined')) },
                  { actions: assign(() => problemOf('consent-required')) },
                ],
                BACK: { target: 'welcome', actions: 'clearProblem' },
              },
            },
            idcard: {
              initial: 'reading',
              on: { BACK: { target: 'consent', actions: 'clearProblem' } },
              states: {
                reading: {
                  invoke: { src: 'cardReader', input: ({ context }) => ({ services: context.services, pollMs: context.cardPollMs }) },
                  on: {
                    CARD_READ: [
                      {
                        guard: 'cardUsable',
                        target: 'describing',
                        actions: assign(({ event }) => ({ card: event.reading.card, reading: event.reading, problem: null, cardReadAt: Date.now() })),
                      },
                      {
                        target: 'problem',
                        actions: assign(({ context, event }) => {
                          event.reading.wlt.fill(0);
                          return problemOf(cardProblem(event.reading.card, context.services.today()) ?? 'card-invalid');
                        }),
                      },
                    ],
                    CARD_PROBLEM: { target: 'problem', actions: assign(({ event }) => problemOf(event.code)) },
                  },
                },
                describing: {
                  invoke: {
                    src: 'idPhoto',
                    input: ({ context }) => ({ services: context.services, reading: context.reading as CardOnReader }),
                    onDone: [
                      {
                        guard: ({ event }) => event.output !== null,
                        target: '#kiosk.session.journey.face',
                        actions: assign(({ context, event }) => ({
                          reading: null,
                          faceCheck: new FaceCheck(event.output as Float32Array, {
                            settings: context.face,
                            random: context.random,
                            describePicture: (jpeg) => context.services.describeFacePicture(jpeg),
                            // Signals with their values, for review and risk policy; nothing that identifies anyone.
                            onAttemptEnd: (record) => context.services.audit('face.attempt', { ...record, liveness: record.liveness.map((signal) => ({ ...signal })) }),
                          }),
                        })),
                      },
                      { target: '#kiosk.session.journey.referral', actions: assign(() => ({ reading: null, ...problemOf('id-photo-unusable') })) },
                    ],
                    onError: { target: 'problem', actions: assign(() => ({ reading: null, ...problemOf('card-unreadable') })) },
                  },
                },
                problem: {
                  on: { RETRY: { target: 'reading', actions: 'clearProblem' } },
                },
              },
            },
            face: {
              invoke: { src: 'faceSettling', input: ({ context }) => ({ check: context.faceCheck as FaceCheck }) },
              on: {
                FACE_FRAME: {
                  // FaceCheck is the session's own mutable helper; a new context object makes the change visible.
                  actions: assign(({ context, event }) => {
                    context.faceCheck?.offer(event.frame, Date.now());
                    return faceProblem(context);
                  }),
                },
                FACE_SETTLED: { actions: assign(({ context }) => faceProblem(context)) },
                RETRY: {
                  actions: assign(({ context }) => {
                    context.faceCheck?.retry();
                    return { problem: null };
                  }),
                },
              },
              initial: 'checking',
              states: {
                checking: {
                  always: [
                    { guard: { type: 'faceOutcomeIs', params: 'passed-registration' }, target: '#kiosk.session.journey.details' },
                    { guard: { type: 'faceOutcomeIs', params: 'passed-deregistration' }, target: 'finding-licences' },
                    { guard: { type: 'faceOutcomeIs', params: 'referred' }, target: '#kiosk.session.journey.referral', actions: assign(() => problemOf('face-referred')) },
                  ],
                },
                // The applicant's licences, perhaps from the centre: the passed face stays on screen meanwhile.
                'finding-licences': {
                  invoke: {
                    src: 'licenceList',
                    input: ({ context }) => ({ services: context.services, idNumber: (context.card as IdCardText).idNumber }),
                    onDone: [
                      {
                        guard: ({ event }) => event.output.referral !== undefined,
                        target: '#kiosk.session.journey.referral',
                        actions: assign(({ event }) => ({ problem: event.output.referral ?? null })),
                      },
                      {
                        target: '#kiosk.session.journey.choose-licence',
                        actions: assign(({ event }) => {
                          const licences = 'licences' in event.output ? event.output.licences : [];
                          return { licences, problem: licences.length === 0 ? journeyProblem('no-active-licence') : null };
                        }),
                      },
                    ],
                    // A failure here is the session's own (failed and wiped, as for a throw).
                    onError: {
                      actions: ({ event }) => {
                        throw event.error;
                      },
                    },
                  },
                },
              },
            },
            details: {
              entry: assign(({ context }) => {
                const form = context.form ?? emptyForm(context.services);
                return { form, formProblems: context.services.formProblems(form), problem: null };
              }),
              on: {
                UPDATE_FORM: {
                  actions: assign(({ context, event }) => {
                    const form = patchedForm(context.form as FormDraft, event.patch, context.services);
                    const formProblems = context.services.formProblems(form);
                    return { form, formProblems, problem: formProblems.length === 0 ? null : context.problem };
                  }),
                },
                SUBMIT_FORM: [
                  { guard: 'formComplete', target: 'house-code', actions: 'clearProblem' },
                  { actions: assign(() => problemOf('form-incomplete')) },
                ],
              },
            },
            'house-code': {
              on: {
                SUBMIT_HOUSE_CODE: {
                  actions: assign(({ context, event }) => {
                    const answer = context.services.lookupAddress(event.houseCode);
                    return answer.ok ? { address: answer.view, problem: null } : { address: null, problem: answer.problem };
                  }),
                },
                CONFIRM_ADDRESS: [
                  { guard: 'addressResolved', target: 'review', actions: 'clearProblem' },
                  { actions: assign(() => problemOf('address-not-confirmed')) },
                ],
                BACK: { target: 'details', actions: 'clearProblem' },
              },
            },
            'choose-licence': {
              on: {
                CHOOSE_LICENCE: [
                  {
                    guard: 'licenceListed',
                    target: 'review',
                    actions: assign(({ event }) => ({ chosenLicence: event.creditCode, problem: null })),
                  },
                  { actions: assign(() => problemOf('licence-not-listed')) },
                ],
              },
            },
            review: {
              on: {
                CONFIRM_REVIEW: { guard: 'notYetApplied', target: 'deciding' },
                BACK: [
                  { guard: 'isRegistration', target: 'house-code' },
                  { target: 'choose-licence', actions: assign({ chosenLicence: null }) },
                ],
              },
            },
            deciding: {
              invoke: {
                src: 'application',
                input: ({ context }) => ({ services: context.services, application: applicationOf(context) }),
                onDone: [
                  {
                    guard: ({ event }) => event.output.alreadyIssued === true,
                    target: 'already-issued',
                    actions: assign(({ event }) => ({ applicationId: event.output.applicationId, printRequest: event.output.applicationId, licence: event.output.licence })),
                  },
                  {
                    target: 'decision',
                    actions: assign(({ context, event }) => ({
                      applicationId: event.output.applicationId,
                      printRequest: event.output.applicationId,
                      decision: event.output.alreadyIssued ? null : event.output.decision,
                      licence: event.output.licence,
                      licenceAt: event.output.licence && context.service === 'registration' ? Date.now() : null,
                    })),
                  },
                ],
                onError: { target: 'referral', actions: assign(() => problemOf('service-unavailable')) },
              },
            },
            decision: {
              on: {
                CONTINUE: [
                  { guard: { type: 'outcomeIs', params: 'approve' }, target: 'printing' },
                  { guard: { type: 'outcomeIs', params: 'refer' }, target: 'referral' },
                  { target: 'rating' },
                ],
              },
            },
            // The licence was issued before the kiosk stopped: shown with how far its print job got.
            'already-issued': {
              invoke: followPrintRequest,
              on: {
                PRINT_JOBS: { actions: 'notePrintJobs' },
                COLLECT_ISSUED: {
                  target: 'printing',
                  actions: assign(({ context, event }) => ({
                    printRequest: context.services.collectIssued((context.licence as LicenceSummary).creditCode, context.applicationId as string, event.reprint),
                    printing: [],
                    problem: null,
                  })),
                },
              },
            },
            printing: {
              invoke: followPrintRequest,
              on: {
                PRINT_JOBS: { actions: 'notePrintJobs' },
                CONTINUE: { guard: 'printingGaveUp', target: 'done' },
              },
              always: { guard: 'allPrinted', target: 'done', actions: 'clearProblem' },
            },
            done: {
              on: { CONTINUE: { target: 'rating' } },
            },
            rating: {
              entry: 'clearProblem',
              on: {
                RATE: {
                  target: '#kiosk.attract',
                  actions: ({ context, event }) =>
                    context.services.audit('journey.rated', {
                      stars: event.stars,
                      service: context.service,
                      outcome: context.decision?.outcome ?? (context.counter === null ? null : 'referred'),
                    }),
                },
                CONTINUE: { target: '#kiosk.attract' },
              },
            },
            referral: {
              entry: 'refer',
              on: { CONTINUE: { target: 'rating' } },
            },
          },
        },
        // After the journey: where both want to move, the journey's transition (e.g. RATE → attract) wins.
        inactivity: {
          initial: 'active',
          states: {
            active: { entry: 'noteActivity', after: { untilWarning: 'warning' }, on: restartClock },
            warning: { after: { untilWipe: '#kiosk.attract' }, on: restartClock },
          },
        },
      },
    },
  },
});
