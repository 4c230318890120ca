import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { candidatePage, PinyinDictionary, remainingAfter, type Candidate } from '../../../renderer/src/input/pinyin/pinyin-engine';
import { buildPinyinDictionary, jiebaDictionaryPath } from '../../../scripts/build-pinyin-dictionary';

// A small dictionary whose frequencies are chosen to show the ranking.
const SMALL = PinyinDictionary.parse(
  [
    '成功\tcheng gong\t10638',
    '晨光\tchen guang\t90',
    '陈光\tchen guang\t30',
    '晨\tchen\t500',
    '陈\tchen\t3000',
    '光\tguang\t4000',
    '西安\txi an\t800',
    '先\txian\t9000',
    '西\txi\t2000',
    '安\tan\t1500',
    '绿色\tlv se\t700',
    '精\tjing\t900',
    '锐\trui\t300',
    '中国\tzhong guo\t50000',
  ].join('\n'),
);
const words = (candidates: readonly Candidate[]) => candidates.map((c) => c.word);

describe('the pinyin engine on a small dictionary', () => {
  it('offers the whole-input words first, by frequency, then the words for its start', () => {
    expect(words(SMALL.candidates('chenguang'))).toEqual(['晨光', '陈光', '陈', '晨']);
    expect(SMALL.candidates('chenguang')[2]).toEqual({ word: '陈', consumed: 4 });
  });

  it('cuts the input into syllables, whole syllables before initials', () => {
    expect(SMALL.segment('chenguang')).toEqual(['chen', 'guang']);
    expect(SMALL.segment('cg')).toEqual(['c', 'g']);
    expect(SMALL.segment('zhg')).toEqual(['zh', 'g']);
    expect(SMALL.segment('xian')).toEqual(['xian']);
    expect(SMALL.segment("xi'an")).toEqual(['xi', 'an']);
    expect(SMALL.segment('vvv')).toBeNull();
  });

  it('reads initials only, and mixed initials and syllables', () => {
    expect(words(SMALL.candidates('cg'))).toEqual(['成功', '晨光', '陈光', '陈', '晨']);
    expect(words(SMALL.candidates('zhg')).slice(0, 1)).toEqual(['中国']);
    expect(words(SMALL.candidates('chengg'))).toEqual(['成功']);
    expect(words(SMALL.candidates('chenguang'))).not.toContain('成功');
    expect(words(SMALL.candidates('cguang'))).toEqual(['晨光', '陈光', '陈', '晨']);
  });

  it('lets the last syllable be unfinished, and an apostrophe split an ambiguous one', () => {
    expect(words(SMALL.candidates('chengua')).slice(0, 2)).toEqual(['晨光', '陈光']);
    expect(words(SMALL.candidates('xian'))[0]).toBe('先');
    expect(words(SMALL.candidates("xi'an"))[0]).toBe('西安');
  });

  it('takes v and ü for ü', () => {
    expect(words(SMALL.candidates('lvse'))[0]).toBe('绿色');
    expect(words(SMALL.candidates('lüse'))[0]).toBe('绿色');
  });

  it('enters a name the dictionary lacks word by word: what is left after each choice', () => {
    const [first] = SMALL.candidates('jingrui');
    expect(first).toEqual({ word: '精', consumed: 4 });
    const rest = remainingAfter('jingrui', first as Candidate);
    expect(rest).toBe('rui');
    expect(words(SMALL.candidates(rest))).toEqual(['锐']);
    expect(remainingAfter("xi'an", { word: '西', consumed: 2 })).toBe('an');
  });

  it('pages through the candidates', () => {
    const all = SMALL.candidates('cg');
    expect(candidatePage(all, 0, 2)).toEqual({ items: all.slice(0, 2), page: 0, pages: 3 });
    expect(candidatePage(all, 2, 2)).toEqual({ items: all.slice(4, 5), page: 2, pages: 3 });
    expect(candidatePage(all, 9, 2).page).toBe(2);
    expect(candidatePage([], 0, 2)).toEqual({ items: [], page: 0, pages: 1 });
  });
});

describe('the dictionary shipped with the app (built from jieba and pinyin-pro)', () => {
  let shipped: PinyinDictionary;
  beforeAll(() => {
    shipped = PinyinDictionary.parse(buildPinyinDictionary(readFileSync(jiebaDictionaryPath(), 'utf8')));
  }, 60_000);

  it('offers 晨光 first for chenguang, with the other common words after it', () => {
    const found = words(shipped.candidates('chenguang'));
    expect(found[0]).toBe('晨光');
    expect(found.slice(0, 8)).toEqual(expect.arrayContaining(['晨', '陈']));
  });

  it('finds 晨光 from its initials within the first five pages of eight', () => {
    const found = words(shipped.candidates('cg'));
    expect(found.indexOf('晨光')).toBeGreaterThanOrEqual(0);
    expect(found.indexOf('晨光')).toBeLessThan(40);
    expect(found.slice(0, 8)).toEqual(expect.arrayContaining(['超过', '成功']));
  });

  it('reads polyphones in their words and offers every reading of a single character', () => {
    expect(words(shipped.candidates('yinhang'))[0]).toBe('银行');
    expect(words(shipped.candidates('hang'))).toContain('行');
    expect(words(shipped.candidates('xing'))).toContain('行');
  });

  it('covers the words of typical trade names and industries', () => {
    for (const [input, word] of [['jingrui', '精锐'], ['tuwen', '图文'], ['sheji', '设计'], ['canyin', '餐饮'], ['meifa', '美发']] as const) {
      expect(words(shipped.candidates(input)).slice(0, 3), input).toContain(word);
    }
  });
});
