// The preload is the page's only door into the app: it must pass contract calls and
// nothing else, so a compromised page cannot reach other IPC channels through it.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { electronMock, exposedInMainWorld } from '../../mocks/electron';

vi.mock('electron', () => import('../../mocks/electron').then((m) => ({ ...m.electronMock, default: m.electronMock })));

const { IPC_CALL, IPC_EVENT } = await import('../../../electron/ipc-channels');

interface Bridge {
  call(method: unknown, params: unknown): Promise<unknown>;
  on(event: unknown, listener: unknown): () => void;
}
let bridge: Bridge;

beforeAll(async () => {
  await import('../../../electron/preload');
  bridge = exposedInMainWorld.get('kiosk') as Bridge;
});

describe('the preload bridge', () => {
  it('exposes one object, window.kiosk, and nothing of ipcRenderer itself', () => {
    expect([...exposedInMainWorld.keys()]).toEqual(['kiosk']);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'on']);
  });

  it('forwards contract calls on the one call channel and returns the value', async () => {
    electronMock.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { kioskId: 'K' } });
    await expect(bridge.call('app.info', {})).resolves.toEqual({ kioskId: 'K' });
    expect(electronMock.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_CALL, 'app.info', {});
  });

  it('turns a refused call into an error carrying the core message', async () => {
    electronMock.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'bad-request', message: 'session.send: type: invalid' } });
    await expect(bridge.call('session.send', { type: 'X' })).rejects.toMatchObject({ name: 'bad-request', message: 'session.send: type: invalid' });
  });

  it('refuses a method outside the contract without sending anything to main', async () => {
    const before = electronMock.ipcRenderer.invoke.mock.calls.length;
    for (const method of ['fs.readFile', 'kiosk:event', '__proto__', 42, { toString: () => 'app.info' }]) {
      await expect(bridge.call(method, {})).rejects.toThrow(/method not allowed/);
    }
    expect(electronMock.ipcRenderer.invoke.mock.calls.length).toBe(before);
  });

  it('delivers only the subscribed event and refuses unknown ones', () => {
    const listener = vi.fn();
    const stop = bridge.on('session.state', listener);
    electronMock.ipcRenderer.emit(IPC_EVENT, {}, 'devices.status', { a: 1 });
    electronMock.ipcRenderer.emit(IPC_EVENT, {}, 'session.state', { state: 'welcome' });
    expect(listener.mock.calls).toEqual([[{ state: 'welcome' }]]);
    stop();
    electronMock.ipcRenderer.emit(IPC_EVENT, {}, 'session.state', { state: 'attract' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(() => bridge.on('ipc:anything', listener)).toThrow(/event not allowed/);
    expect(() => bridge.on('session.state', 'not a function')).toThrow(/event not allowed/);
  });
});
