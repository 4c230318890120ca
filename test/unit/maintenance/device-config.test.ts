// Printer and port configuration from maintenance, over the contract as the renderer
// calls it: a real core on simulators, its configuration file in the test's data folder.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../core/config/load';
import { createInMemoryPair } from '../../../core/ipc/in-memory-transport';
import { serveMessageConnection } from '../../../core/ipc/message-connection';
import { createMessageBridge, type MessageBridge } from '../../../renderer/src/bridge/message-bridge';
import { eventually, startTestCore, type TestCore } from '../../support/core';
import { TECHNICIAN_PIN, TECHNICIAN_PIN_CONFIG } from '../../support/maintenance-pin';

let core: TestCore;
let bridge: MessageBridge;

async function open(shellHooks = {}, appRoot?: string): Promise<string> {
  core = await startTestCore(TECHNICIAN_PIN_CONFIG, { shellHooks, ...(appRoot && { appRoot }) });
  const [renderer, coreEnd] = createInMemoryPair();
  serveMessageConnection(core.server, coreEnd, 'test');
  bridge = createMessageBridge(renderer, 10_000);
  const answer = await bridge.call('maintenance.unlock', { pin: TECHNICIAN_PIN });
  if (answer.status !== 'ok') throw new Error('maintenance did not open');
  return answer.token;
}

afterEach(async () => {
  await core?.dispose();
});

const configFile = () => join(core.dataDir, 'kiosk.json');
const SERIAL_THERMAL = { driver: 'escpos-serial', path: '/dev/ttyUSB1', baudRate: 9600 };

describe('device configuration from maintenance', () => {
  it('shows the devices section the kiosk runs with, and where edits are saved', async () => {
    const token = await open();
    expect(await bridge.call('maintenance.config.get', { token })).toEqual({
      status: 'ok',
      value: {
        file: configFile(),
        devices: { idcard: { driver: 'simulator' }, thermal: { driver: 'simulator' }, laser: { driver: 'simulator' }, camera: { driver: 'simulator' } },
        pendingRestart: false,
        canRestart: false,
        wltDecoders: ['simulated'],
      },
    });
  });

  it('takes the ID photo decoder only by the name of one installed with the app, never a path', async () => {
    const appRoot = mkdtempSync(join(tmpdir(), 'kiosk-app-'));
    mkdirSync(join(appRoot, 'plugins', 'wlt-decoders'), { recursive: true });
    writeFileSync(join(appRoot, 'plugins', 'wlt-decoders', 'vendor-wlt.cjs'), 'module.exports = { decode: (wlt) => ({ mime: "image/bmp", bytes: wlt }) };');
    const token = await open({}, appRoot);
    expect(await bridge.call('maintenance.config.get', { token })).toMatchObject({ status: 'ok', value: { wltDecoders: ['simulated', 'vendor-wlt'] } });
    const reader = (wltDecoder: string) => ({ idcard: { driver: 'sam-serial', path: '/dev/ttyUSB0', baudRate: 115200, wltDecoder } });

    for (const wltDecoder of ['/tmp/collect-photos.mjs', '../../tmp/collect-photos', 'other-vendor']) {
      const refused = await bridge.call('maintenance.config.set', { token, devices: reader(wltDecoder) });
      expect(refused).toMatchObject({ status: 'ok', value: { saved: false, problems: [{ field: 'devices.idcard.wltDecoder' }] } });
    }
    expect(existsSync(configFile())).toBe(false);

    const saved = await bridge.call('maintenance.config.set', { token, devices: reader('vendor-wlt') });
    expect(saved).toMatchObject({ status: 'ok', value: { saved: true, devices: { idcard: { wltDecoder: 'vendor-wlt' } } } });
    rmSync(appRoot, { recursive: true, force: true });
  });

  it('refuses invalid values naming each field, and writes nothing', async () => {
    const token = await open();
    const answer = await bridge.call('maintenance.config.set', {
      token,
      devices: { thermal: { driver: 'escpos-serial', path: '', baudRate: 9600 }, laser: { driver: 'ipp', printerUri: 'not a uri', jobTimeoutSeconds: 5 } },
    });
    if (answer.status !== 'ok' || answer.value.saved) throw new Error(`expected a refusal, got ${JSON.stringify(answer)}`);
    expect(answer.value.problems.map((p) => p.field)).toEqual(['devices.thermal.path', 'devices.laser.printerUri', 'devices.laser.jobTimeoutSeconds']);
    expect(answer.value.problems[0]?.message).toMatch(/expected a serial device path such as \/dev\/ttyUSB0/);
    expect(answer.value.problems[2]?.message).toMatch(/, got 5$/);
    expect(existsSync(configFile())).toBe(false);
  });

  it('saves a valid edit atomically, keeps the old file as .bak, and marks it for the next start', async () => {
    const token = await open();
    const first = await bridge.call('maintenance.config.set', { token, devices: { thermal: SERIAL_THERMAL } });
    expect(first).toMatchObject({ status: 'ok', value: { saved: true, backup: null, pendingRestart: true, devices: { thermal: SERIAL_THERMAL } } });
    expect(loadConfig({ file: configFile(), userDataDir: core.dataDir, env: {} }).config.devices.thermal).toEqual(SERIAL_THERMAL);

    const laser = { driver: 'ipp', printerUri: 'http://127.0.0.1:631/printers/front-desk', jobTimeoutSeconds: 60 };
    const second = await bridge.call('maintenance.config.set', { token, devices: { thermal: SERIAL_THERMAL, laser } });
    expect(second).toMatchObject({ status: 'ok', value: { saved: true, backup: `${configFile()}.bak` } });
    expect(JSON.parse(readFileSync(`${configFile()}.bak`, 'utf8'))).toEqual({ devices: { thermal: SERIAL_THERMAL } });
    expect(loadConfig({ file: configFile(), userDataDir: core.dataDir, env: {} }).config.devices.laser).toEqual(laser);
    expect(readdirSync(core.dataDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    // The running kiosk still prints on the simulators until it starts again.
    expect(core.devices.statuses().find((d) => d.kind === 'thermal')?.driver).toBe('simulator');
    expect(await bridge.call('maintenance.config.get', { token })).toMatchObject({ status: 'ok', value: { pendingRestart: true } });
  });

  it('restarts the kiosk through the shell when the shell can, and says so when it cannot', async () => {
    let restarts = 0;
    const token = await open({ restart: () => (restarts += 1) });
    expect(await bridge.call('maintenance.restart', { token })).toEqual({ status: 'ok', value: { restarting: true } });
    await eventually(() => restarts, (n) => n === 1);
    await core.dispose();

    const other = await open();
    expect(await bridge.call('maintenance.restart', { token: other })).toEqual({ status: 'ok', value: { restarting: false } });
  });
});
