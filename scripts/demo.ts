/**
 * `npm run demo`: the whole applicant journey, played automatically against a real core
 * on simulated hardware: a registration to a printed licence, then its deregistration.
 * With a display ($DISPLAY) it plays in a visible Chromium window at a watchable pace;
 * without one it runs headless and keeps a screenshot of every screen in a folder it
 * prints. The fake camera shows a face sample; the ID card carries another picture of
 * the same face. It drives the screens with the e2e tests' own page helpers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_COMMERCIAL_LONGGANG } from '../core/address/sample-fixtures';
import { startJourneyKiosk } from '../test/support/journey-page';

const visible = Boolean(process.env.DISPLAY);
const screenshots = visible ? undefined : mkdtempSync(join(tmpdir(), 'kiosk-demo-'));

async function main(): Promise<void> {
  console.log(visible ? `demo: playing in a Chromium window on ${process.env.DISPLAY}` : `demo: no display; screenshots go to ${screenshots}`);
  // A still picture cannot turn its head: the liveness challenge is left out of the demo.
  const k = await startJourneyKiosk({ env: { KIOSK__FACE__LIVENESS__STEPS: '0' }, headless: !visible, viewport: { width: 1280, height: 900 } });
  const card = () => k.core.devices.simulation?.idcard.insert('zhangWei');
  const pace = { capture: !visible, pauseMs: visible ? 1500 : 0, ...(screenshots ? { dir: screenshots } : {}) };
  try {
    console.log(`demo: browser host ready in ${k.hostReadyMs.toFixed(0)} ms`);
    const { kiosk } = k.configure('1-registration', pace);
    const started = performance.now();
    await kiosk.startService('registration');
    card();
    await kiosk.passFaceCheck('details');
    await kiosk.fillDetails({ name: { tradeName: [{ pinyin: 'jingrui', word: '精锐' }], industry: '图文设计', organisationForm: '店' }, scope: { initials: 'twsj', code: 'M0305' }, phone: '13800138000' });
    await kiosk.submitDetails();
    await kiosk.lookUpHouseCode(SAMPLE_COMMERCIAL_LONGGANG);
    await kiosk.confirmAddress();
    console.log(`demo: decision ${await kiosk.submitForDecision()}`);
    await kiosk.collectAndRate(5);
    report('registration', performance.now() - started, kiosk.responseMs);

    await k.reset();
    k.configure('2-deregistration', pace);
    const again = performance.now();
    await kiosk.startService('deregistration');
    card();
    await kiosk.passFaceCheck('choose-licence');
    await kiosk.visit('choose-licence');
    await kiosk.page.locator('[data-licence]').first().click();
    console.log(`demo: decision ${await kiosk.submitForDecision()}`);
    await kiosk.collectAndRate(5);
    report('deregistration', performance.now() - again, kiosk.responseMs);
    const printed = k.core.devices.simulation?.laser.receivedDocuments() ?? [];
    console.log(`demo: the laser printer received ${printed.length} document(s): ${printed.map((d) => d.title).join(', ')}`);
    if (screenshots) console.log(`demo: screenshots in ${screenshots}`);
  } finally {
    await k.dispose();
  }
}

function report(journey: string, wallMs: number, responseMs: Record<string, number>): void {
  const system = Object.values(responseMs).reduce((a, b) => a + b, 0);
  console.log(`demo: ${journey} done in ${(wallMs / 1000).toFixed(1)} s; the kiosk's own time ${system.toFixed(0)} ms`);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
