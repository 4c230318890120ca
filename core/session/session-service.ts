/**
 * Runs the kiosk machine and turns its snapshots into the contract's SessionSnapshot,
 * the only view of a session that leaves the core.
 *
 * A session survives its own failures: an exception in one of the machine's actions or
 * services puts an XState actor into its error state for good (and, unobserved, would
 * throw out of the process). Here the failure is reported (audit entry and `onError`),
 * what the failed session held is wiped, and a fresh machine sends the applicant to the
 * counter with a message in their language; from there the kiosk serves the next one.
 */
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import type { SessionCommand, SessionSnapshot } from '../contract';
import type { JourneyStep } from './journey-types';
import { applicantView } from './card-check';
import { kioskMachine, wipeApplicant, type KioskMachineInput, type SessionFailure } from './kiosk-machine';

type MachineSnapshot = SnapshotFrom<typeof kioskMachine>;

/** Told of every failure the session recovered from, and of a listener that threw. */
export type SessionErrorHandler = (error: unknown, step: JourneyStep) => void;

export class SessionService {
  private actor!: Actor<typeof kioskMachine>;
  private readonly listeners = new Set<(snapshot: SessionSnapshot) => void>();
  private last: SessionSnapshot;
  private lastJson: string;
  /** True while a fresh machine takes over: its passing attract state is not shown. */
  private recovering = false;

  /** `dispose` releases what the services hold open (e.g. the address base) on stop(). */
  constructor(
    private readonly input: KioskMachineInput,
    private readonly dispose: () => void = () => undefined,
    private readonly onError: SessionErrorHandler = () => undefined,
  ) {
    this.startMachine();
    this.last = toView(this.actor.getSnapshot());
    this.lastJson = JSON.stringify(this.last);
  }

  snapshot(): SessionSnapshot {
    return this.last;
  }

  send(command: SessionCommand): SessionSnapshot {
    this.actor.send(command);
    return this.last;
  }

  onChange(listener: (snapshot: SessionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.actor.stop();
    this.listeners.clear();
    this.dispose();
  }

  /** Starts a fresh machine as this.actor; a failure on its way in replaces it again (see recover). */
  private startMachine(failure?: SessionFailure): void {
    const actor = createActor(kioskMachine, { input: this.input });
    this.actor = actor;
    actor.subscribe({
      next: (snapshot) => {
        if (!this.recovering) this.publish(toView(snapshot));
      },
      error: (error) => this.recover(actor, error),
    });
    actor.start();
    if (failure) actor.send({ type: 'SESSION_FAILED', ...failure });
  }

  private recover(failed: Actor<typeof kioskMachine>, error: unknown): void {
    const snapshot = failed.getSnapshot();
    const { context } = snapshot;
    const step = stepOf(snapshot);
    // XState leaves a failed machine's invoked actors running (card polling, print
    // progress), and its public stop() refuses a child: _stop() is what the machine
    // itself calls when it leaves the invoking state (xstate 5, Actor#_stop).
    for (const child of Object.values(snapshot.children)) (child as unknown as { _stop?: () => void } | undefined)?._stop?.();
    wipeApplicant(context);
    this.report(error, step);
    try {
      context.services.audit('session.failed', { step, error: error instanceof Error ? error.name : typeof error });
    } catch (auditError) {
      this.report(auditError, step);
    }
    // A machine that fails again on its way to the counter starts plainly at attract.
    const failure: SessionFailure | undefined = this.recovering
      ? undefined
      : { language: context.language, largeText: context.largeText, service: context.service, decided: context.decision !== null };
    this.recovering = true;
    try {
      this.startMachine(failure);
    } finally {
      this.recovering = false;
    }
    this.publish(toView(this.actor.getSnapshot()));
  }

  private publish(view: SessionSnapshot): void {
    // The machine changes more often than what the screens show (e.g. a frame that only counted).
    const json = JSON.stringify(view);
    if (json === this.lastJson) return;
    this.last = view;
    this.lastJson = json;
    for (const listener of this.listeners) {
      try {
        listener(view);
      } catch (error) {
        this.report(error, view.state);
      }
    }
  }

  private report(error: unknown, step: JourneyStep): void {
    try {
      this.onError(error, step);
    } catch {
      // Nothing is left to tell; the session goes on.
    }
  }
}

/** The journey step shown: the state of the journey region, or attract. */
function stepOf(snapshot: MachineSnapshot): JourneyStep {
  if (snapshot.matches('attract')) return 'attract';
  const value = snapshot.value as { session: { journey: string | Record<string, unknown> } };
  const journey = value.session.journey;
  return (typeof journey === 'string' ? journey : Object.keys(journey)[0]) as JourneyStep;
}

export function toView(snapshot: MachineSnapshot): SessionSnapshot {
  const { context } = snapshot;
  return {
    state: stepOf(snapshot),
    language: context.language,
    largeText: context.largeText,
    inactivityDeadline: context.lastActivityAt === null ? null : context.lastActivityAt + context.inactivityTimeoutMs,
    inactivityWarning: snapshot.matches({ session: { inactivity: 'warning' } }),
    service: context.service,
    problem: context.problem,
    applicant: context.card && applicantView(context.card),
    face: context.faceCheck?.state ?? null,
    form: context.form,
    formProblems: context.formProblems,
    address: context.address,
    licences: context.licences,
    decision: context.decision,
    printing: context.printing,
    licence: context.licence,
    counter: context.counter,
  };
}
