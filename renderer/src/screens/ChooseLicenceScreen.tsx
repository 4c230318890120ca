import { Step } from '../components/Step';
import type { ScreenProps } from './screen-props';

/** Deregistration: the applicant's active licences, one touch each. */
export function ChooseLicenceScreen(props: ScreenProps) {
  const { session, m, send } = props;
  const j = m.journey;
  return (
    <Step {...props} name="choose-licence" title={j.chooseLicenceTitle} instruction={j.chooseLicenceInstruction} back>
      {session.licences.length === 0 ? <p className="hint">{j.noLicences}</p> : null}
      <ul className="licence-list">
        {session.licences.map((licence) => (
          <li key={licence.creditCode}>
            <button type="button" className="licence-card" data-licence={licence.creditCode} onClick={() => send({ type: 'CHOOSE_LICENCE', creditCode: licence.creditCode })}>
              <strong>{licence.name ?? j.noName}</strong>
              <span>
                {j.creditCode} {licence.creditCode}
              </span>
              <span>{licence.address}</span>
              <span>
                {j.registrationDate} {licence.registrationDate}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Step>
  );
}
