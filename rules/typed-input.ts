// What an applicant types on the kiosk: an on-screen keyboard, or a Chinese IME that
// produces full-width digits and letters (１２３ｘ) and ideographic spaces. NFKC folds
// those to ASCII, so "３４０５２４" is read as "340524".

export interface TypedCharacter {
  /** The character after NFKC folding; compare against this. */
  char: string;
  /** The character exactly as typed; show this back to the applicant. */
  typed: string;
}

export function isSpace(char: string): boolean {
  return /^\s+$/u.test(char);
}

// Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign.
const HYPHENS = new Set(['-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212']);

export function isSpaceOrHyphen(char: string): boolean {
  return isSpace(char) || HYPHENS.has(char);
}

/** The characters that matter, separators dropped; position N in the code is index N-1. */
export function significantCharacters(input: string, isSeparator: (char: string) => boolean): TypedCharacter[] {
  const result: TypedCharacter[] = [];
  for (const typed of input) {
    const char = typed.normalize('NFKC');
    if (char === '' || isSeparator(char)) continue;
    result.push({ char, typed });
  }
  return result;
}

export function isAsciiDigit(char: string): boolean {
  return /^[0-9]$/.test(char);
}
