// Calendar days as ISO 'YYYY-MM-DD' strings. A birth date or a card's expiry is a day,
// not an instant, so the rules never go through Date and never meet a time zone.

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isRealDate({ year, month, day }: CalendarDate): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function realDateOrUndefined(match: RegExpExecArray | null): CalendarDate | undefined {
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isRealDate(date) ? date : undefined;
}

/** 'YYYY-MM-DD' → date, or undefined when the text is not a real calendar day. */
export function parseIsoDate(text: string): CalendarDate | undefined {
  return realDateOrUndefined(/^(\d{4})-(\d{2})-(\d{2})$/.exec(text));
}

/** 'YYYYMMDD' (as in ID numbers and on the card chip) → date, or undefined. */
export function parseCompactDate(text: string): CalendarDate | undefined {
  return realDateOrUndefined(/^(\d{4})(\d{2})(\d{2})$/.exec(text));
}

export function formatIsoDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** For parameters the caller must get right (e.g. "today"): a malformed date is a bug, not user input. */
export function requireIsoDate(text: string, what: string): CalendarDate {
  const date = parseIsoDate(text);
  if (!date) throw new RangeError(`${what} must be a real date written YYYY-MM-DD, got ${JSON.stringify(text)}`);
  return date;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
