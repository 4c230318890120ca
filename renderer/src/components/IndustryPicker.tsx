/**
 * The industry (行业) of the name, chosen rather than typed (秒报): the wordings that go
 * with the chosen scope items come first; any other is found by a search in pinyin
 * initials (twsj → 图文设计) or words over the whole catalogue.
 */
import { useEffect, useState } from 'react';
import type { CatalogueItem, KioskBridge } from '../contract';
import type { Messages } from '../i18n';
import { OnScreenKeyboard } from '../input/OnScreenKeyboard';
import { TouchField } from '../input/TouchField';
import type { FieldEditing } from '../input/use-field-editing';
import { rememberScopeNames, useScopeItems } from './use-scope-names';

interface Props {
  bridge: KioskBridge;
  m: Messages;
  scope: readonly string[];
  value: string;
  onChoose(term: string): void;
  keyboard: FieldEditing;
}

type Term = CatalogueItem['industryTerms'][number];
export const INDUSTRY_SEARCH_FIELD = 'industrySearch';

function distinct(terms: readonly Term[]): string[] {
  return [...new Set(terms.map((t) => t.term))];
}

export function IndustryPicker({ bridge, m, scope, value, onChoose, keyboard }: Props) {
  const p = m.industryPicker;
  const itemOf = useScopeItems(bridge, scope);
  const offered = distinct(scope.flatMap((code) => itemOf(code)?.industryTerms ?? []));
  const [words, setWords] = useState('');
  const [pending, setPending] = useState('');
  const query = (words || pending).toLowerCase();
  const [found, setFound] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    if (!query) {
      setFound([]);
      return;
    }
    void bridge.call('catalogue.search', { text: query }).then((items) => {
      if (!live) return;
      rememberScopeNames(items);
      const terms = items.flatMap((item) => item.industryTerms).filter((t) => t.term.includes(query) || t.initials.startsWith(query));
      setFound(distinct(terms));
    });
    return () => {
      live = false;
    };
  }, [bridge, query]);

  const choices = (terms: readonly string[], source: string) => (
    <div className="chips" role="group" aria-label={source === 'scope' ? p.fromScope : p.search} data-industry-terms={source}>
      {terms.map((term) => (
        <button key={term} type="button" className={`chip${value === term ? ' chip--selected' : ''}`} aria-pressed={value === term} data-industry-term={term} onClick={() => onChoose(term)}>
          {term}
        </button>
      ))}
    </div>
  );

  return (
    <div className="industry-picker">
      <p className="hint">{offered.length ? p.fromScope : p.noScope}</p>
      {offered.length ? choices(offered, 'scope') : null}
      <TouchField label={p.search} field={INDUSTRY_SEARCH_FIELD} type="search" value={words || pending} placeholder={p.searchHint} editing={keyboard.editing === INDUSTRY_SEARCH_FIELD} onEdit={() => keyboard.edit(INDUSTRY_SEARCH_FIELD)} />
      {keyboard.editing === INDUSTRY_SEARCH_FIELD ? (
        <OnScreenKeyboard m={m} anchor={INDUSTRY_SEARCH_FIELD} value={words} onChange={setWords} onPending={setPending} onDone={keyboard.done} elder={keyboard.elder} modes={['pinyin', 'handwriting']} />
      ) : null}
      {query && found.length === 0 ? <p className="hint">{p.noResults}</p> : null}
      {found.length ? choices(found, 'search') : null}
    </div>
  );
}
