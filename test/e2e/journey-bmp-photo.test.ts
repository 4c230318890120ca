// A card whose photo comes off the reader as the vendors' WLT decoders give it (a 24-bit,
// bottom-up BMP) goes through the whole registration: the face check against the fake
// camera passes and the licence is printed. Before BMP decoding every such applicant
// was referred to a counter with "the photo on your ID card cannot be used".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_COMMERCIAL_LONGGANG } from '../../core/address/sample-fixtures';
import { FIXTURE_CARDS } from '../../hardware/idcard/fixtures';
import { startJourneyKiosk, type JourneyKiosk } from '../support/journey-page';

let k: JourneyKiosk;

beforeAll(async () => {
  // wangFang's card carries another picture of the face the camera shows, written as a BMP.
  k = await startJourneyKiosk({ env: { KIOSK__FACE__LIVENESS__STEPS: '0' }, cardPhotos: { wangFang: { person: 'p6-3', picture: 'id-mirror-bright' } } });
}, 240_000);

afterAll(async () => {
  await k?.dispose();
});

describe('the card reader\'s BMP photo', () => {
  it('carries an applicant through the face check to a printed licence', { timeout: 180_000 }, async () => {
    expect(FIXTURE_CARDS.wangFang.photoFile).toMatch(/\.bmp$/);
    const { kiosk } = k.configure('bmp-photo');
    await kiosk.startService('registration');
    k.core.devices.simulation?.idcard.insert('wangFang');
    await kiosk.passFaceCheck('details');
    await kiosk.fillDetails({ name: { tradeName: [{ pinyin: 'chenguang', word: '晨光' }], industry: '图文设计', organisationForm: '店' }, scope: { initials: 'twsj', code: 'M0305' }, phone: '13800138000' });
    await expect.poll(() => kiosk.formProblems()).toEqual({});
    await kiosk.submitDetails();
    await kiosk.lookUpHouseCode(SAMPLE_COMMERCIAL_LONGGANG);
    await kiosk.confirmAddress();
    expect(await kiosk.submitForDecision()).toBe('approve');
    await kiosk.collectAndRate(5);
    expect(k.core.registry.activeLicencesOf(FIXTURE_CARDS.wangFang.text.idNumber)).toHaveLength(1);
  });
});
