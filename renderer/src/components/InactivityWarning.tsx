import { useEffect, useState } from 'react';
import { format, type Messages } from '../i18n';

/** The countdown before the session is wiped; touching "continue" keeps the session. */
export function InactivityWarning({ deadline, m, onContinue }: { deadline: number; m: Messages; onContinue(): void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="inactivity-title" aria-describedby="inactivity-hint">
      <div className="overlay__card">
        <h2 id="inactivity-title">{m.stillThere}</h2>
        <p id="inactivity-hint">{format(m.stillThereHint, { seconds })}</p>
        <button type="button" className="button button--primary" onClick={onContinue}>
          {m.continue}
        </button>
      </div>
    </div>
  );
}
