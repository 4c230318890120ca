/** Which field of a form the on-screen keyboard is editing: one at a time, or none. */
import { useState } from 'react';

export interface FieldEditing {
  /** The `data-field` being edited, or null when the keyboard is closed. */
  readonly editing: string | null;
  /** Larger keys for the elder (large-text) mode. */
  readonly elder: boolean;
  edit(field: string): void;
  done(): void;
}

export function useFieldEditing(elder: boolean): FieldEditing {
  const [editing, setEditing] = useState<string | null>(null);
  return { editing, elder, edit: setEditing, done: () => setEditing(null) };
}
