/// <reference lib="dom" />
// (page.evaluate callbacks run in the page: they need the DOM types.)
// Every journey screen in a real Chromium, against a stub core that shows one snapshot
// at a time and records what the renderer sends: each screen renders its step (in
// Chinese, in English, in large text), passes axe-core with no serious or critical
// finding, leaves a screenshot, and turns the applicant's touches into the right
// commands. The face screen runs the real face module on a fake camera. Text is entered
// only by tapping keys and candidates on the kiosk's own keyboard, on screen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '../../core/contract';
import { ensureSampleSet, samplePicture, y4mFromImage } from '../support/face-samples';
import { JourneyPage, launchJourneyBrowser } from '../support/journey-page';
import { openKeyboard, tapLetters, tapPinyinWord, writeCharacter } from '../support/touch-keyboard';
import { STUB_APPLICANT as APPLICANT, startStubKiosk, type StubKiosk } from '../support/stub-kiosk';

let dir: string;
let stub: StubKiosk;
let browser: Browser;
let kiosk: JourneyPage;

const FORM: NonNullable<SessionSnapshot['form']> = {
  name: { region: '深圳市龙岗区', tradeName: '精锐', industry: '图文设计', organisationForm: '店' },
  scope: [], compositionForm: '个人经营', phone: '13800138000',
};
const ADDRESS = { houseCode: '4403070030030400042000003', formatted: '广东省深圳市龙岗区平湖街道平湖社区华南城3栋1203房', usage: '商业' };
const LICENCE = { creditCode: '92440307K00000012X', name: '深圳市龙岗区精锐图文设计店', registrationDate: '2025-06-01', address: ADDRESS.formatted };
const inSession = (state: SessionSnapshot['state'], more: Partial<SessionSnapshot> = {}): Partial<SessionSnapshot> => ({
  state, service: 'registration', inactivityDeadline: Date.now() + 60_000, applicant: APPLICANT, ...more,
});
const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

async function showAndCapture(snapshot: Partial<SessionSnapshot>, name: string): Promise<void> {
  stub.show(snapshot);
  await kiosk.screen(snapshot.state ?? 'attract');
  expect(await kiosk.capture(name)).toEqual([]);
}

beforeAll(async () => {
  const set = await ensureSampleSet('quick');
  dir = mkdtempSync(join(tmpdir(), 'journey-screens-'));
  stub = await startStubKiosk();
  browser = await launchJourneyBrowser({ y4m: y4mFromImage(samplePicture(set, 'p6-3', 'live-plain'), join(dir, 'camera.y4m')) });
  kiosk = await JourneyPage.open(browser, stub.host.url);
  await kiosk.screen('attract');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the journey screens, one by one', () => {
  it('welcome: chooses the service and turns large text on', async () => {
    await showAndCapture(inSession('welcome', { applicant: null, service: null }), 'screen-welcome');
    await kiosk.tap(/办理营业执照/);
    await expect.poll(() => stub.last('CHOOSE_SERVICE')).toEqual({ type: 'CHOOSE_SERVICE', service: 'registration' });
    await kiosk.tap('大字模式');
    await expect.poll(() => stub.last('SET_LARGE_TEXT')).toEqual({ type: 'SET_LARGE_TEXT', on: true });
    const normal = await kiosk.page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    await showAndCapture(inSession('welcome', { applicant: null, largeText: true }), 'screen-welcome-large-text');
    expect(await kiosk.page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('32px');
    expect(normal).toBe('24px');
  });

  it('consent: asks for both consents separately and can decline the face check', async () => {
    await showAndCapture(inSession('consent', { applicant: null }), 'screen-consent');
    const go = kiosk.page.getByRole('button', { name: '继续办理' });
    expect(await go.isDisabled()).toBe(true);
    await kiosk.page.locator('[data-consent="general"]').click();
    await go.click();
    await expect.poll(() => stub.last('CONSENT')).toEqual({ type: 'CONSENT', general: true, face: false });
  });

  it('idcard: says what to do, and on a problem says why with a way to try again', async () => {
    await showAndCapture(inSession('idcard', { applicant: null }), 'screen-idcard');
    expect(await kiosk.page.locator('[data-picture="insert-card"]').count()).toBe(1);
    stub.show(inSession('idcard', { applicant: null, problem: { code: 'card-expired', message: text('您的身份证已过期，请到 3 号窗口办理', 'Your ID card has expired: please go to counter 3') } }));
    await kiosk.page.locator('[data-problem="card-expired"]').waitFor();
    expect(await kiosk.page.getByRole('alert').textContent()).toContain('已过期');
    await kiosk.tap('重试');
    await expect.poll(() => stub.last('RETRY')).toEqual({ type: 'RETRY' });
    expect(await kiosk.capture('screen-idcard-expired')).toEqual([]);
  });

  it('face: analyses the fake camera, sends FACE_FRAMEs with a descriptor, shows the liveness step, and stops the camera on leaving', async () => {
    const face = { attempt: 1, maxAttempts: 3, phase: 'matching' as const, challenge: null, feedback: ['face-too-small'], goodFrames: 1, goodFramesRequired: 3 };
    stub.show(inSession('face', { face }));
    await kiosk.screen('face');
    expect(await kiosk.instruction()).toBe('请靠近一些');
    await expect.poll(() => stub.commands.some((c) => c.type === 'FACE_FRAME' && c.frame.descriptor !== null), { timeout: 60_000 }).toBe(true);
    const frame = stub.last('FACE_FRAME')?.frame;
    expect(frame?.faceCount).toBe(1);
    expect(frame?.descriptor).toHaveLength(128);
    expect(await kiosk.liveCameraTracks()).toBe(1);
    expect(await kiosk.capture('screen-face-matching')).toEqual([]);

    stub.show(inSession('face', { face: { ...face, phase: 'liveness', feedback: [], challenge: { action: 'turn-left', step: 1, steps: 2, deadline: Date.now() + 8000 } } }));
    await kiosk.page.locator('[data-challenge="turn-left"]').waitFor();
    expect(await kiosk.instruction()).toBe('请向左转头');
    expect(Number(await kiosk.page.locator('[data-challenge]').getAttribute('data-seconds'))).toBeGreaterThan(0);
    expect(await kiosk.capture('screen-face-liveness')).toEqual([]);

    await showAndCapture(inSession('details', { form: FORM }), 'screen-details');
    expect(await kiosk.liveCameraTracks()).toBe(0);
  });

  it('details: the kiosk keyboard under the field, pinyin candidates, live validation, scope by initials and by industry', async () => {
    stub.show(inSession('details', { form: FORM }));
    const osk = await openKeyboard(kiosk.page, 'tradeName');
    await osk.locator('[data-keyboard-clear]').tap();
    await tapLetters(osk, 'chenguang');
    await expect.poll(() => osk.locator('[data-candidate]').first().getAttribute('data-candidate')).toBe('晨光');
    // The keyboard opens under the field and never covers it; both are on screen.
    const field = await kiosk.page.locator('[data-field="tradeName"]').boundingBox();
    const panel = await osk.boundingBox();
    if (!field || !panel) throw new Error('the field or its keyboard is not on screen');
    expect(field.y).toBeGreaterThanOrEqual(0);
    expect(field.y + field.height).toBeLessThanOrEqual(panel.y);
    expect(panel.y + panel.height).toBeLessThanOrEqual(1024);
    expect(await kiosk.capture('screen-details-keyboard')).toEqual([]);
    // Every key is a touch, and every touch restarts the inactivity clock.
    const activityBefore = stub.commands.filter((c) => c.type === 'ACTIVITY').length;
    await osk.locator('.hg-button[data-skbtn="{bksp}"]').tap();
    await expect.poll(() => stub.commands.filter((c) => c.type === 'ACTIVITY').length).toBeGreaterThan(activityBefore);
    await osk.locator('[data-keyboard-clear]').tap();
    await tapPinyinWord(osk, { pinyin: 'zhonghua', word: '中华' });
    await expect.poll(() => stub.last('UPDATE_FORM')).toEqual({ type: 'UPDATE_FORM', patch: { name: { tradeName: '中华' } } });
    stub.show(inSession('details', { form: FORM, formProblems: [{ code: 'forbidden-word', field: 'name.tradeName', message: text('名称不能使用“中华”，请换一个字号', 'The name may not contain 中华: please choose another trade name') }] }));
    await kiosk.page.locator('[data-problem-field="name.tradeName"]').waitFor();
    expect(await kiosk.page.locator('[data-field="tradeName"]').getAttribute('aria-invalid')).toBe('true');
    await osk.locator('[data-keyboard-done]').tap();
    expect(await kiosk.capture('screen-details-name-problem')).toEqual([]);

    const search = await openKeyboard(kiosk.page, 'scopeSearch');
    await tapLetters(search, 'cy');
    // Read the first item of the answer to "cy", not of a list still answering "c".
    const firstItem = kiosk.page.locator('[data-scope-results-for="cy"][aria-busy="false"] [data-scope-item]').first();
    await firstItem.waitFor();
    const code = (await firstItem.getAttribute('data-scope-item')) ?? '';
    await firstItem.tap();
    await expect.poll(() => stub.last('UPDATE_FORM')).toEqual({ type: 'UPDATE_FORM', patch: { scope: [code] } });
    await search.locator('[data-keyboard-done]').tap();
    stub.show(inSession('details', { form: { ...FORM, scope: [code] } }));
    const chip = kiosk.page.locator(`[data-scope-chip="${code}"]`);
    await expect.poll(() => chip.textContent()).not.toContain(code);
    // The industry wordings of the chosen scope, to choose from.
    const term = kiosk.page.locator('[data-industry-terms="scope"] [data-industry-term]').first();
    await term.tap();
    await expect.poll(() => stub.last('UPDATE_FORM')).toEqual({ type: 'UPDATE_FORM', patch: { name: { industry: await term.getAttribute('data-industry-term') } } });
    await kiosk.page.locator('[data-industry]').first().tap();
    await kiosk.page.locator('[data-scope-results-for][aria-busy="false"] [data-scope-item]').first().waitFor();
    expect(await kiosk.capture('screen-details-scope')).toEqual([]);
    await chip.tap();
    await expect.poll(() => stub.last('UPDATE_FORM')).toEqual({ type: 'UPDATE_FORM', patch: { scope: [] } });

    // The phone on a numeric keypad, nothing else.
    const keypad = await openKeyboard(kiosk.page, 'phone');
    expect(await keypad.locator('.hg-button').count()).toBe(0);
    await keypad.locator('[data-key="clear"]').tap();
    for (const digit of '139') await keypad.locator(`[data-key="${digit}"]`).tap();
    await expect.poll(() => stub.last('UPDATE_FORM')).toEqual({ type: 'UPDATE_FORM', patch: { phone: '139' } });
    expect(await kiosk.capture('screen-details-phone-keypad')).toEqual([]);
    await keypad.locator('[data-keyboard-done]').tap();

    await kiosk.tap('不使用名称');
    await expect.poll(() => stub.last('UPDATE_FORM')).toEqual({ type: 'UPDATE_FORM', patch: { name: null } });
    await kiosk.tap('下一步');
    await expect.poll(() => stub.last('SUBMIT_FORM')).toEqual({ type: 'SUBMIT_FORM' });
  });

  it('details in elder mode: larger keys and fewer, larger candidates', async () => {
    stub.show(inSession('details', { form: FORM }));
    const normal = await openKeyboard(kiosk.page, 'tradeName');
    const normalKey = await normal.locator('.hg-button[data-skbtn="q"]').boundingBox();
    await normal.locator('[data-keyboard-done]').tap();
    stub.show(inSession('details', { form: FORM, largeText: true }));
    await kiosk.page.locator('html.large-text').waitFor();
    const osk = await openKeyboard(kiosk.page, 'tradeName');
    await tapLetters(osk, 'cg');
    await osk.locator('[data-candidate]').first().waitFor();
    const elderKey = await osk.locator('.hg-button[data-skbtn="q"]').boundingBox();
    expect(elderKey && normalKey && elderKey.height > normalKey.height * 1.2).toBe(true);
    expect(await osk.locator('[data-candidate]').count()).toBe(5);
    expect(await kiosk.capture('screen-details-keyboard-elder')).toEqual([]);
    // The handwriting pad, for those who do not use pinyin: 晨 written, then chosen.
    await osk.locator('[data-keyboard-clear]').tap();
    await writeCharacter(osk, '晨');
    await expect.poll(() => stub.last('UPDATE_FORM')).toEqual({ type: 'UPDATE_FORM', patch: { name: { tradeName: '晨' } } });
    expect(await kiosk.capture('screen-details-handwriting-elder')).toEqual([]);
    await osk.locator('[data-keyboard-done]').tap();
  });

  it('house code: 25 digits on the keypad in groups 6-3-3-2-5-6, then the address to confirm', async () => {
    await showAndCapture(inSession('house-code', { form: FORM }), 'screen-house-code');
    await kiosk.typeHouseCode(`${ADDRESS.houseCode}9`);
    const groups = await kiosk.page.locator('.house-code__group').evaluateAll((nodes) => nodes.map((n) => n.textContent));
    expect(groups).toEqual(['440307', '003', '003', '04', '00042', '000003']);
    await kiosk.page.locator('[data-key="backspace"]').click();
    expect(await kiosk.page.locator('[data-house-code]').getAttribute('data-house-code')).toBe(ADDRESS.houseCode.slice(0, 24));
    await kiosk.typeHouseCode('3');
    await kiosk.tap('查询地址');
    await expect.poll(() => stub.last('SUBMIT_HOUSE_CODE')).toEqual({ type: 'SUBMIT_HOUSE_CODE', houseCode: ADDRESS.houseCode });
    stub.show(inSession('house-code', { form: FORM, address: ADDRESS }));
    await kiosk.page.locator('[data-address-confirm]').waitFor();
    expect(await kiosk.page.locator('[data-fact="address"] dd').textContent()).toBe(ADDRESS.formatted);
    expect(await kiosk.capture('screen-house-code-address')).toEqual([]);
    await kiosk.tap('地址正确，继续');
    await expect.poll(() => stub.last('CONFIRM_ADDRESS')).toEqual({ type: 'CONFIRM_ADDRESS' });
  });

  it('review, deciding and the decision with each rule\'s reason', async () => {
    await showAndCapture(inSession('review', { form: FORM, address: ADDRESS }), 'screen-review');
    expect(await kiosk.page.locator('[data-fact="name"] dd').textContent()).toBe('深圳市龙岗区精锐图文设计店');
    await kiosk.tap('确认提交');
    await expect.poll(() => stub.last('CONFIRM_REVIEW')).toEqual({ type: 'CONFIRM_REVIEW' });
    await showAndCapture(inSession('deciding'), 'screen-deciding');
    const reasons = [
      { rule: 'name-words', passed: false, message: text('名称含有禁用字词“国际”', 'The name contains the forbidden word 国际') },
      { rule: 'applicant-age', passed: true, message: text('经营者已满 18 周岁', 'The operator is at least 18') },
    ];
    await showAndCapture(inSession('decision', { decision: { outcome: 'reject', reasons } }), 'screen-decision-reject');
    expect(await kiosk.page.locator('[data-rule]').first().getAttribute('data-rule')).toBe('name-words');
  });

  it('printing with per-job progress and a printer problem explained; done; rating', async () => {
    const jobs: SessionSnapshot['printing'] = [
      { id: 'j1', document: 'licence-a4', printer: 'laser', state: 'printed', problem: null },
      { id: 'j2', document: 'slip', printer: 'thermal', state: 'waiting', problem: { code: 'paper-end', message: text('凭条打印机缺纸：请稍候，已通知工作人员', 'The receipt printer is out of paper: please wait, staff have been called') } },
    ];
    await showAndCapture(inSession('printing', { printing: jobs, licence: LICENCE }), 'screen-printing-paper-end');
    expect(await kiosk.page.locator('[data-job="slip"] [data-problem="paper-end"]').textContent()).toContain('已通知工作人员');
    await showAndCapture(inSession('done', { licence: LICENCE }), 'screen-done');
    await kiosk.tap('完成');
    await expect.poll(() => stub.last('CONTINUE')).toEqual({ type: 'CONTINUE' });
    await showAndCapture(inSession('rating', { applicant: null }), 'screen-rating');
    await kiosk.tap('非常满意');
    await expect.poll(() => stub.last('RATE')).toEqual({ type: 'RATE', stars: 5 });
  });

  it('already issued: a retry after an interruption is shown its licence, to take or reprint', async () => {
    const queued: SessionSnapshot['printing'] = [{ id: 'j1', document: 'licence-a4', printer: 'laser', state: 'queued', problem: null }];
    await showAndCapture(inSession('already-issued', { licence: LICENCE, printing: queued }), 'screen-already-issued');
    expect(await kiosk.page.locator('[data-licence]').textContent()).toContain(LICENCE.creditCode);
    await kiosk.tap('领取执照');
    expect(stub.last('COLLECT_ISSUED')).toEqual({ type: 'COLLECT_ISSUED', reprint: false });
    // Printed already: only the reprint is offered.
    await showAndCapture(inSession('already-issued', { licence: LICENCE, printing: [{ ...queued[0]!, state: 'printed' }], language: 'en' }), 'screen-already-issued-printed-en');
    await kiosk.tap('Reprint');
    expect(stub.last('COLLECT_ISSUED')).toEqual({ type: 'COLLECT_ISSUED', reprint: true });
  });

  it('deregistration: choose the licence; referral names the counter', async () => {
    await showAndCapture(inSession('choose-licence', { service: 'deregistration', licences: [LICENCE] }), 'screen-choose-licence');
    await kiosk.page.locator(`[data-licence="${LICENCE.creditCode}"]`).click();
    await expect.poll(() => stub.last('CHOOSE_LICENCE')).toEqual({ type: 'CHOOSE_LICENCE', creditCode: LICENCE.creditCode });
    await showAndCapture(inSession('referral', { counter: '3', problem: { code: 'face-mismatch', message: text('人脸核验未通过', 'The face check did not pass') } }), 'screen-referral');
    expect(await kiosk.page.locator('[data-counter]').textContent()).toContain('3');
  });

  it('English, and the inactivity warning with its countdown on any step', async () => {
    await showAndCapture(inSession('house-code', { language: 'en', form: FORM }), 'screen-house-code-en');
    expect(await kiosk.instruction()).toContain('25-digit house code');
    expect(await kiosk.page.locator('html').getAttribute('lang')).toBe('en');
    stub.show(inSession('review', { form: FORM, address: ADDRESS, inactivityWarning: true, inactivityDeadline: Date.now() + 9000 }));
    await kiosk.page.locator('[data-inactivity-warning]').waitFor();
    expect(Number(await kiosk.page.locator('#inactivity-hint').getAttribute('data-seconds'))).toBeGreaterThan(0);
    expect(await kiosk.capture('screen-inactivity-warning')).toEqual([]);
    await kiosk.tap('继续办理');
    await expect.poll(() => stub.last('ACTIVITY')).toEqual({ type: 'ACTIVITY' });
  });
});
