import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakLines, isClosingPunctuation, isOpeningPunctuation } from '../../../rules/text/line-breaking';

// One em per ideograph or full-width mark, half an em per ASCII character: the
// proportions of a CJK font, in ems.
const measure = (text: string): number => Array.from(text).reduce((sum, char) => sum + (char.charCodeAt(0) < 0x80 ? 0.5 : 1), 0);
const width = (line: string): number => measure(line);

describe('CJK line breaking', () => {
  it('fills each line to the width and keeps every character in order', () => {
    expect(breakLines('一般经营项目是图文设', 4, measure)).toEqual(['一般经营', '项目是图', '文设']);
  });

  it('never starts a line with closing punctuation: the character before it moves down', () => {
    // Greedy would give 「图文设计」/「，广告设计。」
    expect(breakLines('图文设计，广告设计。', 4, measure)).toEqual(['图文设', '计，广告', '设计。']);
  });

  it('never ends a line with opening punctuation: it moves down with what it opens', () => {
    // Greedy would end the first line with （; the last line then takes 酒 so 类 is not alone.
    expect(breakLines('餐饮服务（不含酒类）', 5, measure)).toEqual(['餐饮服务', '（不含', '酒类）']);
  });

  it('keeps an ellipsis or a dash pair on one line', () => {
    const lines = breakLines('零售日用百货……等', 7, measure);
    expect(lines).toEqual(['零售日用百', '货……等']);
  });

  it('does not leave a single character alone on the last line', () => {
    // Greedy would leave 店 alone on a third line.
    expect(breakLines('深圳市龙岗区精锐图文设计店', 6, measure)).toEqual(['深圳市龙岗区', '精锐图文设', '计店']);
    expect(breakLines('图文设计店。', 5, measure)).toEqual(['图文设', '计店。']);
    // A short paragraph that fits stays on one line.
    expect(breakLines('店', 6, measure)).toEqual(['店']);
  });

  it('keeps Latin words, numbers and URLs whole, breaking at spaces, and drops the spaces at breaks', () => {
    expect(breakLines('网址 http://www.gsxt.gov.cn', 12, measure)).toEqual(['网址', 'http://www.gsxt.gov.cn']);
    expect(breakLines('house code 4403070030030400042000003', 13, measure)).toEqual(['house code', '4403070030030400042000003']);
    expect(breakLines('abc def', 2, measure)).toEqual(['abc', 'def']);
  });

  it('breaks a word wider than a whole line between its letters, and keeps paragraphs', () => {
    expect(breakLines('12345678', 2, measure)).toEqual(['1234', '5678']);
    expect(breakLines('网址：http://www.gsxt.gov.cn', 10, measure)).toEqual(['网址：http://www.gsx', 't.gov.cn']);
    expect(breakLines('第一段\n\n第二段', 10, measure)).toEqual(['第一段', '', '第二段']);
  });

  it('rejects a width that is not positive', () => {
    expect(() => breakLines('图文', 0, measure)).toThrow(RangeError);
  });

  it('classifies Chinese and ASCII punctuation', () => {
    for (const char of '。，、；：？！）」』】') expect(isClosingPunctuation(char), char).toBe(true);
    for (const char of '（「『【《“') expect(isOpeningPunctuation(char), char).toBe(true);
    expect(isClosingPunctuation('图')).toBe(false);
    expect(isOpeningPunctuation('图')).toBe(false);
  });
});

describe('CJK line breaking, for any text and width', () => {
  const ideograph = fc.constantFrom(...Array.from('深圳市龙岗区精锐图文设计店广告代理餐饮服务零售日用百货办公用品销售'));
  const closing = fc.constantFrom(...Array.from('。，、；：？！）」』】'));
  const opening = fc.constantFrom(...Array.from('（「『【《“'));
  const asciiWord = fc.stringMatching(/^[A-Za-z0-9]{1,4}$/);
  // Text as written: marks attach to ideographs, never three marks in a row.
  const token = fc.oneof(
    { weight: 6, arbitrary: ideograph },
    { weight: 2, arbitrary: fc.tuple(ideograph, closing).map(([a, b]) => a + b) },
    { weight: 1, arbitrary: fc.tuple(opening, ideograph).map(([a, b]) => a + b) },
    { weight: 1, arbitrary: asciiWord },
    { weight: 1, arbitrary: asciiWord.map((w) => ` ${w} `) },
  );
  const text = fc.array(token, { minLength: 1, maxLength: 80 }).map((tokens) => tokens.join(''));
  const lineWidth = fc.integer({ min: 4, max: 30 });
  const withoutSpaces = (s: string): string => s.replace(/ /g, '');

  it('keeps every character in order and drops only spaces', () => {
    fc.assert(
      fc.property(text, lineWidth, (t, w) => {
        expect(withoutSpaces(breakLines(t, w, measure).join(''))).toBe(withoutSpaces(t));
      }),
      { numRuns: 300 },
    );
  });

  it('fits every line in the width, with no spaces at either end', () => {
    fc.assert(
      fc.property(text, lineWidth, (t, w) => {
        for (const line of breakLines(t, w, measure)) {
          expect(width(line)).toBeLessThanOrEqual(w);
          expect(line).toBe(line.trim());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never starts a line with closing or ends one with opening punctuation', () => {
    fc.assert(
      fc.property(text, lineWidth, (t, w) => {
        for (const line of breakLines(t, w, measure)) {
          const chars = Array.from(line);
          expect(isClosingPunctuation(chars[0] ?? ''), line).toBe(false);
          expect(isOpeningPunctuation(chars.at(-1) ?? ''), line).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never leaves one ideograph alone on the last of several lines', () => {
    // Chinese text only: a Latin word alone on the line above has nothing it could give.
    const chinese = fc.array(fc.oneof(ideograph, ideograph, fc.tuple(ideograph, closing).map(([a, b]) => a + b), fc.tuple(opening, ideograph).map(([a, b]) => a + b)), { minLength: 1, maxLength: 80 }).map((t) => t.join(''));
    fc.assert(
      fc.property(chinese, lineWidth, (t, w) => {
        const lines = breakLines(t, w, measure);
        if (lines.length < 2) return;
        const last = Array.from(lines.at(-1) ?? '').filter((c) => !isClosingPunctuation(c));
        expect(last.length, lines.join('|')).toBeGreaterThan(1);
      }),
      { numRuns: 300 },
    );
  });

  it('wastes no line: each line but the last could not have taken the next piece whole', () => {
    fc.assert(
      fc.property(fc.array(ideograph, { minLength: 1, maxLength: 80 }).map((a) => a.join('')), lineWidth, (t, w) => {
        const lines = breakLines(t, w, measure);
        // Plain ideographs break anywhere: all lines are full but the last two (orphan rule).
        lines.slice(0, -2).forEach((line) => expect(width(line)).toBe(w));
        expect(lines.length).toBe(Math.max(1, Math.ceil(width(t) / w)));
      }),
      { numRuns: 300 },
    );
  });
});
