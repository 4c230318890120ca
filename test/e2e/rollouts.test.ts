/// <reference lib="dom" />
// The rollout page in a real Chromium against a real centre and PostgreSQL, with two
// real kiosk cores (simulated hardware) heartbeating and syncing their decisions through
// their own outboxes: a new rule set goes to the canary kiosk only; the canary refers
// far more often than the kiosks on the rule set in general use, and the page shows the
// rollout halted, with the canaries' rate, the baseline and the factor, without a reload;
// a supervisor resumes the trial and promotes it, and the other kiosk then gets it.
// Every state leaves a screenshot and passes axe-core, in Chinese and in English.
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rollouts } from '../../centre/downstream/rollouts';
import { assignHall } from '../../centre/fleet/halls';
import { shippedFile } from '../../core/approval/approval-data';
import type { DecisionInput } from '../../core/registry/registry';
import { tempDir } from '../integration/address/address-test-kit';
import { TEST_AUTHORITY } from '../integration/updates/update-files';
import { launchChromium } from '../support/chromium';
import { startCentreInProcess, type InProcessCentre } from '../support/centre-in-process';
import { captured, openAsStaff, openPage } from '../support/centre-pages';
import type { TestCore } from '../support/core';
import { signInStaff, startFleetKiosk, STAFF_PASSWORD } from '../support/fleet';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { APPROVED, registration } from '../support/registry';
import { publishTestRuleSet } from '../support/rollouts';

const CANARY = 'LG-CANARY-01';
const OTHER = 'LG-PH-08';
const NEW_VERSION = '2099.1';
// Four canary decisions settle a trial here (30 in service).
const SETTINGS = { factor: 1.5, minDecisions: 4 };
const SHIPPED_VERSION = (JSON.parse(readFileSync(shippedFile('registration'), 'utf8')) as { version: string }).version;

let postgres: TestPostgres;
let centre: InProcessCentre;
let work: string;
let canary: TestCore;
let other: TestCore;
let browser: Browser;

beforeAll(async () => {
  work = tempDir('centre-rollout-e2e-');
  chmodSync(work, 0o711);
  postgres = await startTestPostgres();
  centre = await startCentreInProcess(await postgres.freshDatabase(), { rollout: SETTINGS });
  await signInStaff(centre.url, centre.pool, 'zhao.sup', 'supervisor');
  // Kiosks that trust the tests' publisher, a heartbeat a second (30 s in service).
  const trustPublisher = { KIOSK__UPDATES__PUBLIC_KEY: TEST_AUTHORITY.publicKeyPem };
  canary = await startFleetKiosk(centre.url, centre.pool, CANARY, 1000, undefined, trustPublisher);
  other = await startFleetKiosk(centre.url, centre.pool, OTHER, 1000, undefined, trustPublisher);
  await assignHall(centre.pool, CANARY, '龙岗区政务服务中心');
  await assignHall(centre.pool, OTHER, '平湖街道便民服务中心');
  expect(await new Rollouts(centre.pool).setRing(CANARY, 'canary')).toBe(true);
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await canary?.dispose();
  await other?.dispose();
  await centre?.close();
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Decisions at a kiosk on a rule-set version, the first `referred` of them referred; its outbox syncs them to the centre. */
function decide(kiosk: TestCore, from: number, count: number, referred: number, version: string): void {
  for (let i = 0; i < count; i++) {
    const application = kiosk.registry.submit(registration(from + i));
    const decision: DecisionInput = i < referred ? { ...APPROVED, outcome: 'refer', reasons: [{ id: 'address-usage', passed: false }] } : APPROVED;
    kiosk.registry.decide(application.id, { ...decision, ruleSet: { version, hash: 'b'.repeat(64) } });
  }
}

const row = (page: Page, version: string) => page.locator(`tr[data-rule-set="registration:${version}"]`);
const kioskVersion = (page: Page, kioskId: string) => page.locator(`tr[data-kiosk="${kioskId}"] td[data-version="registration"]`);

describe('the rollout page in Chromium', () => {
  let context: BrowserContext;
  afterAll(() => context?.close());

  it('a canary rollout halts live when the canaries refer too often, with the reason; a supervisor resumes and promotes it', async () => {
    // The rule set in general use: ten decisions at the other kiosk, one referred (10 %).
    decide(other, 100, 10, 1, SHIPPED_VERSION);
    await publishTestRuleSet(centre, SETTINGS, work, NEW_VERSION);
    expect((await canary.downstream!.pull()).find((r) => r.target === 'registration')).toMatchObject({ outcome: 'updated', version: NEW_VERSION });
    expect((await other.downstream!.pull()).find((r) => r.target === 'registration')?.outcome).not.toBe('updated');

    ({ context } = await openPage(browser));
    const page = await context.newPage();
    await openAsStaff(page, `${centre.url}/rollouts`, 'zhao.sup', STAFF_PASSWORD);
    await page.getByRole('heading', { name: '分环发布' }).waitFor();
    const trial = row(page, NEW_VERSION);
    await trial.and(page.locator('[data-stage="canary"]')).waitFor();
    // Heartbeats report what each kiosk runs; the other kiosk's ten decisions reach the centre as the baseline.
    await kioskVersion(page, CANARY).filter({ hasText: NEW_VERSION }).waitFor();
    await kioskVersion(page, OTHER).filter({ hasText: SHIPPED_VERSION }).waitFor();
    await trial.locator('[data-why]', { hasText: '基线转人工率 10.0 %' }).waitFor();
    expect(await page.locator(`tr[data-kiosk="${CANARY}"]`).textContent()).toContain('灰度');
    expect(await captured(page, 'centre-rollouts-canary')).toEqual([]);

    // The canary refers three of four applications on the new rule set: its outbox syncs them,
    // its next heartbeat tells the open page, which reads the rollout halted.
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    decide(canary, 200, 4, 3, NEW_VERSION);
    await trial.and(page.locator('[data-stage="halted"]')).waitFor({ timeout: 30_000 });
    expect((await trial.locator('[data-why]').textContent())?.replaceAll('\u00a0', ' ')).toBe('自动暂停：灰度终端转人工率 75.0 %，超过基线 10.0 % 的 1.5 倍');
    expect(loads).toEqual([]);
    expect(await captured(page, 'centre-rollouts-halted')).toEqual([]);
    expect((await other.downstream!.pull()).find((r) => r.target === 'registration')?.outcome).not.toBe('updated');

    // The supervisor resumes the trial on the canaries, then sends it everywhere.
    await trial.getByRole('button', { name: `恢复灰度试点 ${NEW_VERSION}` }).click();
    await trial.and(page.locator('[data-stage="canary"]')).waitFor();
    await trial.locator('[data-why]', { hasText: '由 zhao.sup (supervisor) 于' }).waitFor();
    await trial.getByRole('button', { name: `全面发布 ${NEW_VERSION}` }).click();
    await trial.and(page.locator('[data-stage="all"]')).waitFor();
    expect((await other.downstream!.pull()).find((r) => r.target === 'registration')).toMatchObject({ outcome: 'updated', version: NEW_VERSION });
    await other.fleet!.beat();
    await kioskVersion(page, OTHER).filter({ hasText: NEW_VERSION }).waitFor();
    expect(await captured(page, 'centre-rollouts-promoted')).toEqual([]);
    const { rows } = await centre.pool.query(`SELECT staff_name, action, detail FROM staff_audit WHERE action LIKE 'rollout.%' ORDER BY id`);
    expect(rows).toEqual([
      { staff_name: 'zhao.sup', action: 'rollout.resume', detail: { service: 'registration', version: NEW_VERSION, from: 'halted', to: 'canary' } },
      { staff_name: 'zhao.sup', action: 'rollout.promote', detail: { service: 'registration', version: NEW_VERSION, from: 'canary', to: 'all' } },
    ]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Rollouts' }).waitFor();
    await trial.getByRole('button', { name: `Halt: ${NEW_VERSION}` }).waitFor();
    expect(await captured(page, 'centre-rollouts-en')).toEqual([]);
  }, 180_000);
});
