/**
 * The kiosk's default devices: the real drivers talking their wire protocols to the
 * emulators in the same process. What a test reads back went through SAM frames,
 * ESC/POS bytes and IPP requests, so a protocol regression shows here.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../core/config/schema';
import { DeviceManager, SIMULATED_LASER_DIR } from '../../../core/devices/device-manager';
import { DeviceError } from '../../../hardware/device';
import { FIXTURE_CARDS, FIXTURE_PHOTO_DIR } from '../../../hardware/idcard/fixtures';
import { blocksQrPayloads, blocksText } from '../../../hardware/thermal/paper-model';
import { renderPaper } from '../../../hardware/thermal/paper-render';
import { SAMPLE_LICENCE_LINES, SAMPLE_LICENCE_QR_PAYLOAD, sampleLicenceSlip } from '../../../hardware/thermal/sample-slips';
import { eventually } from '../../support/core';
import { samplePdf } from '../../support/sample-pdf';

let dataDir: string;
let devices: DeviceManager;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'simulated-devices-'));
  devices = await DeviceManager.create(KioskConfig.parse({}).devices, { dataDir });
  expect(await devices.openAll()).toEqual([]);
});

afterAll(async () => {
  await devices?.closeAll();
  rmSync(dataDir, { recursive: true, force: true });
});

const status = (kind: string) => devices.statuses().find((s) => s.kind === kind);

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

describe('the simulated ID card reader', () => {
  it('reads a fixture card through find, select and read, and its photo through the simulated WLT decoder', async () => {
    devices.simulation?.idcard.insert('liXiuying');
    const reading = await devices.idCardReader().readCard();
    expect(reading.card).toEqual(FIXTURE_CARDS.liXiuying.text);
    const photo = await devices.photoDecoder().decode(reading.wlt);
    expect(photo.mime).toBe('image/png');
    expect(Buffer.from(photo.bytes).equals(readFileSync(join(FIXTURE_PHOTO_DIR, FIXTURE_CARDS.liXiuying.photoFile)))).toBe(true);
    await eventually(() => status('idcard'), (s) => s?.level === 'ok' && s.reasons.length === 0);
  });

  it('says no-card once the card is taken away', async () => {
    devices.simulation?.idcard.remove();
    expect((await failure(devices.idCardReader().readCard())).reason).toBe('no-card');
    expect(status('idcard')).toMatchObject({ level: 'ok', reasons: ['no-card'] });
  });
});

describe('the simulated receipt printer', () => {
  it('prints a licence slip whose ESC/POS bytes the emulator decodes to the same text and QR', async () => {
    const before = devices.simulation?.thermal.printedPages().length ?? 0;
    await devices.thermalPrinter().print(sampleLicenceSlip());
    const slips = devices.simulation?.thermal.printedPages() ?? [];
    expect(slips).toHaveLength(before + 1);
    const slip = slips.at(-1);
    expect(blocksText(slip?.blocks ?? [])).toEqual(expect.arrayContaining([...SAMPLE_LICENCE_LINES]));
    expect(blocksQrPayloads(slip?.blocks ?? [])).toEqual([SAMPLE_LICENCE_QR_PAYLOAD]);
    const rendered = renderPaper(slip ?? { blocks: [] });
    expect(rendered.height).toBeGreaterThan(200);
  });

  it('refuses a job while out of paper, prints nothing, and recovers after clear', async () => {
    const before = devices.simulation?.thermal.printedPages().length;
    devices.simulation?.thermal.fault('paper-end');
    expect((await failure(devices.thermalPrinter().print(sampleLicenceSlip()))).reason).toBe('paper-end');
    expect(status('thermal')).toMatchObject({ level: 'error', reasons: ['paper-end'], driver: 'simulator' });
    expect(devices.simulation?.thermal.printedPages().length).toBe(before);

    devices.simulation?.thermal.clear();
    await devices.thermalPrinter().print(sampleLicenceSlip());
    expect(devices.simulation?.thermal.printedPages().length).toBe((before ?? 0) + 1);
    expect(status('thermal')).toMatchObject({ level: 'ok' });
  });
});

describe('the simulated laser printer', () => {
  it('takes a PDF over IPP and keeps it, in memory and in the data folder', async () => {
    const pdf = await samplePdf(['licence A4']);
    const { jobId } = await devices.laserPrinter().print(pdf, { title: 'licence-1' });
    const received = devices.simulation?.laser.receivedDocuments().find((d) => d.jobId === jobId);
    expect(received).toMatchObject({ title: 'licence-1' });
    expect(Buffer.from(received?.pdf ?? []).equals(Buffer.from(pdf))).toBe(true);
    expect(received?.file).toBe(join(dataDir, SIMULATED_LASER_DIR, `job-${jobId}.pdf`));
    expect(existsSync(received?.file ?? '')).toBe(true);
  });

  it('fails a job on a queue out of paper, cancels it, and never prints it later', async () => {
    devices.simulation?.laser.fault('media-empty');
    const count = devices.simulation?.laser.receivedDocuments().length;
    const error = await failure(devices.laserPrinter().print(await samplePdf(['licence B']), { title: 'licence-2' }));
    expect(error.reason).toBe('media-empty');
    expect(status('laser')).toMatchObject({ level: 'error', reasons: ['media-empty'] });
    devices.simulation?.laser.clear();
    await eventually(() => status('laser'), (s) => s?.level === 'ok', 5000);
    expect(devices.simulation?.laser.receivedDocuments().length).toBe(count);
  });

  it('reports low toner as a warning and still prints', async () => {
    devices.simulation?.laser.fault('toner-low');
    await devices.laserPrinter().print(await samplePdf(['licence C']), { title: 'licence-3' });
    expect(status('laser')).toMatchObject({ level: 'warning', reasons: ['toner-low'] });
    devices.simulation?.laser.clear();
  });
});
