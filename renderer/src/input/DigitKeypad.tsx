/**
 * A large 3 x 4 keypad of digits with clear and backspace: the house code, the phone
 * number and the keyboard's 123 mode. Every key is a real button (touch, screen readers).
 */
import type { Messages } from '../i18n';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

interface Props {
  m: Messages;
  /** What the keys type into, for screen readers. */
  label: string;
  onDigit(digit: string): void;
  onClear(): void;
  onBackspace(): void;
}

export function DigitKeypad({ m, label, onDigit, onClear, onBackspace }: Props) {
  const j = m.journey;
  return (
    <div className="keypad" role="group" aria-label={label}>
      {DIGITS.map((k) => (
        <button key={k} type="button" className="key" data-key={k} onClick={() => onDigit(k)}>
          {k}
        </button>
      ))}
      <button type="button" className="key key--action" data-key="clear" onClick={onClear}>
        {j.clear}
      </button>
      <button type="button" className="key" data-key="0" onClick={() => onDigit('0')}>
        0
      </button>
      <button type="button" className="key key--action" data-key="backspace" aria-label={j.backspace} onClick={onBackspace}>
        ⌫
      </button>
    </div>
  );
}
