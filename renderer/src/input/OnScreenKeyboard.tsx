/**
 * The kiosk's own keyboard for a touch screen (the operating system's would open windows
 * outside the kiosk): pinyin with a candidate bar, handwriting (HandwritingPad), digits. It is built on
 * react-simple-keyboard for the letter keys; candidates come from the shipped frequency
 * dictionary. It is placed in the page under the field it edits and scrolls so that the
 * field stays in view above it. Key presses are touches, so each one restarts the
 * session's inactivity clock (App's pointerdown listener).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import Keyboard from 'react-simple-keyboard';
import 'react-simple-keyboard/build/css/index.css';
import type { Messages } from '../i18n';
import { CandidateBar } from './CandidateBar';
import { DigitKeypad } from './DigitKeypad';
import { HandwritingPad } from './handwriting/HandwritingPad';
import { remainingAfter, type Candidate } from './pinyin/pinyin-engine';
import { usePinyinDictionary } from './pinyin/use-pinyin-dictionary';
import './keyboard.css';

export type KeyboardMode = 'pinyin' | 'handwriting' | 'digits';

interface Props {
  m: Messages;
  /** `data-field` of the field being edited: it is kept in view above the keyboard. */
  anchor: string;
  value: string;
  onChange(value: string): void;
  /** Pinyin typed but not yet turned into characters (a search can use it as initials). */
  onPending?(letters: string): void;
  onDone(): void;
  elder: boolean;
  modes?: readonly KeyboardMode[];
  maxLength?: number;
}

const LETTER_ROWS = ['q w e r t y u i o p', 'a s d f g h j k l', "z x c v b n m ' {bksp}", '{space}'];
const MAX_TYPED = 30;
const AVAILABLE: readonly KeyboardMode[] = ['pinyin', 'handwriting', 'digits'];

export function OnScreenKeyboard({ m, anchor, value, onChange, onPending, onDone, elder, modes = AVAILABLE, maxLength = 40 }: Props) {
  const k = m.keyboard;
  const offered = modes.filter((mode) => AVAILABLE.includes(mode));
  const [mode, setMode] = useState<KeyboardMode>(offered[0] ?? 'digits');
  const panel = useRef<HTMLElement>(null);
  // Clearing also drops the pinyin being typed: the letter keys start afresh.
  const [clears, setClears] = useState(0);
  const clear = () => {
    onChange('');
    setClears((n) => n + 1);
  };
  const type = (text: string) => onChange(Array.from(value + text).slice(0, maxLength).join(''));
  const deleteLast = () => onChange(Array.from(value).slice(0, -1).join(''));

  useLayoutEffect(() => keepInView(anchor, panel.current), [anchor, mode]);

  return (
    <section ref={panel} className={`osk${elder ? ' osk--elder' : ''}`} aria-label={k.label} data-keyboard={anchor} data-keyboard-mode={mode}>
      <div className="osk__bar">
        {offered.length > 1 ? (
          <div className="osk__modes" role="group" aria-label={k.modes}>
            {offered.map((option) => (
              <button key={option} type="button" className={`button button--small${mode === option ? ' button--selected' : ''}`} aria-pressed={mode === option} data-keyboard-switch={option} onClick={() => setMode(option)}>
                {k[option]}
              </button>
            ))}
          </div>
        ) : null}
        <button type="button" className="button button--small osk__clear" data-keyboard-clear onClick={clear}>
          {m.journey.clear}
        </button>
        <button type="button" className="button button--primary button--small" data-keyboard-done onClick={onDone}>
          {k.done}
        </button>
      </div>
      {mode === 'pinyin' ? <PinyinKeys key={clears} m={m} elder={elder} onType={type} onDeleteLast={deleteLast} onPending={onPending} /> : null}
      {mode === 'handwriting' ? <HandwritingPad onPick={type} elder={elder} /> : null}
      {mode === 'digits' ? <DigitKeypad m={m} label={k.label} onDigit={type} onClear={clear} onBackspace={deleteLast} /> : null}
    </section>
  );
}

interface PinyinKeysProps {
  m: Messages;
  elder: boolean;
  onType(text: string): void;
  onDeleteLast(): void;
  onPending?(letters: string): void;
}

function PinyinKeys({ m, elder, onType, onDeleteLast, onPending }: PinyinKeysProps) {
  const k = m.keyboard;
  const dictionary = usePinyinDictionary();
  const [typed, setTyped] = useState('');
  const [page, setPage] = useState(0);
  const candidates = dictionary.kind === 'ready' && typed ? dictionary.dictionary.candidates(typed) : [];
  const syllables = dictionary.kind === 'ready' ? dictionary.dictionary.segment(typed) : null;

  // The latest callback, so that a parent's new function each render does not re-run this.
  const reportPending = useRef(onPending);
  reportPending.current = onPending;
  useEffect(() => reportPending.current?.(typed), [typed]);

  const retype = (next: string) => {
    setTyped(next.slice(0, MAX_TYPED));
    setPage(0);
  };
  const pick = (candidate: Candidate) => {
    onType(candidate.word);
    retype(remainingAfter(typed, candidate));
  };
  const press = (button: string) => {
    if (button === '{bksp}') {
      if (typed) retype(typed.slice(0, -1));
      else onDeleteLast();
    } else if (button === '{space}') {
      const first = candidates[0];
      if (first) pick(first);
    } else retype(typed + button);
  };

  return (
    <div className="osk__pinyin">
      {dictionary.kind === 'loading' ? <p className="hint">{k.loading}</p> : null}
      {dictionary.kind === 'failed' ? (
        <p className="problem" role="alert">
          {k.loadFailed}
        </p>
      ) : null}
      <CandidateBar m={m} typed={typed} syllables={syllables} candidates={candidates} page={page} pageSize={elder ? 5 : 8} onPage={setPage} onPick={pick} />
      <Keyboard
        layout={{ default: LETTER_ROWS }}
        display={{ '{bksp}': '⌫', '{space}': k.space, "'": "'" }}
        onKeyPress={press}
        disableButtonHold
        onRender={(keyboard) => labelKeys(keyboard.keyboardDOM, { '{bksp}': m.journey.backspace, '{space}': k.space, "'": '分隔' })}
      />
    </div>
  );
}

/** simple-keyboard draws its keys as plain divs: make them buttons for screen readers and tests. */
function labelKeys(root: HTMLElement | null, labels: Record<string, string>): void {
  for (const key of root?.querySelectorAll<HTMLElement>('.hg-button') ?? []) {
    const name = key.dataset.skbtn ?? '';
    key.setAttribute('role', 'button');
    key.setAttribute('aria-label', labels[name] ?? name);
  }
}

/**
 * Scrolls so that the keyboard is in view, but never so far that the edited field
 * leaves the top of the screen: the keyboard sits below the field, so it never covers it.
 */
function keepInView(anchor: string, keyboard: HTMLElement | null): void {
  const field = document.querySelector(`[data-field="${anchor}"]`);
  if (!field || !keyboard) return;
  const margin = 16;
  const fieldTop = field.getBoundingClientRect().top;
  const keyboardBottom = keyboard.getBoundingClientRect().bottom;
  const down = Math.min(Math.max(0, keyboardBottom - window.innerHeight + margin), fieldTop - margin);
  const scroll = fieldTop < margin ? fieldTop - margin : down;
  if (scroll !== 0) window.scrollBy({ top: scroll, behavior: 'instant' });
}
