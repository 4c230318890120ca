/**
 * The Electron kiosk shell: thin on purpose. It owns the window and the lockdown;
 * everything the applicant does is decided by the core it starts in-process.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, session } from 'electron';
import { ConfigError, loadConfig } from '../core/config/load';
import { createKioskCore, type KioskCore } from '../core/kiosk-core';
import { createLogger } from '../core/log';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, APP_URL, serveRenderer } from './app-protocol';
import { bridgeContractToWindow } from './ipc-bridge';
import { kioskWindowOptions, lockNavigation, restrictPermissions } from './window-policy';

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

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockNavigation(contents, APP_ORIGIN));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void core?.close());

  app.whenReady().then(async () => {
    const loaded = loadConfig({ userDataDir: app.getPath('userData') });
    const logger = createLogger(loaded.config.log.level);
    core = await createKioskCore({ loaded, shell: 'electron', logger });

    serveRenderer(protocol, paths.rendererDir);
    restrictPermissions(session.defaultSession, APP_ORIGIN);
    powerSaveBlocker.start('prevent-display-sleep');

    window = new BrowserWindow(kioskWindowOptions(paths.preload, app.isPackaged));
    const contents = window.webContents;
    bridgeContractToWindow(ipcMain, core.server, contents, APP_ORIGIN);
    contents.on('render-process-gone', (_event, details) => {
      logger.error({ reason: details.reason, exitCode: details.exitCode }, 'renderer gone; reloading');
      contents.reload();
    });
    window.once('ready-to-show', () => window?.show());
    await window.loadURL(APP_URL);
  }).catch((error: unknown) => {
    // Never run half-configured: say why on stderr and leave.
    const reason = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`kiosk not started: ${reason}\n`);
    app.exit(error instanceof ConfigError ? 2 : 1);
  });
  return true;
}
