// A service keyboard plugged into a kiosk (or a key the shell lets through) cannot step
// back through the journey: the renderer in a real Chromium against a stub core. Kept
// apart from the journey tests, where the applicant only touches the screen.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JourneyPage, launchJourneyBrowser } from '../support/journey-page';
import { STUB_APPLICANT as APPLICANT, startStubKiosk, type StubKiosk } from '../support/stub-kiosk';

let stub: StubKiosk;
let browser: Browser;
let kiosk: JourneyPage;

beforeAll(async () => {
  stub = await startStubKiosk();
  browser = await launchJourneyBrowser();
  kiosk = await JourneyPage.open(browser, stub.host.url);
  await kiosk.screen('attract');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stub?.close();
});

describe('keys and history in the kiosk page', () => {
  it('no key or history step leads back to an earlier screen', async () => {
    stub.show({ state: 'review', service: 'registration', inactivityDeadline: Date.now() + 60_000, applicant: APPLICANT });
    await kiosk.screen('review');
    const before = kiosk.page.url();
    await kiosk.page.keyboard.press('Alt+ArrowLeft');
    await kiosk.page.keyboard.press('Backspace');
    // The step back is done once its popstate has been dispatched (the guard's listener, added at start-up, runs first).
    await kiosk.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          addEventListener('popstate', () => resolve(), { once: true });
          history.back();
        }),
    );
    expect(kiosk.page.url()).toBe(before);
    expect(await kiosk.currentScreen()).toBe('review');
    stub.show({ state: 'attract' });
    await kiosk.screen('attract');
    expect(await kiosk.page.locator('body').textContent()).not.toContain('张伟');
  });
});
