import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compareDates, formatIsoDate, isLeapYear, parseCompactDate, parseIsoDate } from '../../../rules/calendar-date';

describe('calendar dates', () => {
  it('knows the Gregorian leap years', () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
  });

  it('accepts only real days', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
    expect(parseIsoDate('2023-04-31')).toBeUndefined();
    expect(parseIsoDate('2023-00-10')).toBeUndefined();
    expect(parseIsoDate('2023-1-10')).toBeUndefined();
    expect(parseCompactDate('19800101')).toEqual({ year: 1980, month: 1, day: 1 });
    expect(parseCompactDate('19801301')).toBeUndefined();
    expect(parseCompactDate('0000' + '0101')).toBeUndefined();
  });

  it('round-trips ISO dates and orders them like their text', () => {
    const isoDate = fc
      .date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(isoDate, isoDate, (a, b) => {
        const da = parseIsoDate(a);
        const db = parseIsoDate(b);
        if (!da || !db) throw new Error(`not parsed: ${a} ${b}`);
        expect(formatIsoDate(da)).toBe(a);
        expect(Math.sign(compareDates(da, db))).toBe(Math.sign(a.localeCompare(b)));
      }),
    );
  });
});
