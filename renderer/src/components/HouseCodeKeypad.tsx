/**
 * The 25-digit house code on a large keypad, shown in its levels 6-3-3-2-5-6 (district,
 * street, community, grid, building, room) so the applicant can compare it group by
 * group with the paper. Digits only; backspace and clear.
 */
import type { Messages } from '../i18n';
import { format } from '../i18n';
import { DigitKeypad } from '../input/DigitKeypad';

export const HOUSE_CODE_GROUPS = [6, 3, 3, 2, 5, 6] as const;
export const HOUSE_CODE_LENGTH = HOUSE_CODE_GROUPS.reduce((a, b) => a + b, 0);

/** The digits typed so far cut into the code's groups; empty places stay as placeholders. */
export function groupDigits(digits: string): string[][] {
  let at = 0;
  return HOUSE_CODE_GROUPS.map((size) => {
    const group = Array.from({ length: size }, (_, i) => digits[at + i] ?? '');
    at += size;
    return group;
  });
}

export function HouseCodeKeypad({ digits, onChange, m }: { digits: string; onChange(digits: string): void; m: Messages }) {
  const j = m.journey;
  const press = (digit: string) => {
    if (digits.length < HOUSE_CODE_LENGTH) onChange(digits + digit);
  };
  return (
    <div className="keypad-block">
      <p className="house-code" data-house-code={digits}>
        <span className="visually-hidden">{`${j.houseCodeTitle} ${digits}`}</span>
        {groupDigits(digits).map((group, g) => (
          <span key={g} className="house-code__group" aria-hidden="true">
            {group.map((d, i) => (
              <span key={i} className={`house-code__digit${d ? '' : ' house-code__digit--empty'}`}>
                {d || '·'}
              </span>
            ))}
          </span>
        ))}
      </p>
      <p className="hint" aria-live="polite">
        {format(j.houseCodeDigits, { count: digits.length })}
      </p>
      <DigitKeypad m={m} label={j.houseCodeTitle} onDigit={press} onClear={() => onChange('')} onBackspace={() => onChange(digits.slice(0, -1))} />
    </div>
  );
}
