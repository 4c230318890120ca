import { Step } from '../components/Step';
import { localized } from '../i18n';
import type { ScreenProps } from './screen-props';

/** The outcome and every rule's reason; failed rules first, in plain words. */
export function DecisionScreen(props: ScreenProps) {
  const { session, m, send } = props;
  const j = m.journey;
  const decision = session.decision;
  const outcome = decision?.outcome ?? 'refer';
  const reasons = [...(decision?.reasons ?? [])].sort((a, b) => Number(a.passed) - Number(b.passed));
  return (
    <Step {...props} name="decision" title={j.decisionTitle} instruction={j.outcomeHint[outcome]} cancel={outcome !== 'approve'}>
      <p className={`outcome outcome--${outcome}`} data-outcome={outcome}>
        {j.outcome[outcome]}
      </p>
      <ul className="reasons">
        {reasons.map((r) => (
          <li key={r.rule} className={`reason reason--${r.passed ? 'passed' : 'failed'}`} data-rule={r.rule} data-passed={r.passed}>
            <span className="reason__mark">{r.passed ? `✔ ${j.rulePassed}` : `✘ ${j.ruleFailed}`}</span> {localized(r.message, session.language)}
          </li>
        ))}
      </ul>
      <button type="button" className="button button--primary button--wide" onClick={() => send({ type: 'CONTINUE' })}>
        {m.continue}
      </button>
    </Step>
  );
}
