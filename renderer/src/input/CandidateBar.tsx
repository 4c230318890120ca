/**
 * The pinyin typed so far, cut into syllables, and one page of the words it may stand
 * for, most frequent first, with buttons to page on and back.
 */
import type { Messages } from '../i18n';
import { candidatePage, type Candidate } from './pinyin/pinyin-engine';

interface Props {
  m: Messages;
  typed: string;
  /** The typed pinyin as syllables, e.g. chen'guang; null when it is not pinyin. */
  syllables: readonly string[] | null;
  candidates: readonly Candidate[];
  page: number;
  pageSize: number;
  onPage(page: number): void;
  onPick(candidate: Candidate): void;
}

export function CandidateBar({ m, typed, syllables, candidates, page, pageSize, onPage, onPick }: Props) {
  const k = m.keyboard;
  const shown = candidatePage(candidates, page, pageSize);
  return (
    <div className="candidates" role="group" aria-label={k.candidates} data-candidates>
      <p className="candidates__typed" data-typed={typed}>
        <span className="visually-hidden">{k.typed} </span>
        {syllables ? syllables.join("'") : typed}
      </p>
      <div className="candidates__words">
        {typed && candidates.length === 0 ? <p className="hint">{k.noCandidates}</p> : null}
        {shown.items.map((c, i) => (
          <button key={`${c.word}@${c.consumed}`} type="button" className="candidate" data-candidate={c.word} onClick={() => onPick(c)}>
            <span className="candidate__number" aria-hidden="true">
              {i + 1}
            </span>
            {c.word}
          </button>
        ))}
      </div>
      <button type="button" className="candidate candidate--page" data-candidates-page="previous" aria-label={k.previousPage} disabled={shown.page === 0} onClick={() => onPage(shown.page - 1)}>
        ‹
      </button>
      <button type="button" className="candidate candidate--page" data-candidates-page="next" aria-label={k.nextPage} disabled={shown.page >= shown.pages - 1} onClick={() => onPage(shown.page + 1)}>
        ›
      </button>
    </div>
  );
}
