/**
 * The real driver against the emulated printer over real pseudo-terminals (socat), and
 * the printed slip checked with zbarimg. Without socat or zbarimg these tests fail,
 * telling to run scripts/setup-system; they never skip.
 */
import { execFile } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DeviceError } from '../../../hardware/device';
import { attachEmulatorToPath, openPtyPair } from '../../../hardware/serial/pty';
import { EscPosEmulator } from '../../../hardware/thermal/escpos-emulator';
import { renderPaper } from '../../../hardware/thermal/paper-render';
import { blocksText } from '../../../hardware/thermal/paper-model';
import { SAMPLE_LICENCE_LINES, sampleLicenceSlip } from '../../../hardware/thermal/sample-slips';
import type { SlipJob } from '../../../hardware/thermal/slip-job';
import { ThermalPrinter, type ThermalPrinterOptions } from '../../../hardware/thermal/thermal-printer';
import { untilStatus } from '../../support/device-status';

const ZBARIMG_MISSING_MESSAGE = 'zbarimg is not installed: run scripts/setup-system';
const open: { close(): Promise<void> }[] = [];
let workDir: string;

interface PluggedPrinter {
  readonly hostPath: string;
  /** Stops socat: to the driver the printer is unplugged. */
  close(): Promise<void>;
}

/** socat announces its ptys a moment before it creates the link= symlinks. */
async function linkCreated(path: string): Promise<void> {
  await vi.waitFor(() => access(path), { timeout: 30_000, interval: 5 }); // a hung socat's limit
}

/** The emulator on one end of a fresh pty pair; the driver opens hostPath. */
async function plugIn(emulator: EscPosEmulator, hostLink?: string): Promise<PluggedPrinter> {
  const pair = await openPtyPair(hostLink ? { hostLink } : {});
  if (hostLink) await linkCreated(hostLink);
  const attached = await attachEmulatorToPath(pair.devicePath, emulator);
  const plugged = {
    hostPath: pair.hostPath,
    close: async () => {
      await pair.close();
      await attached.close();
    },
  };
  open.push(plugged);
  return plugged;
}

async function printerOn(path: string, options: Partial<ThermalPrinterOptions> = {}): Promise<ThermalPrinter> {
  const printer = new ThermalPrinter({ path, ...options });
  open.push(printer);
  await printer.open();
  return printer;
}

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

/** What zbarimg reads from a PNG, one symbol per line. */
function zbarimg(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('zbarimg', ['--quiet', '--raw', file], (error, stdout) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') reject(new Error(ZBARIMG_MISSING_MESSAGE));
      else if (error) reject(new Error(`zbarimg found no symbol in ${file}: ${error.message}`));
      else resolve(stdout.split('\n').filter((line) => line !== ''));
    });
  });
}

const shortJob = (text: string): SlipJob => ({ elements: [{ kind: 'text', text }] });

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'thermal-pty-'));
});

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('system tools', () => {
  it('zbarimg missing fails with "run scripts/setup-system"', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(zbarimg(join(workDir, 'none.png'))).rejects.toThrow('run scripts/setup-system');
      await expect(openPtyPair()).rejects.toThrow('run scripts/setup-system');
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('ThermalPrinter over a pty with the emulated printer', () => {
  it('prints a licence slip: the Chinese text decodes and the QR code scans to the same payload', async () => {
    const emulator = new EscPosEmulator();
    const device = await plugIn(emulator);
    const printer = await printerOn(device.hostPath);
    expect(printer.status()).toMatchObject({ level: 'ok', driver: 'escpos-serial' });

    const payload = 'https://miaopi.example.cn/licence/92440300L4937628X5?issued=2024-03-20&sig=3f9a';
    await printer.print(sampleLicenceSlip(payload));

    expect(emulator.errors).toEqual([]);
    expect(emulator.slips).toHaveLength(1);
    const slip = emulator.slips[0];
    if (!slip) throw new Error('no slip');
    expect(blocksText(slip.blocks)).toEqual([...SAMPLE_LICENCE_LINES]);

    const rendered = renderPaper(slip);
    expect(rendered.text).toEqual([...SAMPLE_LICENCE_LINES]);
    expect(rendered.qrPayloads).toEqual([payload]);
    const file = join(workDir, 'licence-slip.png');
    await writeFile(file, rendered.png);
    expect(await zbarimg(file)).toEqual([payload]);
  });

  it('fails a job when the paper runs out in the middle of it, and never reports it printed', async () => {
    const emulator = new EscPosEmulator();
    const device = await plugIn(emulator);
    const printer = await printerOn(device.hostPath);
    emulator.runOutOfPaper({ afterLines: 3 });

    const printed = vi.fn();
    const error = await failure(printer.print(sampleLicenceSlip()).then(printed));
    expect(error.reason).toBe('paper-end');
    expect(printed).not.toHaveBeenCalled();
    expect(emulator.slips).toEqual([]);
    expect(emulator.pending).toHaveLength(3);
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['paper-end'] });

    emulator.loadPaper();
    await printer.print(shortJob('new roll'));
    expect(emulator.slips.map((s) => blocksText(s.blocks))).toEqual([['new roll']]);
  });

  it('refuses a job while the cover is open and sends none of it', async () => {
    const emulator = new EscPosEmulator();
    const device = await plugIn(emulator);
    const printer = await printerOn(device.hostPath);
    emulator.openCover();

    expect((await failure(printer.print(sampleLicenceSlip()))).reason).toBe('cover-open');
    expect(emulator.lost).toBe(0);
    expect(emulator.pending).toEqual([]);
    expect(emulator.slips).toEqual([]);
  });

  it('times out when the printer falls silent', async () => {
    const emulator = new EscPosEmulator();
    const device = await plugIn(emulator);
    const printer = await printerOn(device.hostPath, { statusTimeoutMs: 150 });
    emulator.unplug();
    expect((await failure(printer.print(shortJob('x')))).reason).toBe('timeout');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['timeout'] });
  });

  it('notices an unplugged printer within 2 s and prints again once it is plugged back in', async () => {
    const hostLink = join(workDir, 'ttyTHERMAL');
    const emulator = new EscPosEmulator();
    const first = await plugIn(emulator, hostLink);
    const printer = await printerOn(hostLink);
    await printer.print(shortJob('before'));

    // Within 2 s by design: the driver sees the pty hang up at once (no polling involved).
    await first.close();
    expect(await untilStatus(printer, (s) => s.reasons.includes('disconnected'))).toMatchObject({ level: 'error', reasons: ['disconnected'] });
    expect((await failure(printer.print(shortJob('while unplugged')))).reason).toBe('disconnected');

    await plugIn(emulator, hostLink);
    await untilStatus(printer, (s) => s.level === 'ok');
    await printer.print(shortJob('after'));
    expect(emulator.slips.map((s) => blocksText(s.blocks))).toEqual([['before'], ['after']]);
  });
});
