import { Fact } from '../components/Fact';
import { Step } from '../components/Step';
import { TakeLicence } from '../illustrations';
import type { ScreenProps } from './screen-props';

export function DoneScreen(props: ScreenProps) {
  const { session, m, send } = props;
  const j = m.journey;
  const licence = session.licence;
  return (
    <Step {...props} name="done" title={j.doneTitle} instruction={session.service === 'deregistration' ? j.doneDeregistration : j.doneInstruction} picture={<TakeLicence />} cancel={false}>
      {licence ? (
        <dl className="facts facts--large" data-licence={licence.creditCode}>
          <Fact name="credit-code" label={j.creditCode} value={licence.creditCode} />
          <Fact name="name" label={j.nameHeading} value={licence.name ?? j.noName} />
          <Fact name="registration-date" label={j.registrationDate} value={licence.registrationDate} />
        </dl>
      ) : null}
      <button type="button" className="button button--primary button--wide" onClick={() => send({ type: 'CONTINUE' })}>
        {j.finish}
      </button>
    </Step>
  );
}
