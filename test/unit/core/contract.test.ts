// The contract end to end over the in-memory transport: the renderer's own bridge
// against a real core on simulators, as VS Code tests its IPC over an in-memory protocol.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatusView } from '../../../core/contract';
import { createInMemoryPair } from '../../../core/ipc/in-memory-transport';
import { serveMessageConnection } from '../../../core/ipc/message-connection';
import { KioskCallError } from '../../../renderer/src/bridge/call-error';
import { createMessageBridge, type MessageBridge } from '../../../renderer/src/bridge/message-bridge';
import { eventually, startTestCore, type TestCore } from '../../support/core';

let core: TestCore;
let bridge: MessageBridge;
let rendererEnd: ReturnType<typeof createInMemoryPair>[0];

beforeEach(async () => {
  core = await startTestCore();
  const [renderer, coreEnd] = createInMemoryPair();
  rendererEnd = renderer;
  serveMessageConnection(core.server, coreEnd, 'test');
  bridge = createMessageBridge(renderer, 2000);
});

afterEach(async () => {
  rendererEnd.close();
  await core.dispose();
});

describe('the contract over an in-memory transport', () => {
  it('answers app.info with the kiosk identity and that it runs on simulators', async () => {
    const info = await bridge.call('app.info', {});
    expect(info).toMatchObject({ kioskId: 'DEV-KIOSK-01', shell: 'test', simulated: true, defaultLanguage: 'zh-CN' });
  });

  it('lists every device with its status', async () => {
    const devices = await bridge.call('devices.list', {});
    expect(devices.map((d) => [d.kind, d.level])).toEqual([
      ['idcard', 'ok'],
      ['thermal', 'ok'],
      ['laser', 'ok'],
      ['camera', 'ok'],
    ]);
  });

  it('pushes a device status change to the renderer', async () => {
    const seen: DeviceStatusView[][] = [];
    bridge.on('devices.status', (devices) => seen.push(devices));
    core.devices.simulation?.thermal.fault('paper-end');
    const last = await eventually(() => seen.at(-1), (s) => s?.find((d) => d.kind === 'thermal')?.level === 'error');
    expect(last?.find((d) => d.kind === 'thermal')).toMatchObject({ level: 'error', reasons: ['paper-end'] });
  });

  it('moves the session on a valid command and pushes the new state', async () => {
    const states: string[] = [];
    bridge.on('session.state', (s) => states.push(s.state));
    const after = await bridge.call('session.send', { type: 'START' });
    expect(after.state).toBe('welcome');
    await eventually(() => states, (s) => s.includes('welcome'));
  });

  it('rejects a command the contract does not know, naming the field', async () => {
    const call = bridge.call('session.send', { type: 'APPROVE_EVERYTHING' } as never);
    await expect(call).rejects.toBeInstanceOf(KioskCallError);
    await expect(call).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('type') });
    expect((await bridge.call('session.get', {})).state).toBe('attract');
  });

  it('rejects extra fields smuggled into a payload', async () => {
    await expect(bridge.call('session.send', { type: 'START', admin: true } as never)).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('rejects a method outside the contract', async () => {
    await expect(bridge.call('system.shutdown' as never, {} as never)).rejects.toMatchObject({ code: 'unknown-method' });
  });

  it('keeps serving after a malformed frame', async () => {
    rendererEnd.send('{not json');
    rendererEnd.send(JSON.stringify({ kind: 'call', id: 'x', method: 'app.info' }));
    expect((await bridge.call('app.info', {})).kioskId).toBe('DEV-KIOSK-01');
  });

  it('fails pending calls when the connection closes', async () => {
    const call = bridge.call('app.info', {});
    rendererEnd.close();
    await expect(call).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('stops pushing events to a closed connection', async () => {
    rendererEnd.close();
    // A publish after the close must not throw or reach anyone.
    expect(() => core.devices.simulation?.laser.fault('toner-low')).not.toThrow();
  });
});
