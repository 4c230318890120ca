/**
 * A text field for a touch screen: it shows its value and, when touched, asks for the
 * kiosk's keyboard (`onEdit`). It never takes typing itself (`inputMode="none"` keeps
 * any system keyboard away), so there is no IME composition to reason about.
 */
import type { ReactNode } from 'react';

interface Props {
  label: string;
  field: string;
  value: string;
  placeholder?: string;
  invalid?: boolean;
  editing: boolean;
  onEdit(): void;
  type?: 'text' | 'tel' | 'search';
  lang?: string;
  /** Shown under the field: its problem, if any. */
  children?: ReactNode;
}

export function TouchField({ label, field, value, placeholder, invalid = false, editing, onEdit, type = 'text', lang, children }: Props) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className={`input input--touch${editing ? ' input--editing' : ''}`}
        type={type}
        lang={lang}
        readOnly
        inputMode="none"
        autoComplete="off"
        value={value}
        placeholder={placeholder}
        data-field={field}
        data-editing={editing || undefined}
        aria-invalid={invalid}
        onClick={onEdit}
      />
      {children}
    </label>
  );
}
