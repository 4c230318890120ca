/**
 * Pinyin to Chinese words, with no I/O: the letters typed are cut into syllables and
 * initials, and the dictionary's words whose syllables match are offered, most frequent
 * first. `chenguang` → 晨光 …; initials only: `cg` → 成功 … 晨光 …; the last syllable may
 * be unfinished (`chengua` → 晨光); an apostrophe forces a break (`xi'an` → 西安).
 * Words covering only the start of the input follow the whole-input words, so a name the
 * dictionary lacks is entered word by word (`jingrui` → 精 then 锐).
 */

export interface DictionaryEntry {
  readonly word: string;
  /** Toneless syllables, ü written as v: 绿 → ['lv']. */
  readonly syllables: readonly string[];
  readonly frequency: number;
}

export interface Candidate {
  readonly word: string;
  /** How many characters of the input (letters and apostrophes) the word stands for, from the start. */
  readonly consumed: number;
}

export interface CandidatePage {
  readonly items: readonly Candidate[];
  /** 0-based. */
  readonly page: number;
  readonly pages: number;
}

/** A piece of the input: a whole syllable, or a syllable's beginning (an initial such as `c`, `zh`). */
interface Token {
  readonly text: string;
  readonly whole: boolean;
  /** Where it ends in the input, apostrophes included. */
  readonly end: number;
}

const INITIALS = new Set(['b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'r', 'z', 'c', 's', 'y', 'w', 'zh', 'ch', 'sh']);
/** Enough for paging through any realistic input; the rest would never be looked at. */
const MAX_CANDIDATES = 300;

/** The input as the engine reads it: lower-case letters, ü as v, apostrophes as breaks. */
export function normalisePinyin(input: string): string {
  return input
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z']/g, '');
}

/** Parses the shipped dictionary: one `word<TAB>syllables separated by spaces<TAB>frequency` a line. */
export function parseDictionary(text: string): DictionaryEntry[] {
  const entries: DictionaryEntry[] = [];
  for (const line of text.split('\n')) {
    const [word, syllables, frequency] = line.split('\t');
    if (!word || !syllables) continue;
    entries.push({ word, syllables: syllables.split(' '), frequency: Number(frequency) || 0 });
  }
  return entries;
}

export class PinyinDictionary {
  private readonly byFirstLetter = new Map<string, DictionaryEntry[]>();
  private readonly syllables = new Set<string>();
  private readonly beginnings = new Set<string>();

  constructor(entries: readonly DictionaryEntry[]) {
    const sorted = [...entries].sort((a, b) => b.frequency - a.frequency);
    for (const entry of sorted) {
      const first = entry.syllables[0]?.[0];
      if (first === undefined) continue;
      const list = this.byFirstLetter.get(first) ?? [];
      list.push(entry);
      this.byFirstLetter.set(first, list);
      for (const syllable of entry.syllables) this.syllables.add(syllable);
    }
    for (const syllable of this.syllables) for (let n = 1; n <= syllable.length; n += 1) this.beginnings.add(syllable.slice(0, n));
  }

  static parse(text: string): PinyinDictionary {
    return new PinyinDictionary(parseDictionary(text));
  }

  /**
   * The input cut into syllables, as the candidate bar shows it (`chen'guang`); null
   * when it cannot be read as pinyin at all.
   */
  segment(input: string): string[] | null {
    return this.tokens(normalisePinyin(input))?.map((t) => t.text) ?? null;
  }

  /** Every word for the input: whole-input matches by frequency, then words for its start, longest first. */
  candidates(input: string): Candidate[] {
    const text = normalisePinyin(input);
    const tokens = this.tokens(text);
    if (!tokens || tokens.length === 0) return [];
    // byLength[k]: words of k syllables matching the first k tokens.
    const byLength: DictionaryEntry[][] = tokens.map(() => []);
    for (const entry of this.byFirstLetter.get(tokens[0]?.text[0] ?? '') ?? []) {
      if (entry.syllables.length <= tokens.length && matches(entry.syllables, tokens)) byLength[entry.syllables.length - 1]?.push(entry);
    }
    const found: Candidate[] = [];
    const seen = new Set<string>();
    for (let k = tokens.length; k >= 1; k -= 1) {
      const consumed = (tokens[k - 1] as Token).end;
      for (const entry of byLength[k - 1] ?? []) {
        const key = `${entry.word}@${consumed}`;
        if (seen.has(key)) continue;
        seen.add(key);
        found.push({ word: entry.word, consumed });
        if (found.length >= MAX_CANDIDATES) return found;
      }
    }
    return found;
  }

  /**
   * Cuts the input into tokens: as few as possible, whole syllables before initials.
   * An initial alone (`c`, `zh`) may stand anywhere; any other unfinished syllable only
   * at the end of the input or before an apostrophe.
   */
  private tokens(text: string): Token[] | null {
    const tokens: Token[] = [];
    let offset = 0;
    for (const chunk of text.split("'")) {
      const cut = this.cutChunk(chunk);
      if (cut === null) return null;
      for (const piece of cut) {
        offset += piece.length;
        tokens.push({ text: piece, whole: this.syllables.has(piece), end: offset });
      }
      offset += 1; // the apostrophe
    }
    return tokens;
  }

  private cutChunk(chunk: string): string[] | null {
    // best[i]: the best cut of chunk[i..], scored by (tokens, unfinished tokens).
    const best: ({ pieces: string[]; cost: number } | null)[] = Array.from({ length: chunk.length + 1 }, () => null);
    best[chunk.length] = { pieces: [], cost: 0 };
    for (let i = chunk.length - 1; i >= 0; i -= 1) {
      // Longest first, so that of two equal cuts the one with the longer first syllable wins (fang'an, not fan'gan).
      for (let j = chunk.length; j > i; j -= 1) {
        const piece = chunk.slice(i, j);
        const rest = best[j];
        if (!rest) continue;
        const whole = this.syllables.has(piece);
        const allowed = whole || INITIALS.has(piece) || (j === chunk.length && this.beginnings.has(piece));
        if (!allowed) continue;
        const cost = rest.cost + (whole ? 10 : 11);
        const current = best[i];
        if (!current || cost < current.cost) best[i] = { pieces: [piece, ...rest.pieces], cost };
      }
    }
    return best[0]?.pieces ?? null;
  }
}

/** Whether a word's syllables fit the first tokens: whole syllables equal, initials and the input's last token as beginnings. */
function matches(syllables: readonly string[], tokens: readonly Token[]): boolean {
  const last = tokens.length - 1;
  return syllables.every((syllable, i) => {
    const token = tokens[i] as Token;
    return token.whole && i !== last ? syllable === token.text : syllable.startsWith(token.text);
  });
}

/** What is left of the input once a candidate has been chosen (its letters and a following apostrophe gone). */
export function remainingAfter(input: string, candidate: Candidate): string {
  return normalisePinyin(input).slice(candidate.consumed).replace(/^'+/, '');
}

/** One page of the candidate bar; a page past the end shows the last one. */
export function candidatePage(candidates: readonly Candidate[], page: number, size: number): CandidatePage {
  const pages = Math.max(1, Math.ceil(candidates.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { items: candidates.slice(current * size, current * size + size), page: current, pages };
}
