// A registration whose licence comes out of the receipt printer (printing.licence =
// thermal), in Chromium against the real core: the printer runs out of paper while
// the licence prints, the screen says so with what happens next, and once paper is
// loaded the job resumes and the applicant takes the licence. The emulator's output
// is decoded through the paper model.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_COMMERCIAL_LONGGANG } from '../../core/address/sample-fixtures';
import { blocksText } from '../../hardware/thermal/paper-model';
import { startJourneyKiosk, type JourneyKiosk } from '../support/journey-page';

let k: JourneyKiosk;

const simulation = () => {
  const handle = k.core.devices.simulation;
  if (!handle) throw new Error('the test core runs on simulated hardware');
  return handle;
};

beforeAll(async () => {
  k = await startJourneyKiosk({ env: { KIOSK__FACE__LIVENESS__STEPS: '0', KIOSK__PRINTING__LICENCE: 'thermal' } });
}, 240_000);

beforeEach(() => k.reset());

afterAll(async () => {
  await k?.dispose();
});

describe('a licence on the receipt printer', () => {
  it('waits while the paper is out, explains it, and finishes once paper is loaded', async () => {
    const { kiosk } = k.configure('thermal-paper-end');
    await kiosk.startService('registration');
    simulation().idcard.insert('zhangWei');
    await kiosk.passFaceCheck('details');
    // 晨光 by its initials only, paging through the candidate bar.
    await kiosk.fillDetails({ name: { tradeName: [{ pinyin: 'cg', word: '晨光' }], industry: '图文设计', organisationForm: '店' }, scope: { initials: 'twsj', code: 'M0305' }, phone: '13900139000' });
    await kiosk.submitDetails();
    await kiosk.lookUpHouseCode(SAMPLE_COMMERCIAL_LONGGANG);
    await kiosk.confirmAddress();
    // The licence is queued for printing the moment it is approved: the paper runs out before that.
    simulation().thermal.fault('paper-end');
    // The driver learns of it from the printer's status, as on real hardware.
    await expect.poll(() => k.core.devices.statuses().find((d) => d.kind === 'thermal')?.reasons, { timeout: 10_000 }).toContain('paper-end');
    expect(await kiosk.submitForDecision()).toBe('approve');

    await kiosk.answer('continue', 'printing', () => kiosk.tap('继续办理'));
    const waiting = kiosk.page.locator('[data-state="waiting"] [data-problem]');
    await waiting.waitFor({ timeout: 30_000 });
    expect(await waiting.textContent()).toMatch(/纸/);
    await kiosk.visit('printing', 'printing-paper-end');
    expect(simulation().thermal.printedPages()).toHaveLength(0);

    simulation().thermal.clear();
    await kiosk.finishAndRate(4);
    const slip = blocksText(simulation().thermal.printedPages().at(-1)?.blocks ?? []).join('\n');
    expect(slip).toContain('深圳市龙岗区晨光图文设计店');
    expect(slip).toMatch(/9[0-9A-HJ-NPQRTUWXY]{17}/);
    expect(slip).toContain('张伟');
    expect(kiosk.violations).toEqual({});
  });
});
