#!/usr/bin/env node
// `npm start`: the Electron kiosk. Where the Electron binary is missing and cannot be
// fetched, say so in one line and run the browser host instead, opening Chromium in
// kiosk mode when there is one and a display to show it on.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');

function electronBinary() {
  try {
    const path = require('electron'); // the package exports the binary's path
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function fetchElectron() {
  // Electron's own installer; npm ci does not run it (see allowScripts in package.json).
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { stdio: 'ignore', timeout: 120_000 });
  return result.status === 0 ? undefined : 'download failed';
}

let electron = electronBinary();
const why = electron ? undefined : fetchElectron();
electron ??= electronBinary();

if (electron) {
  const child = spawn(electron, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  console.log(`Electron binary unavailable (${why}); starting the browser host instead.`);
  startBrowserHost();
}

function startBrowserHost() {
  const host = spawn(process.execPath, [join(root, 'dist/core/browser-host.cjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  host.on('exit', (code) => process.exit(code ?? 1));
  let buffer = '';
  host.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    buffer += chunk;
    const match = /^ready (\S+)$/m.exec(buffer);
    if (!match) return;
    host.stdout.removeAllListeners('data');
    host.stdout.pipe(process.stdout);
    openChromium(match[1]);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => host.kill(signal));
}

function openChromium(url) {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  if (!chromium || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    console.log(`Open ${url} in a browser (no Chromium or no display here).`);
    return;
  }
  const profile = join(process.env.XDG_RUNTIME_DIR || '/tmp', 'miaopi-kiosk-chromium');
  spawn(chromium, [
    `--app=${url}`, '--kiosk', `--user-data-dir=${profile}`, '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-ui-for-media-stream',
  ], { stdio: 'ignore', detached: true }).unref();
}
