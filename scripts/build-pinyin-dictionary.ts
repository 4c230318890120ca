/**
 * Builds the on-screen keyboard's pinyin dictionary from packages, at build time:
 * the words and their frequencies are jieba's dictionary (`dict.txt` shipped in
 * @node-rs/jieba, MIT: about 349,000 words counted over a large general corpus), their
 * pinyin is pinyin-pro's (already used for the catalogue's initials; its word list
 * reads polyphones in context: 银行 yin hang). Kept: words of 1-4 Chinese characters
 * (a trade name has 2-4), each single character under every one of its readings, words
 * counted at least MIN_FREQUENCY times. Output: `word<TAB>syllables<TAB>frequency` a line,
 * most frequent first, read by renderer/src/input/pinyin/pinyin-engine.ts.
 *
 * Usage: node --import tsx scripts/build-pinyin-dictionary.ts OUT.txt
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pinyin } from 'pinyin-pro';

/** Rarer words only add noise to the candidate bar and weight to the download. */
export const MIN_FREQUENCY = 20;
const HAN_WORD = /^\p{Script=Han}{1,4}$/u;
const SYLLABLE = /^[a-z]+$/;

export function jiebaDictionaryPath(): string {
  return createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
}

/**
 * jieba's `word frequency tag` lines → the keyboard's dictionary text. jieba counts a
 * character only where it stood alone, so a character's reading is ranked by how often
 * it occurs in that reading in words too (晨 by 早晨, 清晨, 晨光; 行 read hang by 银行).
 */
export function buildPinyinDictionary(jieba: string): string {
  const words: { word: string; reading: string; frequency: number }[] = [];
  const singles: { char: string; frequency: number }[] = [];
  for (const line of jieba.split('\n')) {
    const [word, count] = line.split(' ');
    const frequency = Number(count);
    if (!word || !HAN_WORD.test(word) || !(frequency > 0)) continue;
    if (Array.from(word).length === 1) singles.push({ char: word, frequency });
    else if (frequency >= MIN_FREQUENCY) words.push({ word, reading: pinyin(word, { toneType: 'none', type: 'array', v: true }).join(' '), frequency });
  }
  const inWords = new Map<string, number>();
  for (const { word, reading, frequency } of words) {
    const syllables = reading.split(' ');
    Array.from(word).forEach((char, i) => inWords.set(`${char} ${syllables[i]}`, (inWords.get(`${char} ${syllables[i]}`) ?? 0) + frequency));
  }
  const lines = words.map(({ word, reading, frequency }) => ({ text: `${word}\t${reading}`, frequency }));
  for (const { char, frequency } of singles) {
    pinyin(char, { toneType: 'none', type: 'array', v: true, multiple: true }).forEach((reading, i) => {
      // The first reading is the common one; a character's other readings count only where words use them.
      lines.push({ text: `${char}\t${reading}`, frequency: (i === 0 ? frequency : 0) + (inWords.get(`${char} ${reading}`) ?? 0) });
    });
  }
  const kept = lines.filter((l) => l.frequency > 0 && l.text.split('\t')[1]?.split(' ').every((syllable) => SYLLABLE.test(syllable)));
  kept.sort((a, b) => b.frequency - a.frequency);
  return `${kept.map((l) => `${l.text}\t${l.frequency}`).join('\n')}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: build-pinyin-dictionary.ts OUT.txt');
  writeFileSync(out, buildPinyinDictionary(readFileSync(jiebaDictionaryPath(), 'utf8')));
}
