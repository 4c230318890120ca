/**
 * The maintenance PIN pad: digits only, shown as dots; the core says whether it opens.
 * The same pad takes the new PIN that replaces the shipped one at the first entry.
 */
import { useEffect, useState } from 'react';
import type { UnlockResult } from '../contract';
import { useSecondsLeft } from '../components/use-countdown';
import { format } from '../i18n';
import type { MaintenanceMessages } from './maintenance-messages';
import type { NewPinAnswer } from './use-maintenance';

type PinPadAnswer = Exclude<UnlockResult | NewPinAnswer, { status: 'ok' }>;

const MAX_DIGITS = 12;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function PinPad({
  m,
  title = m.pinTitle,
  hint = m.pinHint,
  onSubmit,
  onCancel,
}: {
  m: MaintenanceMessages;
  title?: string;
  hint?: string;
  onSubmit(pin: string): Promise<UnlockResult | NewPinAnswer>;
  onCancel(): void;
}) {
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<PinPadAnswer>();
  // From the core's seconds left, not its clock: the countdown needs no synchronised clocks.
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const secondsLocked = useSecondsLeft(lockedUntil);

  const type = (digit: string) => setPin((p) => (p.length < MAX_DIGITS ? p + digit : p));
  const submit = async () => {
    if (!pin || busy) return;
    setBusy(true);
    try {
      const result = await onSubmit(pin);
      if (result.status !== 'ok') setAnswer(result);
      setLockedUntil(result.status === 'locked' ? Date.now() + result.secondsLeft * 1000 : null);
    } finally {
      setPin('');
      setBusy(false);
    }
  };

  // A service keyboard works too.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (/^\d$/.test(event.key)) type(event.key);
      else if (event.key === 'Backspace') setPin((p) => p.slice(0, -1));
      else if (event.key === 'Enter') void submit();
      else if (event.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="overlay maintenance-pin" role="dialog" aria-modal="true" aria-labelledby="maintenance-pin-title" data-screen="maintenance-pin">
      <div className="overlay__card">
        <h2 id="maintenance-pin-title">{title}</h2>
        <p className="hint">{hint}</p>
        <output className="maintenance-pin__dots" aria-label={hint} data-digits={pin.length}>
          {'●'.repeat(pin.length) || '\u00a0'}
        </output>
        <PinAnswer m={m} answer={answer} secondsLocked={secondsLocked} />
        <div className="maintenance-pin__keys">
          {KEYS.map((digit) => (
            <button key={digit} type="button" className="button key" onClick={() => type(digit)}>
              {digit}
            </button>
          ))}
          <button type="button" className="button key" onClick={() => setPin('')}>
            {m.pinClear}
          </button>
          <button type="button" className="button key" onClick={() => type('0')}>
            0
          </button>
          <button type="button" className="button key" onClick={() => setPin((p) => p.slice(0, -1))}>
            {m.pinBackspace}
          </button>
        </div>
        <div className="actions">
          <button type="button" className="button button--primary" disabled={!pin || busy} onClick={() => void submit()}>
            {m.pinOk}
          </button>
          <button type="button" className="button button--quiet" onClick={onCancel}>
            {m.cancel}
          </button>
        </div>
      </div>
    </div>
  );
}

function PinAnswer({ m, answer, secondsLocked }: { m: MaintenanceMessages; answer: PinPadAnswer | undefined; secondsLocked: number }) {
  if (!answer) return null;
  let text: string;
  if (answer.status === 'new-pin-refused') text = m.newPinProblems[answer.problem];
  else if (answer.status === 'wrong') text = format(m.pinWrong, { tries: answer.triesLeft });
  else if (answer.status === 'refused') text = m.pinRefused;
  else text = format(m.pinLocked, { minutes: Math.floor(secondsLocked / 60), seconds: secondsLocked % 60 });
  return (
    <p className="problem" role="alert" data-pin-answer={answer.status}>
      {text}
    </p>
  );
}
