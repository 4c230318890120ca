/**
 * Business scope from the national catalogue, picked by industry or by search (words,
 * pinyin initials, code). The chosen items are removable chips. The catalogue is public
 * data; only the chosen codes belong to the applicant, and those live in the snapshot.
 */
import { useEffect, useState } from 'react';
import type { CatalogueIndustry, CatalogueItem, KioskBridge, Language } from '../contract';
import { format, localized, type Messages } from '../i18n';
import { OnScreenKeyboard } from '../input/OnScreenKeyboard';
import { TouchField } from '../input/TouchField';
import type { FieldEditing } from '../input/use-field-editing';
import { rememberScopeNames, useScopeNames } from './use-scope-names';

interface Props {
  bridge: KioskBridge;
  m: Messages;
  language: Language;
  selected: readonly string[];
  onChange(codes: string[]): void;
  keyboard: FieldEditing;
}

const SEARCH_FIELD = 'scopeSearch';

interface SearchAnswer {
  text: string;
  industry?: string;
  items: CatalogueItem[];
}

export function ScopePicker({ bridge, m, language, selected, onChange, keyboard }: Props) {
  const j = m.journey;
  const [industries, setIndustries] = useState<CatalogueIndustry[]>([]);
  const [industry, setIndustry] = useState<string>();
  const [words, setWords] = useState('');
  // Pinyin still being typed searches as initials (twsj → 图文设计制作) before any word is chosen.
  const [pending, setPending] = useState('');
  const text = words || pending;
  // The results remember the search they answer, so a list still answering an earlier
  // keystroke is marked busy (and tests can wait for the answer to the last one).
  const [answer, setAnswer] = useState<SearchAnswer>({ text: '', items: [] });
  const answersLastSearch = answer.text === text && answer.industry === industry;
  const results = answer.items;
  const nameOf = useScopeNames(bridge, selected);

  useEffect(() => {
    void bridge.call('catalogue.industries', {}).then(setIndustries);
  }, [bridge]);

  useEffect(() => {
    let current = true;
    const asked = { text, ...(industry ? { industry } : {}) };
    if (!text && !industry) {
      setAnswer({ ...asked, items: [] });
      return;
    }
    void bridge.call('catalogue.search', asked).then((items) => {
      if (!current) return;
      rememberScopeNames(items);
      setAnswer({ ...asked, items });
    });
    return () => {
      current = false;
    };
  }, [bridge, text, industry]);

  const add = (code: string) => {
    if (!selected.includes(code)) onChange([...selected, code]);
  };
  const remove = (code: string) => onChange(selected.filter((c) => c !== code));

  return (
    <div className="scope">
      <div className="chips" aria-label={j.scopeSelected} role="group" data-scope-selected={selected.join(' ')}>
        {selected.length === 0 ? <p className="hint">{j.scopeNoneSelected}</p> : null}
        {selected.map((code) => (
          <button key={code} type="button" className="chip" data-scope-chip={code} aria-label={format(j.scopeRemove, { name: nameOf(code) })} onClick={() => remove(code)}>
            {nameOf(code)} <span aria-hidden="true">×</span>
          </button>
        ))}
      </div>
      <TouchField label={j.scopeSearch} field={SEARCH_FIELD} type="search" value={words || pending} placeholder={j.scopeSearchHint} editing={keyboard.editing === SEARCH_FIELD} onEdit={() => keyboard.edit(SEARCH_FIELD)} />
      {keyboard.editing === SEARCH_FIELD ? (
        <OnScreenKeyboard m={m} anchor={SEARCH_FIELD} value={words} onChange={setWords} onPending={setPending} onDone={keyboard.done} elder={keyboard.elder} modes={['pinyin', 'handwriting']} />
      ) : null}
      <div className="industries" role="group" aria-label={j.scopeIndustries}>
        {industries.map((i) => (
          <button
            key={i.code}
            type="button"
            className={`button button--small${industry === i.code ? ' button--selected' : ''}`}
            aria-pressed={industry === i.code}
            data-industry={i.code}
            onClick={() => setIndustry(industry === i.code ? undefined : i.code)}
          >
            {localized(i.name, language)}
          </button>
        ))}
      </div>
      {(text || industry) && answersLastSearch && results.length === 0 ? <p className="hint">{j.scopeNoResults}</p> : null}
      <ul className="scope__results" aria-busy={!answersLastSearch} data-scope-results-for={answer.text}>
        {results.map((item) => (
          <li key={item.code}>
            <button type="button" className="scope__item" data-scope-item={item.code} disabled={selected.includes(item.code)} onClick={() => add(item.code)}>
              <span>{item.name}</span>
              {item.class === 'permit-after' ? <small>{j.scopePermitAfter}</small> : null}
              <span className="scope__add" aria-hidden="true">
                +
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
