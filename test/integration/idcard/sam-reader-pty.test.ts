/**
 * The real driver against the emulator over real pseudo-terminals (socat). Without
 * socat these tests fail, telling to run scripts/setup-system; they never skip.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError } from '../../../hardware/device';
import { startSamEmulatorOnPty, type SamEmulatorOnPty } from '../../../hardware/idcard/emulator-on-pty';
import { FIXTURE_CARDS, fixturePhotoPaths } from '../../../hardware/idcard/fixtures';
import { SamReader, type SamReaderOptions } from '../../../hardware/idcard/sam-reader';
import { simulatedWltDecoder } from '../../../hardware/idcard/wlt-decoder';
import { openPtyPair } from '../../../hardware/serial/pty';
import { untilStatus } from '../../support/device-status';

const photoDir = fileURLToPath(new URL('../../../hardware/idcard/fixture-photos', import.meta.url));
const open: { close(): Promise<void> }[] = [];
let linkDir: string;

async function plugIn(hostLink?: string): Promise<SamEmulatorOnPty> {
  const device = await startSamEmulatorOnPty(hostLink ? { hostLink } : {});
  open.push(device);
  return device;
}

async function readerOn(path: string, options: Partial<SamReaderOptions> = {}): Promise<SamReader> {
  const reader = new SamReader({ path, idleProbeMs: 200, reopenIntervalMs: 1000, ...options });
  open.push(reader);
  await reader.open();
  return reader;
}

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

beforeAll(async () => {
  linkDir = await mkdtemp(join(tmpdir(), 'sam-pty-'));
});

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

afterAll(async () => {
  await rm(linkDir, { recursive: true, force: true });
});

describe('pty pair', () => {
  it('fails with "run scripts/setup-system" when socat is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(openPtyPair()).rejects.toThrow('run scripts/setup-system');
    } finally {
      process.env.PATH = path;
    }
  });

  it('connects two /dev/pts ends', async () => {
    const pair = await openPtyPair();
    open.push(pair);
    expect(pair.devicePath).toMatch(/^\/dev\/pts\/\d+$/);
    expect(pair.hostPath).toMatch(/^\/dev\/pts\/\d+$/);
    expect(pair.hostPath).not.toBe(pair.devicePath);
  });
});

describe('SamReader over a pty with the emulated reader', () => {
  it('reads a card end to end, photo included', async () => {
    const device = await plugIn();
    device.emulator.insertCard(FIXTURE_CARDS.ayguliMamat);
    const reader = await readerOn(device.hostPath);

    const reading = await reader.readCard();
    expect(reading.card).toEqual(FIXTURE_CARDS.ayguliMamat.text);
    expect(reading.wlt).toHaveLength(1024);

    const photo = await simulatedWltDecoder(fixturePhotoPaths(photoDir)).decode(reading.wlt);
    const file = await readFile(join(photoDir, FIXTURE_CARDS.ayguliMamat.photoFile));
    expect(photo.mime).toBe('image/png');
    expect(Buffer.from(photo.bytes).equals(file)).toBe(true);
    expect(reader.status()).toMatchObject({ level: 'ok', reasons: [] });
  });

  it('reads every fixture card', async () => {
    const device = await plugIn();
    const reader = await readerOn(device.hostPath);
    for (const card of Object.values(FIXTURE_CARDS)) {
      device.emulator.insertCard(card);
      expect((await reader.readCard()).card).toEqual(card.text);
    }
  });

  it('says no-card on an empty reader and keeps the status ok', async () => {
    const device = await plugIn();
    const reader = await readerOn(device.hostPath);
    expect((await failure(reader.readCard())).reason).toBe('no-card');
    expect(reader.status()).toMatchObject({ level: 'ok', reasons: ['no-card'] });
  });

  it('says no-card when the card is taken away mid-read', async () => {
    const device = await plugIn();
    device.emulator.insertCard(FIXTURE_CARDS.zhangWei);
    device.emulator.onRequest((command) => {
      if (command === 'readCard') device.emulator.removeCard();
    });
    const reader = await readerOn(device.hostPath);
    expect((await failure(reader.readCard())).reason).toBe('no-card');
  });

  it('gets past injected SAM errors and a bad checksum, and reports persistent ones', async () => {
    const device = await plugIn();
    const { emulator } = device;
    emulator.insertCard(FIXTURE_CARDS.liuYang);
    const reader = await readerOn(device.hostPath);

    emulator.injectFault({ kind: 'status', sw3: 0x81 }, { command: 'selectCard' });
    emulator.injectFault({ kind: 'status', sw3: 0x41 }, { command: 'readCard' });
    emulator.injectFault({ kind: 'bad-checksum' }, { command: 'readCard' });
    expect((await reader.readCard()).card.idNumber).toBe('43080220010615049X');

    emulator.injectFault({ kind: 'status', sw3: 0x41 }, { command: 'readCard', times: Infinity });
    expect(await failure(reader.readCard())).toMatchObject({ reason: 'protocol-error', message: expect.stringContaining('0x41') });
  });

  it('fails with timeout when the reader falls silent', async () => {
    const device = await plugIn();
    device.emulator.insertCard(FIXTURE_CARDS.zhangWei);
    const reader = await readerOn(device.hostPath, { timeoutsMs: { findCard: 150 } });
    device.emulator.injectFault({ kind: 'silence' }, { times: Infinity });
    expect((await failure(reader.readCard())).reason).toBe('timeout');
    expect(reader.status()).toMatchObject({ level: 'error', reasons: ['timeout'] });
  });

  it('notices an unplugged reader within 2 s and takes it back when plugged in again', async () => {
    const hostLink = join(linkDir, 'ttyIDCARD');
    const first = await plugIn(hostLink);
    first.emulator.insertCard(FIXTURE_CARDS.chenJianguo);
    const reader = await readerOn(hostLink);
    expect(reader.status().level).toBe('ok');

    // Within 2 s by design: the driver sees the pty hang up at once (no polling involved).
    await first.close();
    expect(await untilStatus(reader, (s) => s.reasons.includes('disconnected'))).toMatchObject({ level: 'error', reasons: ['disconnected'] });
    expect((await failure(reader.readCard())).reason).toBe('disconnected');

    const second = await plugIn(hostLink);
    second.emulator.insertCard(FIXTURE_CARDS.chenJianguo);
    await untilStatus(reader, (s) => s.level === 'ok');
    expect((await reader.readCard()).card).toEqual(FIXTURE_CARDS.chenJianguo.text);
  });
});
