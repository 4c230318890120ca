/**
 * The applicant's finger on the kiosk's own keyboard (no `fill`, `type` or `keyboard.`
 * in the journey tests): touch a field, tap its pinyin letter by letter, page through
 * the candidate bar to the word and tap it; write on the handwriting pad; digits on the keypad.
 */
import type { Locator, Page } from 'playwright-core';
import { medians } from '../../scripts/build-handwriting-templates';

/** Pinyin tapped on the keys, then the candidate chosen: 晨光 is `{ pinyin: 'chenguang', word: '晨光' }`. */
export interface PinyinWord {
  pinyin: string;
  word: string;
}

const MAX_PAGES = 10;

export function keyboardOf(page: Page, field: string): Locator {
  return page.locator(`[data-keyboard="${field}"]`);
}

/** Touches a field so that its keyboard opens under it. */
export async function openKeyboard(page: Page, field: string): Promise<Locator> {
  await page.locator(`[data-field="${field}"]`).tap();
  const keyboard = keyboardOf(page, field);
  await keyboard.waitFor();
  return keyboard;
}

/** Taps letters (and apostrophes) on the open keyboard's keys. */
export async function tapLetters(keyboard: Locator, letters: string): Promise<void> {
  for (const letter of letters) await keyboard.locator(`.hg-button[data-skbtn="${letter}"]`).tap();
  await keyboard.locator(`[data-typed="${letters}"]`).waitFor();
}

/** Taps a word's pinyin and chooses the word from the candidate bar, paging on until it shows. */
export async function tapPinyinWord(keyboard: Locator, { pinyin, word }: PinyinWord): Promise<void> {
  await tapLetters(keyboard, pinyin);
  // The candidates show once the dictionary is loaded (a fetch on the first keyboard).
  await keyboard.locator('[data-candidate]').first().waitFor();
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const candidate = keyboard.locator(`[data-candidate="${word}"]`);
    if ((await candidate.count()) > 0) {
      await candidate.first().tap();
      return;
    }
    const first = await keyboard.locator('[data-candidate]').first().textContent();
    const next = keyboard.locator('[data-candidates-page="next"]');
    if (await next.isDisabled()) break;
    await next.tap();
    await keyboard.page().waitForFunction(
      ([selector, before]) => document.querySelector(selector)?.textContent !== before,
      [`[data-keyboard] [data-candidate]`, first] as const,
    );
  }
  throw new Error(`${word} is not among the candidates for ${pinyin} (first ${MAX_PAGES} pages)`);
}

/** Replaces a text field's content with words entered by pinyin, then closes the keyboard. */
export async function enterWords(page: Page, field: string, words: readonly PinyinWord[]): Promise<void> {
  const keyboard = await openKeyboard(page, field);
  await keyboard.locator('[data-keyboard-clear]').tap();
  for (const word of words) await tapPinyinWord(keyboard, word);
  await keyboard.locator('[data-keyboard-done]').tap();
  await keyboard.waitFor({ state: 'detached' });
}

/** Enters digits on a field's keypad (the phone), then closes it. */
export async function enterDigits(page: Page, field: string, digits: string): Promise<void> {
  const keyboard = await openKeyboard(page, field);
  await keyboard.locator('[data-key="clear"]').tap();
  for (const digit of digits) await keyboard.locator(`[data-key="${digit}"]`).tap();
  await keyboard.locator('[data-keyboard-done]').tap();
  await keyboard.waitFor({ state: 'detached' });
}

/**
 * Writes a character on the open keyboard's handwriting pad, stroke by stroke, with a
 * pointer held down (its stroke medians from Make Me a Hanzi), and taps it among the
 * pad's candidates.
 */
export async function writeCharacter(keyboard: Locator, char: string): Promise<void> {
  await keyboard.locator('[data-keyboard-switch="handwriting"]').tap();
  const canvas = keyboard.locator('[data-handwriting-canvas]');
  await canvas.waitFor();
  const box = await canvas.boundingBox();
  const template = medians(char);
  if (!box || !template) throw new Error(`cannot write ${char}: ${box ? 'no strokes for it' : 'no pad on screen'}`);
  const scale = (box.width * 0.8) / 256;
  const at = ([x, y]: readonly [number, number]) => [box.x + box.width * 0.1 + x * scale, box.y + box.height * 0.1 + y * scale] as const;
  const pointer = keyboard.page().mouse;
  for (const stroke of template.strokes) {
    const [first, ...rest] = stroke.map(at);
    if (!first) continue;
    await pointer.move(...first);
    await pointer.down();
    for (const point of rest) await pointer.move(...point, { steps: 4 });
    await pointer.up();
  }
  await keyboard.locator(`[data-candidate="${char}"]`).first().tap();
}
