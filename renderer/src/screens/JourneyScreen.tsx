/**
 * Picks the screen for the session's state. Each screen is keyed by the state, so any
 * local state (digits typed, a search) is dropped the moment the step changes.
 */
import type { KioskBridge, SessionCommand, SessionSnapshot } from '../contract';
import type { Messages } from '../i18n';
import { AlreadyIssuedScreen } from './AlreadyIssuedScreen';
import { ChooseLicenceScreen } from './ChooseLicenceScreen';
import { ConsentScreen } from './ConsentScreen';
import { DecidingScreen } from './DecidingScreen';
import { DecisionScreen } from './DecisionScreen';
import { DetailsScreen } from './DetailsScreen';
import { DoneScreen } from './DoneScreen';
import { FaceScreen } from './FaceScreen';
import { HouseCodeScreen } from './HouseCodeScreen';
import { IdCardScreen } from './IdCardScreen';
import { PrintingScreen } from './PrintingScreen';
import { RatingScreen } from './RatingScreen';
import { ReferralScreen } from './ReferralScreen';
import { ReviewScreen } from './ReviewScreen';
import type { BridgedScreenProps } from './screen-props';
import { WelcomeScreen } from './WelcomeScreen';

type Journey = Exclude<SessionSnapshot['state'], 'attract'>;

const SCREENS: Record<Journey, (props: BridgedScreenProps) => React.JSX.Element> = {
  welcome: WelcomeScreen,
  consent: ConsentScreen,
  idcard: IdCardScreen,
  face: FaceScreen,
  details: DetailsScreen,
  'house-code': HouseCodeScreen,
  'choose-licence': ChooseLicenceScreen,
  review: ReviewScreen,
  deciding: DecidingScreen,
  decision: DecisionScreen,
  printing: PrintingScreen,
  done: DoneScreen,
  rating: RatingScreen,
  referral: ReferralScreen,
  'already-issued': AlreadyIssuedScreen,
};

export function JourneyScreen({ session, m, send, bridge }: { session: SessionSnapshot & { state: Journey }; m: Messages; send(command: SessionCommand): void; bridge: KioskBridge }) {
  const Screen = SCREENS[session.state];
  return <Screen key={session.state} session={session} m={m} send={send} bridge={bridge} />;
}
