// The handwriting pad in a real Chromium: strokes drawn with the mouse (pointer events on
// the canvas, as a finger's) give the right candidate, and a tap on it enters the character.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stroke } from '../../renderer/src/input/handwriting/geometry';
import { medians } from '../../scripts/build-handwriting-templates';
import { keepScreenshot, launchChromium } from '../support/chromium';
import { servePadPage, type PadPage } from '../support/handwriting-pad-page';

let pad: PadPage;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  pad = await servePadPage();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
});

afterAll(async () => {
  await browser?.close();
  await pad?.close();
});

/** Draws strokes (in the templates' 256 box) across the canvas with the mouse button held. */
async function draw(strokes: readonly Stroke[]) {
  const box = await page.locator('[data-handwriting-canvas]').boundingBox();
  if (!box) throw new Error('the pad has no canvas on screen');
  const scale = (box.width * 0.8) / 256;
  const at = ([x, y]: readonly [number, number]) => [box.x + box.width * 0.1 + x * scale, box.y + box.height * 0.1 + y * scale] as const;
  for (const stroke of strokes) {
    const [first, ...rest] = stroke.map(at);
    if (!first) continue;
    await page.mouse.move(...first);
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(...point, { steps: 4 });
    await page.mouse.up();
  }
}

const strokesOf = (char: string) => {
  const template = medians(char);
  if (!template) throw new Error(`no strokes for ${char}`);
  return template.strokes;
};
const picked = () => page.locator('[data-picked-text]').getAttribute('data-picked-text');
const firstCandidate = () => page.locator('[data-candidate]').first().getAttribute('data-candidate');

describe('the handwriting pad in Chromium', () => {
  it('offers the written character first and enters it on a tap: 晨 then 光', async () => {
    await page.goto(pad.url);
    await page.getByText('写完后在这里选字').waitFor();
    await draw(strokesOf('晨'));
    await expect.poll(firstCandidate).toBe('晨');
    await keepScreenshot(page, 'handwriting-01-candidates');
    await page.locator('[data-candidate="晨"]').click();
    expect(await picked()).toBe('晨');
    // Picking clears the pad for the next character.
    expect(await page.locator('[data-candidate]').count()).toBe(0);
    await draw(strokesOf('光'));
    await page.locator('[data-candidate="光"]').click();
    expect(await picked()).toBe('晨光');
  });

  it('takes back the last stroke, and clears the pad', async () => {
    await page.goto(pad.url);
    const strokes = strokesOf('太');
    await draw(strokes.slice(0, 3));
    await expect.poll(firstCandidate).toBe('大');
    // The dot makes 太 of it…
    await draw(strokes.slice(3));
    await expect.poll(firstCandidate).toBe('太');
    // …and undoing it gives 大 back.
    await page.getByRole('button', { name: '撤销一笔' }).click();
    await expect.poll(firstCandidate).toBe('大');
    await page.getByRole('button', { name: '重写' }).click();
    expect(await page.locator('[data-candidate]').count()).toBe(0);
    expect(await page.getByRole('button', { name: '撤销一笔' }).isDisabled()).toBe(true);
    await draw(strokes);
    await expect.poll(firstCandidate).toBe('太');
  });

  it('is larger in elder mode, with English labels', async () => {
    await page.goto(`${pad.url}?elder&lang=en`);
    await page.getByText('Pick the character here when you have written it').waitFor();
    const box = await page.locator('[data-handwriting-canvas]').boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(440);
    await draw(strokesOf('永'));
    await page.locator('[data-candidate="永"]').click();
    expect(await picked()).toBe('永');
    await draw(strokesOf('深'));
    await expect.poll(firstCandidate).toBe('深');
    await keepScreenshot(page, 'handwriting-02-elder-en');
    expect(await page.getByRole('button', { name: 'Undo stroke' }).isEnabled()).toBe(true);
  });
});
