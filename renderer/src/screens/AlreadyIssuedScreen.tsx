import { Fact } from '../components/Fact';
import { Step } from '../components/Step';
import { TakeLicence } from '../illustrations';
import type { ScreenProps } from './screen-props';

/**
 * An applicant back after the kiosk stopped: their licence was issued already. They take
 * it (its own print job, printed once) or ask for a reprint; the core issues nothing new.
 */
export function AlreadyIssuedScreen(props: ScreenProps) {
  const { session, m, send } = props;
  const j = m.journey;
  const licence = session.licence;
  const printed = session.printing.length > 0 && session.printing.every((job) => job.state === 'printed');
  return (
    <Step {...props} name="already-issued" title={j.alreadyIssuedTitle} instruction={printed ? j.alreadyIssuedPrinted : j.alreadyIssuedInstruction} picture={<TakeLicence />}>
      {licence ? (
        <dl className="facts facts--large" data-licence={licence.creditCode}>
          <Fact name="name" label={j.nameHeading} value={licence.name ?? j.noName} />
          <Fact name="credit-code" label={j.creditCode} value={licence.creditCode} />
          <Fact name="registration-date" label={j.registrationDate} value={licence.registrationDate} />
        </dl>
      ) : null}
      <div className="actions">
        {printed ? null : (
          <button type="button" className="button button--primary button--wide" onClick={() => send({ type: 'COLLECT_ISSUED', reprint: false })}>
            {j.takeIssued}
          </button>
        )}
        <button type="button" className={`button button--wide ${printed ? 'button--primary' : 'button--secondary'}`} onClick={() => send({ type: 'COLLECT_ISSUED', reprint: true })}>
          {j.reprintIssued}
        </button>
      </div>
    </Step>
  );
}
