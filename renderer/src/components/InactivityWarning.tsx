import { format, type Messages } from '../i18n';
import { useSecondsLeft } from './use-countdown';

/** The countdown before the session is wiped; touching "continue" keeps the session. */
export function InactivityWarning({ deadline, m, onContinue }: { deadline: number; m: Messages; onContinue(): void }) {
  const seconds = useSecondsLeft(deadline);
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="inactivity-title" aria-describedby="inactivity-hint" data-inactivity-warning>
      <div className="overlay__card">
        <h2 id="inactivity-title">{m.stillThere}</h2>
        <p id="inactivity-hint" data-seconds={seconds}>
          {format(m.stillThereHint, { seconds })}
        </p>
        <button type="button" className="button button--primary" onClick={onContinue}>
          {m.continue}
        </button>
      </div>
    </div>
  );
}
