/**
 * Runs the kiosk machine and turns its snapshots into the contract's SessionSnapshot,
 * the only view of a session that leaves the core.
 */
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import type { SessionCommand, SessionSnapshot } from '../contract';
import { kioskMachine, type KioskMachineInput } from './kiosk-machine';

type MachineSnapshot = SnapshotFrom<typeof kioskMachine>;

export class SessionService {
  private readonly actor: Actor<typeof kioskMachine>;
  private readonly listeners = new Set<(snapshot: SessionSnapshot) => void>();
  private last: SessionSnapshot;

  constructor(input: KioskMachineInput) {
    this.actor = createActor(kioskMachine, { input });
    this.last = toView(this.actor.getSnapshot());
    this.actor.subscribe((snapshot) => {
      const view = toView(snapshot);
      if (sameView(view, this.last)) return;
      this.last = view;
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
  }
}

function toView(snapshot: MachineSnapshot): SessionSnapshot {
  const { context } = snapshot;
  const [state = 'attract'] = Object.keys(typeof snapshot.value === 'string' ? { [snapshot.value]: 1 } : snapshot.value);
  return {
    state,
    language: context.language,
    inactivityDeadline: context.lastActivityAt === null ? null : context.lastActivityAt + context.inactivityTimeoutMs,
    inactivityWarning: snapshot.matches({ welcome: 'warning' }),
  };
}

function sameView(a: SessionSnapshot, b: SessionSnapshot): boolean {
  return (
    a.state === b.state &&
    a.language === b.language &&
    a.inactivityDeadline === b.inactivityDeadline &&
    a.inactivityWarning === b.inactivityWarning
  );
}
