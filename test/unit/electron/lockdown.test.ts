// The Electron security checklist, item by item, against the shell's main process
// (electron mocked): what a curious applicant at the kiosk could try must do nothing.
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindowMock, electronMock } from '../../mocks/electron';

vi.mock('electron', () => import('../../mocks/electron').then((m) => ({ ...m.electronMock, default: m.electronMock })));

const { startKioskShell } = await import('../../../electron/shell');
const { devToolsAllowed } = await import('../../../electron/window-policy');

type InputEvent = { preventDefault: ReturnType<typeof vi.fn> };
let window: BrowserWindowMock;
let rendererDir: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-lockdown-'));
  electronMock.app.userData = join(dir, 'user-data');
  rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  process.env.KIOSK__LOG__LEVEL = 'silent';
  // A packaged kiosk must ignore a developer's devtools flag left in its environment.
  process.env.KIOSK_DEVTOOLS = '1';
  electronMock.app.isPackaged = true;
  startKioskShell({ preload: '/app/preload.cjs', rendererDir });
  const loaded = once(BrowserWindowMock.loads, 'load');
  electronMock.app.fireReady();
  const [loadedWindow, url] = (await loaded) as [BrowserWindowMock, string];
  expect(url).toBe('app://kiosk/index.html');
  window = loadedWindow;
});

/** Presses a key in the kiosk window; true when the shell swallowed it. */
function press(chord: string): boolean {
  const parts = chord.split('+');
  const key = parts.pop()!;
  const code = /^[A-Z]$/.test(key) ? `Key${key}` : /^\d$/.test(key) ? `Digit${key}` : key === 'Left' || key === 'Right' ? `Arrow${key}` : key;
  const input = {
    type: 'keyDown', key: key.length === 1 ? key.toLowerCase() : code, code,
    control: parts.includes('Ctrl'), alt: parts.includes('Alt'), shift: parts.includes('Shift'), meta: parts.includes('Meta'),
  };
  const event: InputEvent = { preventDefault: vi.fn() };
  window.webContents.emit('before-input-event', event, input);
  return event.preventDefault.mock.calls.length > 0;
}

async function fetchFromApp(url: string): Promise<Response> {
  const handler = electronMock.protocol.handle.mock.calls[0]![1] as (request: Request) => Promise<Response>;
  return handler(new Request(url));
}

describe('Electron lockdown', () => {
  it('isolates the page from Node: context isolation, sandbox, no Node integration anywhere, no webview tag', () => {
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
    });
  });

  it('serves the page with a Content Security Policy that allows only its own scripts', async () => {
    const response = await fetchFromApp('app://kiosk/index.html');
    expect(response.status).toBe(200);
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|http/);
    expect((await fetchFromApp('app://elsewhere/index.html')).status).toBe(404);
  });

  it('refuses every navigation, redirect and frame navigation away from the app', () => {
    for (const [name, args] of [
      ['will-navigate', (e: InputEvent) => [e, 'https://example.com/']],
      ['will-redirect', (e: InputEvent) => [e, 'file:///etc/passwd']],
      ['will-frame-navigate', (e: InputEvent) => [Object.assign(e, { url: 'https://evil.example/' })]],
    ] as const) {
      const event: InputEvent = { preventDefault: vi.fn() };
      window.webContents.emit(name, ...args(event));
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    const inside: InputEvent = { preventDefault: vi.fn() };
    window.webContents.emit('will-navigate', inside, 'app://kiosk/index.html#/welcome');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('opens no new window and attaches no webview, whatever the page asks', () => {
    for (const url of ['app://kiosk/index.html', 'https://example.com/', 'about:blank']) {
      expect(window.webContents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
    }
    const attach: InputEvent = { preventDefault: vi.fn() };
    window.webContents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('has no devtools in production, even with the developer flag set, and closes them should they open', () => {
    expect(window.options.webPreferences).toMatchObject({ devTools: false });
    window.webContents.emit('devtools-opened');
    expect(window.webContents.closeDevTools).toHaveBeenCalled();
    expect(devToolsAllowed(true, { KIOSK_DEVTOOLS: '1' })).toBe(false);
    expect(devToolsAllowed(false, {})).toBe(false);
    expect(devToolsAllowed(false, { KIOSK_DEVTOOLS: '1' })).toBe(true);
  });

  it.each([
    ['Alt+F4', 'close the window'], ['Ctrl+W', 'close the window'], ['Ctrl+Shift+W', 'close the window'],
    ['Ctrl+Q', 'quit'], ['Ctrl+R', 'reload'], ['Ctrl+Shift+R', 'reload'], ['F5', 'reload'],
    ['F11', 'leave fullscreen'], ['Ctrl+Shift+I', 'open devtools'], ['F12', 'open devtools'],
    ['Ctrl+Shift+J', 'open the console'], ['Ctrl+Shift+C', 'inspect an element'], ['Alt+Left', 'go back'], ['Alt+Right', 'go forward'],
    ['BrowserBack', 'go back'], ['Ctrl+P', 'print'], ['Ctrl+S', 'save the page'], ['Ctrl+O', 'open a file'],
    ['Ctrl+N', 'open a window'], ['Ctrl+T', 'open a tab'], ['Ctrl+U', 'view source'], ['Ctrl+F', 'find'],
    ['Ctrl+H', 'history'], ['Ctrl+L', 'the address bar'], ['Ctrl+Equal', 'zoom'], ['Ctrl+Minus', 'zoom'], ['Ctrl+0', 'reset zoom'],
    ['Meta+D', 'show the desktop'], ['Alt+Tab', 'switch windows'], ['F1', 'help'], ['ContextMenu', 'the context menu'],
  ])('swallows %s (%s)', (chord) => {
    expect(press(chord)).toBe(true);
  });

  it('passes the maintenance chord Ctrl+Alt+M through to the page, and nothing close to it', () => {
    expect(press('Ctrl+Alt+M')).toBe(false);
    expect(press('Ctrl+Alt+Shift+M')).toBe(true);
    expect(press('Ctrl+Alt+Meta+M')).toBe(true);
    expect(press('Alt+M')).toBe(true);
  });

  it('lets applicants type: letters, digits, Enter, Backspace, arrows and the editing chords', () => {
    for (const chord of ['A', 'Shift+X', '4', 'Enter', 'Backspace', 'Tab', 'Left', 'Escape', 'Ctrl+A', 'Ctrl+C', 'Ctrl+V', 'Ctrl+X', 'Ctrl+Z', 'Ctrl+Shift+Z']) {
      expect(press(chord), chord).toBe(false);
    }
  });

  it('keeps the window open until the app itself quits', () => {
    const close: InputEvent = { preventDefault: vi.fn() };
    window.emit('close', close);
    expect(close.preventDefault).toHaveBeenCalled();
    electronMock.app.emit('before-quit');
    const closeOnQuit: InputEvent = { preventDefault: vi.fn() };
    window.emit('close', closeOnQuit);
    expect(closeOnQuit.preventDefault).not.toHaveBeenCalled();
  });
});
