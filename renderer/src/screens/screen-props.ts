import type { KioskBridge, SessionCommand, SessionSnapshot } from '../contract';
import type { Messages } from '../i18n';

export type JourneyStepName = SessionSnapshot['state'];

/** What every journey screen gets: the latest snapshot (its only source of data) and a way to report what the applicant did. */
export interface ScreenProps {
  session: SessionSnapshot;
  m: Messages;
  send(command: SessionCommand): void;
}

/** Screens that query the core themselves (the scope catalogue, the face frames) also get the bridge. */
export interface BridgedScreenProps extends ScreenProps {
  bridge: KioskBridge;
}
