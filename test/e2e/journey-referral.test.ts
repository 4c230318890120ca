// Journeys that end before a licence, in Chromium against the real core with short
// inactivity timeouts: a face that does not match the ID photo (the card carries
// another person's photo) is sent to a counter after three attempts, and an applicant
// who walks away gets a countdown, then the session is wiped back to attract.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startJourneyKiosk, type JourneyKiosk } from '../support/journey-page';

let k: JourneyKiosk;

beforeAll(async () => {
  k = await startJourneyKiosk({
    env: {
      KIOSK__FACE__LIVENESS__STEPS: '0',
      KIOSK__FACE__MAX_ATTEMPTS: '3',
      KIOSK__UI__INACTIVITY_TIMEOUT_SECONDS: '10',
      KIOSK__UI__INACTIVITY_WARNING_SECONDS: '5',
      KIOSK__UI__REFERRAL_COUNTER: '3',
    },
  });
}, 240_000);

beforeEach(() => k.reset());

afterAll(async () => {
  await k?.dispose();
});

describe('journeys that end without a licence', () => {
  it('sends a face that does not match the ID photo to counter 3 after three attempts', async () => {
    const { kiosk } = k.configure('face-mismatch');
    await kiosk.startService('registration');
    k.core.devices.simulation?.idcard.insert('liXiuying');
    expect(await kiosk.retryFaceUntil('referral')).toBe(2);
    await kiosk.visit('referral');
    expect(await kiosk.page.locator('[data-counter]').getAttribute('data-counter')).toBe('3');
    expect(await kiosk.instruction()).toContain('3 号窗口');
    await kiosk.answer('referral', 'rating', () => kiosk.tap('完成'));
    await kiosk.visit('rating');
    await kiosk.answer('rating', 'attract', () => kiosk.page.locator('[data-stars="3"]').click());
    expect(await kiosk.page.locator('body').textContent()).not.toContain('李秀英');
    expect(kiosk.violations).toEqual({});
  });

  it('warns an applicant who stops touching the screen, keeps the session on "continue", and wipes it when nobody answers', async () => {
    const { kiosk } = k.configure('inactivity');
    await kiosk.startService('registration');
    const warning = kiosk.page.locator('[data-inactivity-warning]');
    await warning.waitFor({ timeout: 15_000 });
    expect(Number(await kiosk.page.locator('#inactivity-hint').getAttribute('data-seconds'))).toBeGreaterThan(0);
    await kiosk.visit('idcard', 'idcard-still-there');
    await kiosk.tap('继续办理');
    await warning.waitFor({ state: 'detached' });
    expect(await kiosk.currentScreen()).toBe('idcard');

    await warning.waitFor({ timeout: 15_000 });
    await kiosk.screen('attract', 15_000);
    expect(k.core.session.snapshot()).toMatchObject({ state: 'attract', service: null, largeText: false, inactivityDeadline: null });
    expect(kiosk.violations).toEqual({});
  });
});
