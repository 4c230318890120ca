/**
 * The DeviceManager on a configuration for real hardware (sam-serial, escpos-serial,
 * ipp), pointed at the emulators on real pseudo-terminals (socat) and a loopback IPP
 * port, the way `kioskctl sim start` offers them to a technician.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../core/config/schema';
import { DeviceManager } from '../../../core/devices/device-manager';
import { simulatorDevicesConfig, startPtySimulator, type PtySimulator } from '../../../core/devices/pty-simulator';
import { FIXTURE_CARDS } from '../../../hardware/idcard/fixtures';
import { blocksQrPayloads } from '../../../hardware/thermal/paper-model';
import { SAMPLE_LICENCE_QR_PAYLOAD, sampleLicenceSlip } from '../../../hardware/thermal/sample-slips';
import { eventually } from '../../support/core';
import { samplePdf } from '../../support/sample-pdf';

let simulator: PtySimulator;
let devices: DeviceManager;

beforeAll(async () => {
  simulator = await startPtySimulator();
  const config = KioskConfig.parse({ devices: { ...simulatorDevicesConfig(simulator.paths), camera: { driver: 'browser' } } });
  devices = await DeviceManager.create(config.devices);
  expect(await devices.openAll()).toEqual([]);
});

afterAll(async () => {
  await devices?.closeAll();
  await simulator?.close();
});

describe('DeviceManager with real drivers on ptys', () => {
  it('reports each device under its configured driver, and nothing as simulated', () => {
    expect(devices.statuses().map((s) => [s.kind, s.driver, s.level])).toEqual([
      ['idcard', 'sam-serial', 'ok'],
      ['thermal', 'escpos-serial', 'ok'],
      ['laser', 'ipp', 'ok'],
      ['camera', 'browser', 'error'],
    ]);
    expect(devices.simulation).toBeUndefined();
  });

  it('reads an ID card through the SAM driver over the pty, photo included', async () => {
    simulator.hardware.handle.idcard.insert('liuYang');
    const reading = await devices.idCardReader().readCard();
    expect(reading.card).toEqual(FIXTURE_CARDS.liuYang.text);
    expect((await devices.photoDecoder().decode(reading.wlt)).mime).toBe('image/png');
  });

  it('prints a slip through the ESC/POS driver over the pty, and notices paper end from the status bytes', async () => {
    await devices.thermalPrinter().print(sampleLicenceSlip());
    expect(blocksQrPayloads(simulator.hardware.handle.thermal.printedPages().at(-1)?.blocks ?? [])).toEqual([SAMPLE_LICENCE_QR_PAYLOAD]);
    simulator.hardware.handle.thermal.fault('paper-end');
    await eventually(() => devices.statuses()[1], (s) => s?.reasons.includes('paper-end') === true, 5000);
    simulator.hardware.handle.thermal.clear();
  });

  it('prints a PDF through the IPP driver', async () => {
    const { jobId } = await devices.laserPrinter().print(await samplePdf(['licence']), { title: 'licence-9' });
    expect(simulator.hardware.handle.laser.receivedDocuments().map((d) => [d.jobId, d.title])).toContainEqual([jobId, 'licence-9']);
  });
});
