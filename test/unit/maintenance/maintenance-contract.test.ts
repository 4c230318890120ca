// Maintenance over the contract, as the renderer calls it: a real core on simulators,
// the renderer's own bridge, an in-memory transport. Every call is checked at the edge.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MaintenanceStateEvent } from '../../../core/contract';
import { TEST_PRINT_TITLE } from '../../../core/maintenance/test-prints';
import { blocksText } from '../../../hardware/thermal/paper-model';
import { KioskCallError } from '../../../renderer/src/bridge/call-error';
import type { MessageBridge } from '../../../renderer/src/bridge/message-bridge';
import { eventually, startTestCore, type TestCore } from '../../support/core';
import { SHIPPED_PIN, TECHNICIAN_PIN, TECHNICIAN_PIN_CONFIG } from '../../support/maintenance-pin';
import { connectRenderer } from '../../support/renderer-bridge';
import { APPROVED, idNumber, registration } from '../../support/registry';

let core: TestCore;
let bridge: MessageBridge;
let hangUp: () => void;

beforeEach(async () => {
  core = await startTestCore(TECHNICIAN_PIN_CONFIG);
  ({ bridge, close: hangUp } = connectRenderer(core.server, 10_000));
});

afterEach(async () => {
  hangUp();
  await core.dispose();
});

async function unlock(): Promise<string> {
  const answer = await bridge.call('maintenance.unlock', { pin: TECHNICIAN_PIN });
  if (answer.status !== 'ok') throw new Error(`maintenance did not open: ${JSON.stringify(answer)}`);
  return answer.token;
}

function issueLicence(n = 1): string {
  const application = core.registry.submit(registration(n));
  const { licence } = core.registry.decide(application.id, APPROVED);
  if (!licence) throw new Error('the test licence was not issued');
  return licence.creditCode;
}

describe('maintenance over the contract', () => {
  it('opens with the development PIN and tells every renderer it is open', async () => {
    const seen: MaintenanceStateEvent[] = [];
    bridge.on('maintenance.state', (event) => seen.push(event));
    await unlock();
    await eventually(() => seen, (s) => s.length > 0);
    expect(seen).toEqual([{ open: true, reason: 'unlocked' }]);
  });

  it('answers every maintenance call without the open token with denied', async () => {
    const stale = 'x'.repeat(43);
    expect(await bridge.call('maintenance.status', { token: stale })).toEqual({ status: 'denied', reason: 'not-open' });
    expect(await bridge.call('maintenance.testPrint', { token: stale, printer: 'thermal' })).toEqual({ status: 'denied', reason: 'not-open' });
    expect(core.devices.simulation?.thermal.printedPages()).toHaveLength(0);
  });

  it('rejects malformed payloads at the edge, naming the field', async () => {
    await expect(bridge.call('maintenance.unlock', { pin: '24a810' })).rejects.toThrow(/pin: a PIN is up to 12 digits/);
    await expect(bridge.call('maintenance.status', {} as never)).rejects.toMatchObject({ code: 'bad-request' });
    const token = await unlock();
    const error = await bridge.call('maintenance.testPrint', { token, printer: 'fax' as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KioskCallError);
    expect((error as KioskCallError).message).toContain('printer');
  });

  it('refuses to open while a session is under way', async () => {
    await bridge.call('session.send', { type: 'START' });
    expect(await bridge.call('maintenance.unlock', { pin: TECHNICIAN_PIN })).toEqual({ status: 'refused', reason: 'session-active' });
  });

  it('closes when a session starts anyway, so no applicant data ever lies under it', async () => {
    const seen: MaintenanceStateEvent[] = [];
    bridge.on('maintenance.state', (event) => seen.push(event));
    const token = await unlock();
    await bridge.call('session.send', { type: 'START' });
    await eventually(() => seen.at(-1), (last) => last?.open === false);
    expect(seen.at(-1)).toEqual({ open: false, reason: 'session-started' });
    expect(await bridge.call('maintenance.queue.list', { token })).toEqual({ status: 'denied', reason: 'not-open' });
  });

  it('reports devices, versions and counters', async () => {
    const token = await unlock();
    issueLicence();
    const answer = await bridge.call('maintenance.status', { token });
    if (answer.status !== 'ok') throw new Error('denied');
    const { devices, versions, counters } = answer.value;
    expect(devices.map((d) => [d.kind, d.level])).toContainEqual(['thermal', 'ok']);
    expect(versions.ruleSets.map((r) => r.service)).toEqual(['registration', 'deregistration']);
    expect(versions.ruleSets[0]?.version).toMatch(/\S/);
    expect(versions.addressDatabase).toHaveProperty('available');
    expect(counters).toMatchObject({ decisions: 1, approvals: 1, rejections: 0, passRate: 1 });
  });

  it('prints a test slip on the receipt printer, and says why when it cannot', async () => {
    const token = await unlock();
    expect(await bridge.call('maintenance.testPrint', { token, printer: 'thermal' })).toEqual({ status: 'ok', value: { printer: 'thermal', printed: true } });
    const slips = core.devices.simulation?.thermal.printedPages() ?? [];
    expect(blocksText(slips.at(-1)?.blocks ?? [])).toContain(TEST_PRINT_TITLE);

    core.devices.simulation?.thermal.fault('paper-end');
    await eventually(() => core.devices.statuses().find((d) => d.kind === 'thermal')?.level, (level) => level === 'error');
    const failed = await bridge.call('maintenance.testPrint', { token, printer: 'thermal' });
    expect(failed).toMatchObject({ status: 'ok', value: { printed: false, reason: 'paper-end' } });
  });

  it('prints a test page on the laser printer', async () => {
    const token = await unlock();
    const before = core.devices.simulation?.laser.receivedDocuments().length ?? 0;
    expect(await bridge.call('maintenance.testPrint', { token, printer: 'laser' })).toEqual({ status: 'ok', value: { printer: 'laser', printed: true } });
    const documents = core.devices.simulation?.laser.receivedDocuments() ?? [];
    expect(documents).toHaveLength(before + 1);
    expect(documents.at(-1)?.title).toBe('maintenance-test-page');
    expect(Buffer.from(documents.at(-1)?.pdf ?? []).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('reads the ID card with the holder masked', async () => {
    const token = await unlock();
    core.devices.simulation?.idcard.insert('zhangWei');
    const answer = await bridge.call('maintenance.idcard.testRead', { token });
    if (answer.status !== 'ok' || !answer.value.read) throw new Error(`not read: ${JSON.stringify(answer)}`);
    expect(answer.value.card).toMatchObject({ name: '张*', sex: 'male', validTo: '20360520' });
    expect(answer.value.card.idNumberMasked).toBe('440307********0133');
    expect(JSON.stringify(answer)).not.toContain('440307198803150133');
    expect(JSON.stringify(answer)).not.toContain('平新北路');
  });

  it('reprints a licence with a reason, marked as a reprint, and lists it in the queue', async () => {
    const token = await unlock();
    const creditCode = issueLicence();
    const answer = await bridge.call('maintenance.queue.reprint', { token, creditCode, reason: '卡纸，申请人要求重打' });
    expect(answer).toMatchObject({ status: 'ok', value: { done: true, job: { creditCode, reprint: true, reprintReason: '卡纸，申请人要求重打' } } });
    const list = await bridge.call('maintenance.queue.list', { token });
    expect(list.status === 'ok' && list.value.filter((job) => job.reprint).map((job) => job.creditCode)).toEqual([creditCode]);
  });

  it('explains a refused reprint in both languages', async () => {
    const token = await unlock();
    const answer = await bridge.call('maintenance.queue.reprint', { token, creditCode: '92440300MA5EQ7GQ4X', reason: '补打' });
    expect(answer).toMatchObject({ status: 'ok', value: { done: false, problem: 'licence-not-found' } });
    const refused = answer.status === 'ok' && !answer.value.done ? answer.value.message : undefined;
    expect(refused?.['zh-CN']).toContain('没有');
    expect(refused?.en).toContain('No licence');
  });

  it('shows the newest audit entries, redacted, newest first', async () => {
    const token = await unlock();
    issueLicence(8);
    const answer = await bridge.call('maintenance.logs.recent', { token, limit: 3 });
    if (answer.status !== 'ok') throw new Error('denied');
    expect(answer.value).toHaveLength(3);
    expect(answer.value[0]?.seq).toBeGreaterThan(answer.value[2]?.seq ?? Infinity);
    const all = await bridge.call('maintenance.logs.recent', { token, limit: 500 });
    const text = JSON.stringify(all);
    expect(text).toContain('application.submitted');
    expect(text).not.toContain(idNumber(8));
    await expect(bridge.call('maintenance.logs.recent', { token, limit: 5000 })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('exports the audit log without an ID number in clear', async () => {
    const token = await unlock();
    issueLicence(7);
    const answer = await bridge.call('maintenance.logs.export', { token });
    if (answer.status !== 'ok') throw new Error('denied');
    expect(answer.value.chainIntact).toBe(true);
    expect(existsSync(answer.value.file)).toBe(true);
    const text = readFileSync(answer.value.file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(answer.value.entries);
    expect(text).toContain('maintenance.opened');
    expect(text).not.toContain(idNumber(7));
  });

  it('leaves maintenance on lock and tells the renderer, after which the token is worthless', async () => {
    const seen: MaintenanceStateEvent[] = [];
    bridge.on('maintenance.state', (event) => seen.push(event));
    const token = await unlock();
    expect(await bridge.call('maintenance.lock', { token })).toEqual({ closed: true });
    await eventually(() => seen.at(-1), (last) => last?.open === false);
    expect(await bridge.call('maintenance.counters', { token })).toEqual({ status: 'denied', reason: 'not-open' });
  });

  it('does not exit to the desktop when the shell cannot', async () => {
    const token = await unlock();
    expect(await bridge.call('maintenance.exit', { token })).toEqual({ status: 'ok', value: { exiting: false } });
  });
});

describe('the shipped PIN', () => {
  it('opens only the step that replaces it; then the new PIN opens maintenance and the shipped one is wrong', async () => {
    const shipped = await startTestCore();
    try {
      const { bridge: renderer, close } = connectRenderer(shipped.server, 10_000);
      const first = await renderer.call('maintenance.unlock', { pin: SHIPPED_PIN });
      if (first.status !== 'ok') throw new Error(`maintenance did not open: ${JSON.stringify(first)}`);
      expect(first.pinChangeRequired).toBe(true);
      const { token } = first;
      // Nothing else opens before the PIN is replaced: no status, no queue, no print, no config.
      for (const denied of [
        await renderer.call('maintenance.status', { token }),
        await renderer.call('maintenance.queue.list', { token }),
        await renderer.call('maintenance.testPrint', { token, printer: 'thermal' }),
        await renderer.call('maintenance.config.get', { token }),
      ]) {
        expect(denied).toEqual({ status: 'denied', reason: 'pin-change-required' });
      }
      expect(shipped.devices.simulation?.thermal.printedPages()).toHaveLength(0);
      expect(await renderer.call('maintenance.pin.change', { token, pin: SHIPPED_PIN })).toEqual({ status: 'ok', value: { changed: false, problem: 'shipped-pin' } });
      expect(await renderer.call('maintenance.pin.change', { token, pin: '12' })).toEqual({ status: 'ok', value: { changed: false, problem: 'not-a-pin' } });
      expect(await renderer.call('maintenance.pin.change', { token: 'x'.repeat(43), pin: TECHNICIAN_PIN })).toEqual({ status: 'denied', reason: 'not-open' });

      expect(await renderer.call('maintenance.pin.change', { token, pin: TECHNICIAN_PIN })).toEqual({ status: 'ok', value: { changed: true } });
      expect(await renderer.call('maintenance.status', { token })).toMatchObject({ status: 'ok' });
      expect(await renderer.call('maintenance.pin.change', { token, pin: '999999' })).toEqual({ status: 'ok', value: { changed: false, problem: 'not-required' } });
      await renderer.call('maintenance.lock', { token });

      expect(await renderer.call('maintenance.unlock', { pin: SHIPPED_PIN })).toMatchObject({ status: 'wrong' });
      expect(await renderer.call('maintenance.unlock', { pin: TECHNICIAN_PIN })).toMatchObject({ status: 'ok', pinChangeRequired: false });
      close();
      const audit = shipped.db.prepare<[], { event: string; data: string }>('SELECT event, data FROM audit_log ORDER BY seq').all();
      expect(audit.map((entry) => entry.event)).toEqual(expect.arrayContaining(['maintenance.pin-change-refused', 'maintenance.pin-changed']));
      expect(JSON.stringify(audit)).not.toContain(TECHNICIAN_PIN);
    } finally {
      await shipped.dispose();
    }
  });
});

describe('exiting to the desktop', () => {
  it('asks the shell to close the kiosk, after answering and closing maintenance', async () => {
    let exits = 0;
    const shellCore = await startTestCore(TECHNICIAN_PIN_CONFIG, { shellHooks: { exitToDesktop: () => (exits += 1) } });
    try {
      const { bridge: shellBridge, close: hangUpShell } = connectRenderer(shellCore.server, 10_000);
      const answer = await shellBridge.call('maintenance.unlock', { pin: TECHNICIAN_PIN });
      const token = answer.status === 'ok' ? answer.token : '';
      expect(await shellBridge.call('maintenance.exit', { token })).toEqual({ status: 'ok', value: { exiting: true } });
      await eventually(() => exits, (n) => n === 1);
      expect(shellCore.maintenance.door.isOpen).toBe(false);
      hangUpShell();
    } finally {
      await shellCore.dispose();
    }
  });
});
