// The camera's status, which only the renderer can find out: what the screen checks at
// start-up, and how the core takes the report over the contract into the device status.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatusView } from '../../../core/contract';
import { createInMemoryPair } from '../../../core/ipc/in-memory-transport';
import { serveMessageConnection } from '../../../core/ipc/message-connection';
import { createMessageBridge, type MessageBridge } from '../../../renderer/src/bridge/message-bridge';
import { checkCamera } from '../../../renderer/src/camera-status';
import { eventually, startTestCore, type TestCore } from '../../support/core';

/** Just enough of navigator.mediaDevices for checkCamera. */
function media(kinds: MediaDeviceKind[], getUserMedia: () => Promise<MediaStream>) {
  const devices = kinds.map((kind) => ({ kind, label: '', deviceId: '', groupId: '' }));
  return { enumerateDevices: async () => devices, getUserMedia } as unknown as MediaDevices;
}

describe('the screen checking its camera', () => {
  it('reports a camera it could open, and lets it go again', async () => {
    let stopped = 0;
    const stream = { getTracks: () => [{ stop: () => stopped++ }] } as unknown as MediaStream;
    expect(await checkCamera(media(['audioinput', 'videoinput'], async () => stream))).toEqual({ present: true });
    expect(stopped).toBe(1);
  });

  it('reports no camera when none is attached, without asking for one', async () => {
    let asked = false;
    const report = await checkCamera(media(['audioinput'], async () => {
      asked = true;
      throw new Error('unreachable');
    }));
    expect(report).toEqual({ present: false, error: 'no-camera' });
    expect(asked).toBe(false);
  });

  it('tells a refused permission from a camera that fails to start', async () => {
    const refused = await checkCamera(media(['videoinput'], () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))));
    expect(refused).toMatchObject({ present: false, error: 'permission-denied', detail: expect.stringContaining('Permission denied') });
    const busy = await checkCamera(media(['videoinput'], () => Promise.reject(new DOMException('Device in use', 'NotReadableError'))));
    expect(busy).toMatchObject({ present: false, error: 'camera-failed' });
  });

  it('reports no camera in a browser without media devices', async () => {
    expect(await checkCamera({} as MediaDevices)).toMatchObject({ present: false, error: 'no-camera' });
  });
});

describe('devices.reportCamera on a kiosk with a real camera', () => {
  let core: TestCore;
  let bridge: MessageBridge;
  let close: () => void;

  beforeEach(async () => {
    core = await startTestCore({ KIOSK__DEVICES__CAMERA__DRIVER: 'browser' });
    const [renderer, coreEnd] = createInMemoryPair();
    close = () => renderer.close();
    serveMessageConnection(core.server, coreEnd, 'test');
    bridge = createMessageBridge(renderer, 2000);
  });

  afterEach(async () => {
    close();
    await core.dispose();
  });

  const camera = (devices: readonly DeviceStatusView[] | undefined) => devices?.find((d) => d.kind === 'camera');

  it('shows the camera as waiting until the screen reports, then as the screen says, to every renderer', async () => {
    expect(camera(await bridge.call('devices.list', {}))).toMatchObject({ driver: 'browser', level: 'error', reasons: ['not-open'] });
    const pushed: DeviceStatusView[][] = [];
    bridge.on('devices.status', (devices) => pushed.push(devices));

    const status = await bridge.call('devices.reportCamera', { present: false, error: 'permission-denied', detail: 'NotAllowedError' });
    expect(status).toMatchObject({ kind: 'camera', level: 'error', reasons: ['permission-denied'] });
    await eventually(() => camera(pushed.at(-1)), (c) => c?.reasons[0] === 'permission-denied');

    expect(await bridge.call('devices.reportCamera', { present: true })).toMatchObject({ level: 'ok', reasons: [] });
  });

  it('rejects a malformed report, naming the field, and keeps the status', async () => {
    await expect(bridge.call('devices.reportCamera', { present: 'yes' } as never)).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('present') });
    await expect(bridge.call('devices.reportCamera', { present: true, error: 'no-camera' })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('error') });
    await expect(bridge.call('devices.reportCamera', { present: false, error: 'on-fire' } as never)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(bridge.call('devices.reportCamera', { present: false, frame: 'data:image/png' } as never)).rejects.toMatchObject({ code: 'bad-request' });
    expect(camera(await bridge.call('devices.list', {}))).toMatchObject({ reasons: ['not-open'] });
  });
});
