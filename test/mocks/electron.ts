/**
 * A stand-in for the `electron` module, enough to run the shell's main-process logic
 * under vitest (after Electron Fiddle's tests/mocks). It records what the shell did
 * and lets a test fire the events Electron would.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class WebContentsMock extends EventEmitter {
  url = 'app://kiosk/index.html';
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  sent: Array<[string, ...unknown[]]> = [];
  reload = vi.fn();
  closeDevTools = vi.fn();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return false;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
}

export class BrowserWindowMock extends EventEmitter {
  static instances: BrowserWindowMock[] = [];
  /** Emits 'load' (window, url) whenever any window loads a URL, so tests wait for the event. */
  static readonly loads = new EventEmitter();
  webContents = new WebContentsMock();
  loadedUrl: string | undefined;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindowMock.instances.push(this);
    electronMock.app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    BrowserWindowMock.loads.emit('load', this, url);
    return Promise.resolve();
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {}
}

class AppMock extends EventEmitter {
  isPackaged = true;
  gotLock = true;
  userData = '';
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  requestSingleInstanceLock = vi.fn(() => this.gotLock);
  quit = vi.fn();
  exit = vi.fn();
  getPath = vi.fn(() => this.userData);
  whenReady() {
    return this.ready;
  }
  fireReady() {
    this.readyResolve();
  }
}

class IpcMainMock {
  handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}

/** The renderer side, for the preload: what it exposed and what it sent to main. */
class IpcRendererMock extends EventEmitter {
  invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null }));
}

export const exposedInMainWorld = new Map<string, unknown>();

export const electronMock = {
  contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposedInMainWorld.set(key, api)) },
  ipcRenderer: new IpcRendererMock(),
  app: new AppMock(),
  BrowserWindow: BrowserWindowMock,
  ipcMain: new IpcMainMock(),
  Menu: { setApplicationMenu: vi.fn() },
  powerSaveBlocker: { start: vi.fn(() => 1) },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  session: {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    },
  },
};
