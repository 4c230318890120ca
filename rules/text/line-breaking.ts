// Line breaking for Chinese text set in a fixed width (禁则, as in GB/T 15834 practice):
// a line never starts with closing punctuation, never ends with opening punctuation,
// an ellipsis or dash pair stays together, and the last line of a paragraph is not a
// single orphaned character. Widths come from the caller's measure function (the
// font's advance widths), so the same rules serve a PDF and a thermal slip.

/** Width of a piece of text in the caller's unit (points, dots, ems). */
export type MeasureText = (text: string) => number;

const CLOSING = new Set(Array.from('。．，、；：？！）］｝」』】〕〗〙〛》〉’”…‥％‰·・.,;:?!)]}%'));
const OPENING = new Set(Array.from('（［｛「『【〔〖〘〚《〈‘“([{'));
// Two of these in a row (……, ——) read as one mark and must not be split.
const PAIRED = new Set(Array.from('…‥—'));

export function isClosingPunctuation(char: string): boolean {
  return CLOSING.has(char);
}

export function isOpeningPunctuation(char: string): boolean {
  return OPENING.has(char);
}

type UnitKind = 'space' | 'word' | 'char';

interface Unit {
  text: string;
  kind: UnitKind;
  width: number;
  first: string;
  last: string;
}

const ASCII_WORD = /[\x21-\x7e]/;
const BREAKING_SPACE = /[ \t]/;

/**
 * Splits text into the pieces a line may break between: a run of printable ASCII (a
 * Latin word, a number, a URL) stays whole, spaces collapse into one breakable piece,
 * and every other character (ideographs, full-width punctuation) is a piece of its own.
 */
function toUnits(paragraph: string, measure: MeasureText): Unit[] {
  const units: Unit[] = [];
  let run = '';
  let runKind: UnitKind | null = null;
  const flush = (): void => {
    if (runKind === null) return;
    const chars = Array.from(run);
    units.push({ text: run, kind: runKind, width: measure(run), first: chars[0] ?? '', last: chars[chars.length - 1] ?? '' });
    run = '';
    runKind = null;
  };
  for (const char of paragraph) {
    const kind: UnitKind = BREAKING_SPACE.test(char) ? 'space' : ASCII_WORD.test(char) ? 'word' : 'char';
    if (kind === 'char' || kind !== runKind) flush();
    run += char;
    runKind = kind;
  }
  flush();
  return units;
}

/** May a line end after `before` and the next one start with `after`? */
function mayBreakBetween(before: Unit, after: Unit): boolean {
  if (after.kind === 'space' || before.kind === 'space') return true;
  if (CLOSING.has(after.first)) return false;
  if (OPENING.has(before.last)) return false;
  if (PAIRED.has(before.last) && before.last === after.first) return false;
  return true;
}

interface Span {
  start: number;
  end: number;
}

function widthOf(units: readonly Unit[], { start, end }: Span): number {
  let width = 0;
  for (let i = start; i < end; i++) width += units[i]?.width ?? 0;
  return width;
}

/** Greedy fill: each line takes as much as fits, then backs up to the last place it may break. */
function fillLines(units: readonly Unit[], maxWidth: number): Span[] {
  const spans: Span[] = [];
  let start = 0;
  while (start < units.length) {
    while (units[start]?.kind === 'space') start++;
    if (start >= units.length) break;
    let width = 0;
    let lastBreak = -1;
    let end = units.length;
    for (let i = start; i < units.length; i++) {
      const unit = units[i] as Unit;
      const breakable = i > start && mayBreakBetween(units[i - 1] as Unit, unit);
      if (breakable) lastBreak = i;
      if (i > start && width + unit.width > maxWidth && unit.kind !== 'space') {
        // Nothing to back up to: the run is wider than a line, so it breaks where it must.
        end = breakable ? i : lastBreak > start ? lastBreak : i;
        break;
      }
      width += unit.width;
    }
    spans.push({ start, end });
    start = end;
  }
  return spans.map((span) => trimSpaces(units, span));
}

function trimSpaces(units: readonly Unit[], span: Span): Span {
  let { start, end } = span;
  while (start < end && units[start]?.kind === 'space') start++;
  while (end > start && units[end - 1]?.kind === 'space') end--;
  return { start, end };
}

/** One ideograph, possibly followed by its closing punctuation, alone on the last line. */
function isOrphan(units: readonly Unit[], span: Span): boolean {
  const body = units.slice(span.start, span.end).filter((u) => !(u.kind === 'char' && CLOSING.has(u.first)));
  return body.length === 1 && body[0]?.kind === 'char';
}

/** Gives the orphan company: moves the fewest units that may break away from the line above. */
function adoptOrphan(units: readonly Unit[], spans: Span[], maxWidth: number): Span[] {
  const last = spans[spans.length - 1];
  const previous = spans[spans.length - 2];
  if (!last || !previous || !isOrphan(units, last)) return spans;
  for (let split = previous.end - 1; split > previous.start; split--) {
    if (!mayBreakBetween(units[split - 1] as Unit, units[split] as Unit)) continue;
    const newLast = trimSpaces(units, { start: split, end: last.end });
    if (widthOf(units, newLast) > maxWidth) return spans;
    const newPrevious = trimSpaces(units, { start: previous.start, end: split });
    if (newPrevious.end <= newPrevious.start) return spans;
    return [...spans.slice(0, -2), newPrevious, newLast];
  }
  return spans;
}

/** A Latin word or URL wider than a whole line can only be broken between its letters. */
function splitOverlongWords(units: readonly Unit[], maxWidth: number, measure: MeasureText): Unit[] {
  return units.flatMap((unit) => {
    if (unit.kind !== 'word' || unit.width <= maxWidth) return [unit];
    return Array.from(unit.text, (char): Unit => ({ text: char, kind: 'char', width: measure(char), first: char, last: char }));
  });
}

/**
 * Breaks text into lines no wider than maxWidth (as measured), honouring the rules above
 * wherever the width allows (a run of punctuation wider than a line is broken anyway).
 * A newline starts a new paragraph. Spaces at a break are dropped; every other character
 * is kept, in order. Only a single character wider than maxWidth overflows its line.
 */
export function breakLines(text: string, maxWidth: number, measure: MeasureText): string[] {
  if (!(maxWidth > 0)) throw new RangeError(`maxWidth must be positive, got ${maxWidth}`);
  return text.split('\n').flatMap((paragraph) => {
    const units = splitOverlongWords(toUnits(paragraph, measure), maxWidth, measure);
    const spans = adoptOrphan(units, fillLines(units, maxWidth), maxWidth);
    if (spans.length === 0) return [''];
    return spans.map(({ start, end }) =>
      units
        .slice(start, end)
        .map((u) => u.text)
        .join(''),
    );
  });
}
