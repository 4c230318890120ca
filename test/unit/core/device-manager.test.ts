import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../core/config/schema';
import { DeviceManager } from '../../../core/devices/device-manager';
import { SamReader } from '../../../hardware/idcard/sam-reader';
import { LaserPrinter } from '../../../hardware/laser/laser-printer';
import { ThermalPrinter } from '../../../hardware/thermal/thermal-printer';
import { eventually } from '../../support/core';

const managers: DeviceManager[] = [];
const folders: string[] = [];

afterEach(async () => {
  await Promise.all(managers.splice(0).map((manager) => manager.closeAll()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'device-manager-'));
  folders.push(folder);
  return folder;
}

/** An app folder with the vendor's decoder installed as plugins/wlt-decoders/vendor-wlt.mjs, as the installer puts it. */
function appWithDecoder(): string {
  const appRoot = tempFolder();
  mkdirSync(join(appRoot, 'plugins', 'wlt-decoders'), { recursive: true });
  writeFileSync(join(appRoot, 'plugins', 'wlt-decoders', 'vendor-wlt.mjs'), "export function decode() { return { mime: 'image/bmp', bytes: new Uint8Array([66, 77]) }; }\n");
  return appRoot;
}

async function manager(devices: unknown = {}, appRoot?: string): Promise<DeviceManager> {
  const built = await DeviceManager.create(KioskConfig.parse({ devices }).devices, { dataDir: tempFolder(), ...(appRoot && { appRoot }) });
  managers.push(built);
  return built;
}

/** Drivers pointed at devices that are not there: nothing listens on port 1, no such serial path. */
function absentHardware(wltDecoder = 'vendor-wlt') {
  return {
    idcard: { driver: 'sam-serial', path: '/dev/ttyNOSUCHREADER', wltDecoder },
    thermal: { driver: 'escpos-serial', path: '/dev/ttyNOSUCHPRINTER', baudRate: 9600 },
    laser: { driver: 'ipp', printerUri: 'http://127.0.0.1:1/printers/licence', jobTimeoutSeconds: 30 },
    camera: { driver: 'browser' },
  };
}

const levels = (m: DeviceManager) => m.statuses().map((s) => [s.kind, s.driver, s.level, s.reasons]);

describe('DeviceManager on the default simulator', () => {
  it('runs the real drivers against the emulators and reports every device ready', async () => {
    const devices = await manager();
    expect(await devices.openAll()).toEqual([]);
    expect(devices.idCardReader()).toBeInstanceOf(SamReader);
    expect(devices.thermalPrinter()).toBeInstanceOf(ThermalPrinter);
    expect(devices.laserPrinter()).toBeInstanceOf(LaserPrinter);
    expect(devices.laserPrinterUri()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/printers\/sim$/);
    expect(devices.allSimulated()).toBe(true);
    expect(devices.simulation).toBeDefined();
    expect(levels(devices)).toEqual([
      ['idcard', 'simulator', 'ok', ['no-card']],
      ['thermal', 'simulator', 'ok', []],
      ['laser', 'simulator', 'ok', []],
      ['camera', 'simulator', 'ok', []],
    ]);
  });

  it('tells listeners when an injected fault reaches the driver through the wire protocol', async () => {
    const devices = await manager();
    await devices.openAll();
    const changes: string[] = [];
    devices.onChange((_all, changed) => changes.push(`${changed.kind}:${changed.level}:${changed.reasons.join('+')}`));

    devices.simulation?.thermal.fault('cover-open');
    devices.simulation?.laser.fault('media-empty');
    await eventually(() => changes, (c) => c.includes('thermal:error:cover-open') && c.includes('laser:error:media-empty'), 5000);

    devices.simulation?.thermal.clear();
    devices.simulation?.laser.clear();
    await eventually(() => changes, (c) => c.includes('thermal:ok:') && c.includes('laser:ok:'), 5000);
    expect(changes.every((c) => /^(thermal|laser):/.test(c))).toBe(true);
  });

  it('sees a pulled receipt printer cable as disconnected, and the printer back after clear', async () => {
    const devices = await manager();
    await devices.openAll();
    devices.simulation?.thermal.fault('unplug');
    await eventually(() => devices.statuses()[1], (s) => s?.reasons[0] === 'disconnected', 5000);
    devices.simulation?.thermal.clear();
    await eventually(() => devices.statuses()[1], (s) => s?.level === 'ok', 5000);
  });

  it('refuses a fixture card it does not have, naming the ones it has', async () => {
    const devices = await manager();
    expect(() => devices.simulation?.idcard.insert('nobody' as never)).toThrow(/no fixture card "nobody"; known: zhangWei, liXiuying/);
  });

  it('keeps the camera ready in simulation whatever the screen reports: frames come from image files', async () => {
    const devices = await manager();
    await devices.openAll();
    expect(devices.reportCamera({ present: false, error: 'no-camera' })).toMatchObject({ level: 'ok', driver: 'simulator' });
  });
});

describe('DeviceManager on configured hardware', () => {
  it('builds the configured drivers and starts although no device is plugged in', async () => {
    const devices = await manager(absentHardware(), appWithDecoder());
    const failures = await devices.openAll();
    expect(failures.map((f) => f.kind).sort()).toEqual(['idcard', 'laser', 'thermal']);
    expect(failures.find((f) => f.kind === 'idcard')?.message).toContain('/dev/ttyNOSUCHREADER');
    expect(devices.simulation).toBeUndefined();
    expect(devices.allSimulated()).toBe(false);
    expect(devices.laserPrinterUri()).toBe('http://127.0.0.1:1/printers/licence');
    expect(levels(devices)).toEqual([
      ['idcard', 'sam-serial', 'error', ['disconnected']],
      ['thermal', 'escpos-serial', 'error', ['disconnected']],
      ['laser', 'ipp', 'error', ['disconnected']],
      ['camera', 'browser', 'error', ['not-open']],
    ]);
    await expect(devices.photoDecoder().decode(new Uint8Array(1024))).resolves.toMatchObject({ mime: 'image/bmp' });
  });

  it('shows a WLT decoder that is not installed on the ID reader status instead of failing the start', async () => {
    const devices = await manager(absentHardware('other-vendor'), appWithDecoder());
    await devices.openAll();
    const idcard = devices.statuses()[0];
    expect(idcard).toMatchObject({ level: 'error', reasons: ['decoder-missing', 'disconnected'] });
    expect(idcard?.message).toContain('no WLT photo decoder named "other-vendor" is installed with the app');
    expect(idcard?.message).toContain('vendor-wlt');
    await expect(devices.photoDecoder().decode(new Uint8Array(1024))).rejects.toMatchObject({ reason: 'decoder-missing' });
  });

  it('offers only the decoders installed with the app, and takes no path as one', async () => {
    expect((await manager(absentHardware(), appWithDecoder())).wltDecoderChoices()).toEqual(['simulated', 'vendor-wlt']);
    const file = join(tempFolder(), 'evil.mjs');
    writeFileSync(file, 'export function decode(wlt) { return { mime: "image/bmp", bytes: wlt }; }');
    expect(KioskConfig.safeParse({ devices: absentHardware(file) }).error?.issues[0]).toMatchObject({
      path: ['devices', 'idcard', 'wltDecoder'],
      message: expect.stringContaining('not a path'),
    });
    expect(KioskConfig.safeParse({ devices: absentHardware('../evil') }).success).toBe(false);
  });

  it('takes the camera status from what the kiosk screen reports', async () => {
    const devices = await manager(absentHardware(), appWithDecoder());
    await devices.openAll();
    expect(devices.reportCamera({ present: false, error: 'permission-denied', detail: 'NotAllowedError' })).toMatchObject({
      level: 'error',
      reasons: ['permission-denied'],
      message: expect.stringContaining('NotAllowedError'),
    });
    expect(devices.reportCamera({ present: false })).toMatchObject({ level: 'error', reasons: ['no-camera'] });
    expect(devices.reportCamera({ present: false, error: 'camera-failed' })).toMatchObject({ level: 'error', reasons: ['disconnected'] });
    expect(devices.reportCamera({ present: true })).toMatchObject({ level: 'ok', reasons: [], driver: 'browser' });
  });
});
