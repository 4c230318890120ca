import { Step } from '../components/Step';
import { InsertCard } from '../illustrations';
import type { ScreenProps } from './screen-props';

export function IdCardScreen(props: ScreenProps) {
  const j = props.m.journey;
  return (
    <Step {...props} name="idcard" title={j.idcardTitle} instruction={j.idcardInstruction} picture={<InsertCard />}>
      {props.session.problem ? (
        <button type="button" className="button button--primary button--wide" onClick={() => props.send({ type: 'RETRY' })}>
          {j.retry}
        </button>
      ) : (
        <p className="waiting" aria-live="polite">
          {j.idcardReading}
        </p>
      )}
    </Step>
  );
}
