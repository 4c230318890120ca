import { Step } from '../components/Step';
import { format } from '../i18n';
import type { ScreenProps } from './screen-props';

/** Sent to a counter: the number, big, and that staff will take over. */
export function ReferralScreen(props: ScreenProps) {
  const { session, m, send } = props;
  const j = m.journey;
  const counter = session.counter;
  return (
    <Step {...props} name="referral" title={j.referralTitle} instruction={counter ? format(j.referralInstruction, { counter }) : j.referralNoCounter} cancel={false}>
      {counter ? (
        <p className="counter" data-counter={counter}>
          <span>{j.counter}</span> <strong>{counter}</strong>
        </p>
      ) : null}
      <button type="button" className="button button--primary button--wide" onClick={() => send({ type: 'CONTINUE' })}>
        {j.finish}
      </button>
    </Step>
  );
}
