/**
 * The Electron kiosk shell: thin on purpose. It owns the window and the lockdown;
 * everything the applicant does is decided by the core it starts in-process.
 */
import { leaveToDesktop, restartKiosk } from './desktop-exit';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session } from 'electron';
import { ConfigError, loadConfig } from '../core/config/load';
import { createKioskCore, type KioskCore } from '../core/kiosk-core';
import { createLogger } from '../core/log';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, APP_URL, serveRenderer } from './app-protocol';
import { bridgeContractToWindow } from './ipc-bridge';
import { lockKeyboard } from './keyboard-lockdown';
import { devToolsAllowed, forbidDevTools, lockNavigation, restrictPermissions } from './window-policy';

export interface ShellPaths {
  preload: string;
  rendererDir: string;
}

export function defaultShellPaths(distDir: string): ShellPaths {
  return { preload: join(distDir, 'electron', 'preload.cjs'), rendererDir: join(distDir, 'renderer') };
}

/** Returns false when another kiosk instance is already running (this one then quits). */
export function startKioskShell(paths: ShellPaths): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  Menu.setApplicationMenu(null);

  let window: BrowserWindow | undefined;
  let core: KioskCore | undefined;
  // Only a deliberate app.quit() (maintenance exit, the OS stopping the service) closes the window.
  let quitting = false;
  const devTools = devToolsAllowed(app.isPackaged);

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    lockNavigation(contents, APP_ORIGIN);
    lockKeyboard(contents);
    if (!devTools) forbidDevTools(contents);
  });
  app.on('before-quit', () => (quitting = true));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void core?.close());

  app.whenReady().then(async () => {
    const loaded = loadConfig({ userDataDir: app.getPath('userData') });
    const logger = createLogger(loaded.config.log.level);
    // Maintenance's "exit to desktop" (behind the PIN) is the one way a technician closes the kiosk.
    core = await createKioskCore({ loaded, shell: 'electron', logger, shellHooks: {
        exitToDesktop: () => {
          quitting = true;
          void leaveToDesktop(app, () => core?.close() ?? Promise.resolve());
        },
        restart: () => {
          quitting = true;
          void restartKiosk(app, () => core?.close() ?? Promise.resolve());
        },
      },
    });

    serveRenderer(protocol, paths.rendererDir);
    restrictPermissions(session.defaultSession, APP_ORIGIN);
    powerSaveBlocker.start('prevent-display-sleep');

    window = createKioskWindow(paths.preload, devTools);
    window.on('close', (event) => {
      if (!quitting) event.preventDefault();
    });
    const contents = window.webContents;
    bridgeContractToWindow(ipcMain, core.server, contents, APP_ORIGIN);
    contents.on('render-process-gone', (_event, details) => {
      logger.error({ reason: details.reason, exitCode: details.exitCode }, 'renderer gone; reloading');
      contents.reload();
    });
    window.once('ready-to-show', () => window?.show());
    await window.loadURL(APP_URL);
    void core.warmUp();
  }).catch((error: unknown) => {
    // Never run half-configured: say why on stderr and leave.
    const reason = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`kiosk not started: ${reason}\n`);
    app.exit(error instanceof ConfigError ? 2 : 1);
  });
  return true;
}

/**
 * One fullscreen, frameless window whose page is cut off from Node. The options are
 * written out here, at `new BrowserWindow`, so the static security scan
 * (scripts/security-scan.ts) can read every one of them.
 */
function createKioskWindow(preload: string, devTools: boolean): BrowserWindow {
  return new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#fdfbf7',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A middle click must not open links in new windows (Electronegativity AUXCLICK check).
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  });
}
