// The Electron shell's main-process behaviour, with `electron` replaced by a mock.
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindowMock, electronMock } from '../../mocks/electron';

vi.mock('electron', () => import('../../mocks/electron').then((m) => ({ ...m.electronMock, default: m.electronMock })));

const { startKioskShell } = await import('../../../electron/shell');
const { IPC_CALL, IPC_EVENT } = await import('../../../electron/ipc-channels');

let window: BrowserWindowMock;

beforeAll(async () => {
  electronMock.app.userData = mkdtempSync(join(tmpdir(), 'kiosk-electron-'));
  process.env.KIOSK__LOG__LEVEL = 'silent';
  expect(startKioskShell({ preload: '/app/preload.cjs', rendererDir: '/app/renderer' })).toBe(true);
  const loaded = once(BrowserWindowMock.loads, 'load');
  electronMock.app.fireReady();
  const [, url] = (await loaded) as [BrowserWindowMock, string];
  expect(url).toBe('app://kiosk/index.html');
  expect(BrowserWindowMock.instances).toHaveLength(1);
  window = BrowserWindowMock.instances[0]!;
});

function trustedEvent(overrides: Record<string, unknown> = {}) {
  return { sender: window.webContents, senderFrame: { url: 'app://kiosk/index.html', parent: null }, ...overrides };
}

describe('the Electron kiosk shell', () => {
  it('opens one fullscreen kiosk window, isolated and sandboxed, without a menu', () => {
    expect(window.options).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    });
    expect(electronMock.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(electronMock.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
  });

  it('blocks navigation away from the app and every new window', () => {
    const away = { preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', inside, 'app://kiosk/index.html#x');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    expect(window.webContents.windowOpenHandler?.({ url: 'app://kiosk/index.html' })).toEqual({ action: 'deny' });
  });

  it('allows the camera for the app only, and no other permission', () => {
    const handler = electronMock.session.defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (
      c: unknown, p: string, cb: (ok: boolean) => void, d: Record<string, unknown>) => void;
    const ask = (permission: string, requestingUrl: string, mediaTypes?: string[]) => {
      let answer: boolean | undefined;
      handler(window.webContents, permission, (ok) => (answer = ok), { requestingUrl, mediaTypes });
      return answer;
    };
    expect(ask('media', 'app://kiosk/index.html', ['video'])).toBe(true);
    expect(ask('media', 'app://kiosk/index.html', ['audio'])).toBe(false);
    expect(ask('media', 'https://evil.example/', ['video'])).toBe(false);
    expect(ask('geolocation', 'app://kiosk/index.html')).toBe(false);
    expect(ask('notifications', 'app://kiosk/index.html')).toBe(false);
  });

  it('answers contract calls from its own window', async () => {
    const call = electronMock.ipcMain.handlers.get(IPC_CALL)!;
    expect(await call(trustedEvent(), 'app.info', {})).toMatchObject({ ok: true, value: { shell: 'electron', kioskId: 'DEV-KIOSK-01' } });
    expect(await call(trustedEvent(), 'session.send', { type: 'NOPE' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('refuses calls from another origin, a subframe or another web contents', async () => {
    const call = electronMock.ipcMain.handlers.get(IPC_CALL)!;
    for (const event of [
      trustedEvent({ senderFrame: { url: 'https://evil.example/', parent: null } }),
      trustedEvent({ senderFrame: { url: 'app://kiosk/index.html', parent: {} } }),
      trustedEvent({ sender: {} }),
      trustedEvent({ senderFrame: null }),
    ]) {
      expect(await call(event, 'app.info', {})).toMatchObject({ ok: false, error: { message: 'sender not allowed' } });
    }
  });

  it('pushes session changes to the window', async () => {
    const call = electronMock.ipcMain.handlers.get(IPC_CALL)!;
    await call(trustedEvent(), 'session.send', { type: 'START' });
    expect(window.webContents.sent).toContainEqual([IPC_EVENT, 'session.state', expect.objectContaining({ state: 'welcome' })]);
  });

  it('reloads the renderer when its process is gone', () => {
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(window.webContents.reload).toHaveBeenCalled();
  });

  it('a second instance quits and leaves the first one alone', async () => {
    electronMock.app.gotLock = false;
    expect(startKioskShell({ preload: '/p', rendererDir: '/r' })).toBe(false);
    expect(electronMock.app.quit).toHaveBeenCalled();
    expect(BrowserWindowMock.instances).toHaveLength(1);
  });
});
