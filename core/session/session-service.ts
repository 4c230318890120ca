/**
 * Runs the kiosk machine and turns its snapshots into the contract's SessionSnapshot,
 * the only view of a session that leaves the core.
 */
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import type { SessionCommand, SessionSnapshot } from '../contract';
import type { JourneyStep } from './journey-types';
import { applicantView } from './card-check';
import { kioskMachine, type KioskMachineInput } from './kiosk-machine';

type MachineSnapshot = SnapshotFrom<typeof kioskMachine>;

export class SessionService {
  private readonly actor: Actor<typeof kioskMachine>;
  private readonly listeners = new Set<(snapshot: SessionSnapshot) => void>();
  private last: SessionSnapshot;
  private lastJson: string;

  /** `dispose` releases what the services hold open (e.g. the address base) on stop(). */
  constructor(
    input: KioskMachineInput,
    private readonly dispose: () => void = () => undefined,
  ) {
    this.actor = createActor(kioskMachine, { input });
    this.last = toView(this.actor.getSnapshot());
    this.lastJson = JSON.stringify(this.last);
    this.actor.subscribe((snapshot) => {
      const view = toView(snapshot);
      // The machine changes more often than what the screens show (e.g. a frame that only counted).
      const json = JSON.stringify(view);
      if (json === this.lastJson) return;
      this.last = view;
      this.lastJson = json;
      for (const listener of this.listeners) listener(view);
    });
    this.actor.start();
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
