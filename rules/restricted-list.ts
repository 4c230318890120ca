/**
 * The authority's restricted list as text: one ID number per line, `#` starts a comment.
 * Read the same way by the kiosk (a local file, or the list pulled from the centre) and
 * by the centre when it is published.
 */
import { describeIdProblem, validateIdNumber } from './id-number';

export class RestrictedListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestrictedListError';
  }
}

export function parseRestrictedList(text: string, source: string): string[] {
  const numbers: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    // A typo would silently let the barred person through: refuse the whole file instead.
    const checked = validateIdNumber(line);
    if (!checked.ok) throw new RestrictedListError(`${source}:${index + 1}: "${line}" is not a valid ID number (${describeIdProblem(checked.reason, 'en')})`);
    numbers.push(line.toUpperCase());
  });
  return numbers;
}
