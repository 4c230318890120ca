/**
 * `kioskctl sim start` as a technician runs it (the built CLI, in its own process), the
 * real drivers pointed at the paths it prints, and faults injected from a second
 * kioskctl through the control socket. Needs socat and a build (`npm run build`).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../core/config/schema';
import { FIXTURE_CARDS } from '../../../hardware/idcard/fixtures';
import { SamReader } from '../../../hardware/idcard/sam-reader';
import { LaserPrinter } from '../../../hardware/laser/laser-printer';
import { sampleLicenceSlip } from '../../../hardware/thermal/sample-slips';
import { ThermalPrinter } from '../../../hardware/thermal/thermal-printer';
import { kioskctl } from '../../support/cli';
import { eventually } from '../../support/core';
import { samplePdf } from '../../support/sample-pdf';

interface Started {
  devices: { idcard: string; thermal: string; laser: string };
  socket: string;
  config: unknown;
}

let dir: string;
let socket: string;
let simulator: ChildProcessWithoutNullStreams;
let started: Started;
const drivers: { close(): Promise<void> }[] = [];

/** Starts `kioskctl sim start --json` and resolves with what it printed once it is up. */
function startSimulator(): Promise<Started> {
  simulator = spawn(process.execPath, [join(process.cwd(), 'bin', 'kioskctl.cjs'), 'sim', '--socket', socket, 'start', '--json', '--documents', join(dir, 'pdf')]);
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    simulator.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    simulator.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        resolve(JSON.parse(stdout) as Started);
      } catch {
        // Not all of it yet.
      }
    });
    simulator.once('exit', (code) => reject(new Error(`kioskctl sim start exited (${String(code)}): ${stderr}`)));
  });
}

const sim = (...args: string[]) => kioskctl(['sim', '--socket', socket, ...args]);

beforeAll(async () => {
  if (!existsSync(join(process.cwd(), 'dist', 'cli', 'kioskctl.cjs'))) throw new Error('kioskctl is not built: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'kioskctl-sim-'));
  socket = join(dir, 'sim.sock');
  started = await startSimulator();
});

afterAll(async () => {
  await Promise.all(drivers.map((driver) => driver.close()));
  if (simulator && simulator.exitCode === null) {
    const exited = new Promise((resolve) => simulator.once('exit', resolve));
    simulator.kill('SIGINT');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

function driver<T extends { open(): Promise<void>; close(): Promise<void> }>(device: T): T {
  drivers.push(device);
  return device;
}

describe('kioskctl sim start', () => {
  it('prints a pty per serial device, an IPP URI for the laser printer, and a config the kiosk accepts', () => {
    expect(started.devices.idcard).toMatch(/^\/dev\/pts\/\d+$/);
    expect(started.devices.thermal).toMatch(/^\/dev\/pts\/\d+$/);
    expect(started.devices.laser).toMatch(/^ipp:\/\/127\.0\.0\.1:\d+\/printers\/sim$/);
    expect(started.socket).toBe(socket);
    const devices = KioskConfig.parse(started.config).devices;
    expect(devices.idcard).toMatchObject({ driver: 'sam-serial', path: started.devices.idcard, wltDecoder: 'simulated' });
    expect(devices.thermal).toMatchObject({ driver: 'escpos-serial', path: started.devices.thermal });
  });

  it('serves a card placed from another kioskctl to the real SAM driver over its pty', async () => {
    const reader = driver(new SamReader({ path: started.devices.idcard }));
    await reader.open();
    await expect(reader.readCard()).rejects.toMatchObject({ reason: 'no-card' });

    const inserted = sim('card', 'insert', 'ayguliMamat');
    expect(inserted).toMatchObject({ code: 0, stdout: 'idcard: card ayguliMamat inserted\n' });
    expect((await reader.readCard()).card).toEqual(FIXTURE_CARDS.ayguliMamat.text);

    expect(sim('card', 'remove').code).toBe(0);
    await expect(reader.readCard()).rejects.toMatchObject({ reason: 'no-card' });
  });

  it('shows a receipt printer fault injected from another kioskctl in the real ESC/POS driver status', async () => {
    const printer = driver(new ThermalPrinter({ path: started.devices.thermal, idlePollMs: 100 }));
    await printer.open();
    await printer.print(sampleLicenceSlip());
    expect(printer.status()).toMatchObject({ level: 'ok' });

    expect(sim('fault', 'thermal', 'paper-end')).toMatchObject({ code: 0, stdout: 'thermal: paper-end\n' });
    await eventually(() => printer.status(), (s) => s.reasons.includes('paper-end'), 5000);
    await expect(printer.print(sampleLicenceSlip())).rejects.toMatchObject({ reason: 'paper-end' });

    expect(sim('clear', 'thermal').code).toBe(0);
    await eventually(() => printer.status(), (s) => s.level === 'ok', 5000);
  });

  it('shows a laser queue going offline in the real IPP driver, and files the PDFs it prints', async () => {
    const laser = driver(new LaserPrinter({ printerUri: started.devices.laser, statusPollMs: 100 }));
    await laser.open();
    const { jobId } = await laser.print(await samplePdf(['licence']), { title: 'licence' });
    expect(existsSync(join(dir, 'pdf', `job-${jobId}.pdf`))).toBe(true);

    expect(sim('fault', 'laser', 'offline').code).toBe(0);
    await eventually(() => laser.status(), (s) => s.level === 'error' && s.reasons.includes('offline'), 5000);
    expect(sim('clear', 'laser').code).toBe(0);
    await eventually(() => laser.status(), (s) => s.level === 'ok', 5000);
  });

  it('refuses what it cannot do, saying why, and an unknown running simulator', () => {
    expect(sim('fault', 'thermal', 'toner-low')).toMatchObject({ code: 2, stderr: expect.stringContaining('choose one of paper-end, cover-open, unplug') });
    expect(sim('card', 'insert', 'nobody')).toMatchObject({ code: 2, stderr: expect.stringContaining('zhangWei') });
    const elsewhere = kioskctl(['sim', '--socket', join(dir, 'none.sock'), 'card', 'remove']);
    expect(elsewhere).toMatchObject({ code: 2, stderr: expect.stringContaining('no simulator is running') });
  });

  it('refuses a second simulator on the same socket', () => {
    const second = kioskctl(['sim', '--socket', socket, 'start']);
    expect(second).toMatchObject({ code: 2, stderr: expect.stringContaining('a simulator is already running') });
  });

  it('stops on Ctrl-C, closing its ptys and its socket', async () => {
    const exited = new Promise<number | null>((resolve) => simulator.once('exit', resolve));
    simulator.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
    expect(existsSync(started.devices.thermal)).toBe(false);
  });
});
