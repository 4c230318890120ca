import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceError, type DeviceStatus } from '../../../../hardware/device';
import { FIXTURE_CARDS } from '../../../../hardware/idcard/fixtures';
import { SamEmulator } from '../../../../hardware/idcard/sam-emulator';
import { SamReader, type SamReaderOptions } from '../../../../hardware/idcard/sam-reader';
import { simulatedWlt } from '../../../../hardware/idcard/simulated-wlt';
import { emulatedBinding } from '../../../../hardware/serial/emulated-binding';
import type { SerialEmulator } from '../../../../hardware/serial/serial-emulator';
import { untilStatus } from '../../../support/device-status';

const zhang = FIXTURE_CARDS.zhangWei;
const readers: SamReader[] = [];
let portNumber = 0;

/** A reader on a mock port with the emulator behind it; idle probes are off unless asked for. */
function rig(options: Partial<SamReaderOptions> = {}, between: (emulator: SamEmulator) => SerialEmulator = (e) => e) {
  const emulator = new SamEmulator();
  const link = emulatedBinding(`/dev/ttyMOCKSAM${++portNumber}`, between(emulator));
  const reader = new SamReader({
    path: link.path,
    binding: link.binding,
    timeoutsMs: { findCard: 50, selectCard: 50, readCard: 100 },
    retry: { commandRetries: 1, cardRetries: 2 },
    idleProbeMs: 60_000,
    reopenIntervalMs: 100,
    ...options,
  });
  readers.push(reader);
  return { emulator, link, reader };
}

async function openRig(options: Partial<SamReaderOptions> = {}, between?: (emulator: SamEmulator) => SerialEmulator) {
  const parts = rig(options, between);
  await parts.reader.open();
  parts.emulator.handled.splice(0); // forget the probe open() makes
  return parts;
}

const commands = (emulator: SamEmulator) => emulator.handled.map((h) => h.command);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

/** Passes the emulator's answers on in pieces, one piece every `everyMs`. */
const dribbling = (size: number, everyMs: number) => (inner: SamEmulator): SerialEmulator => ({
  onData: (bytes) => inner.onData(bytes),
  setSender: (send) =>
    inner.setSender((answer) => {
      for (let at = 0; at < answer.length; at += size) {
        const piece = answer.slice(at, at + size);
        setTimeout(() => send(piece), (at / size) * everyMs);
      }
    }),
});

afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.close()));
});

describe('SamReader reading cards', () => {
  it('reads a card with find, select, read and returns the text and the raw WLT', async () => {
    const { emulator, reader } = await openRig();
    emulator.insertCard(zhang);
    const reading = await reader.readCard();
    expect(reading.card).toEqual(zhang.text);
    expect(reading.wlt).toEqual(simulatedWlt(zhang.text.idNumber));
    expect(commands(emulator)).toEqual(['findCard', 'selectCard', 'readCard']);
    expect(reader.status()).toMatchObject({ kind: 'idcard', driver: 'sam-serial', level: 'ok', reasons: [] });
  });

  it('says no-card when the reader finds none, and stays ok with an informational reason', async () => {
    const { reader } = await openRig();
    expect((await failure(reader.readCard())).reason).toBe('no-card');
    expect(reader.status()).toMatchObject({ level: 'ok', reasons: ['no-card'], message: 'reader ready, no card' });
  });

  it('runs concurrent reads one after the other, never interleaving commands', async () => {
    const { emulator, reader } = await openRig();
    emulator.insertCard(zhang);
    const readings = await Promise.all([reader.readCard(), reader.readCard()]);
    expect(readings.map((r) => r.card.name)).toEqual(['张伟', '张伟']);
    expect(commands(emulator)).toEqual(['findCard', 'selectCard', 'readCard', 'findCard', 'selectCard', 'readCard']);
  });

  it('starts again from find when select fails once', async () => {
    const { emulator, reader } = await openRig();
    emulator.insertCard(zhang);
    emulator.injectFault({ kind: 'status', sw3: 0x81 }, { command: 'selectCard' });
    await reader.readCard();
    expect(emulator.handled.map((h) => h.sw3)).toEqual([0x9f, 0x81, 0x9f, 0x90, 0x90]);
  });

  it('gives up with protocol-error when the card keeps failing to read', async () => {
    const { emulator, reader } = await openRig({ retry: { cardRetries: 2 } });
    emulator.insertCard(zhang);
    emulator.injectFault({ kind: 'status', sw3: 0x41 }, { command: 'readCard', times: Infinity });
    const error = await failure(reader.readCard());
    expect(error).toMatchObject({ reason: 'protocol-error', message: expect.stringContaining('read card failed (SW3 0x41)') });
    expect(commands(emulator).filter((c) => c === 'readCard')).toHaveLength(3);
  });

  it('says no-card when the card is taken away during the read', async () => {
    const { emulator, reader } = await openRig();
    emulator.insertCard(zhang);
    emulator.onRequest((command) => {
      if (command === 'readCard') emulator.removeCard();
    });
    expect((await failure(reader.readCard())).reason).toBe('no-card');
    expect(emulator.handled.map((h) => h.sw3)).toEqual([0x9f, 0x90, 0x41, 0x80]);
  });

  it('does not resend a command the reader calls unknown', async () => {
    const { emulator, reader } = await openRig();
    emulator.insertCard(zhang);
    emulator.injectFault({ kind: 'status', sw3: 0x21 }, { command: 'findCard' });
    expect((await failure(reader.readCard())).message).toMatch(/command error/);
    expect(commands(emulator)).toEqual(['findCard']);
  });
});

describe('SamReader timing and garbled answers', () => {
  it('silence: resends after each timeout, then fails with timeout and reports it', async () => {
    const { emulator, reader } = await openRig({ retry: { commandRetries: 2 } });
    emulator.injectFault({ kind: 'silence' }, { times: Infinity });
    const started = performance.now();
    const error = await failure(reader.readCard());
    const elapsed = performance.now() - started;
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/findCard: no answer within 50 ms/);
    expect(commands(emulator)).toEqual(['findCard', 'findCard', 'findCard']);
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(reader.status()).toMatchObject({ level: 'error', reasons: ['timeout'] });
  });

  it('one lost answer costs one resend', async () => {
    const { emulator, reader } = await openRig();
    emulator.insertCard(zhang);
    emulator.injectFault({ kind: 'silence' }, { command: 'readCard' });
    await reader.readCard();
    expect(commands(emulator)).toEqual(['findCard', 'selectCard', 'readCard', 'readCard']);
  });

  it('drops an answer that comes after its timeout, so it cannot confuse the next exchange', async () => {
    let answered = 0;
    let lateAnswerSent = () => undefined as void;
    const late = new Promise<void>((resolve) => (lateAnswerSent = resolve));
    const counting = (inner: SamEmulator): SerialEmulator => ({
      onData: (bytes) => inner.onData(bytes),
      setSender: (send) =>
        inner.setSender((answer) => {
          send(answer);
          if (++answered === 1) lateAnswerSent();
        }),
    });
    const { emulator, reader } = await openRig({ retry: { commandRetries: 0 } }, counting);
    answered = 0;
    emulator.insertCard(zhang);
    emulator.injectFault({ kind: 'delay', ms: 120 }, { command: 'findCard' });
    expect((await failure(reader.readCard())).reason).toBe('timeout');
    await late; // the late answer is on the line while nothing waits for it
    await nextTurn(); // and has reached the reader
    expect((await reader.readCard()).card).toEqual(zhang.text);
  });

  it('accepts an answer that arrives in pieces, as long as it completes within the timeout', async () => {
    const { emulator, reader } = await openRig({ timeoutsMs: { readCard: 400 } }, dribbling(100, 10));
    emulator.insertCard(zhang);
    expect((await reader.readCard()).card).toEqual(zhang.text);
  });

  it('counts the timeout over the whole answer: a slow trickle is reported as truncated', async () => {
    const { emulator, reader } = await openRig({ timeoutsMs: { readCard: 60 }, retry: { commandRetries: 0 } }, dribbling(100, 20));
    emulator.insertCard(zhang);
    const error = await failure(reader.readCard());
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/readCard: answer stopped after \d+ bytes/);
  });

  it('skips line noise before an answer', async () => {
    const noisy = (inner: SamEmulator): SerialEmulator => ({
      onData: (bytes) => inner.onData(bytes),
      setSender: (send) => inner.setSender((answer) => send(Uint8Array.from([0x00, 0xff, 0xaa, 0xaa, ...answer]))),
    });
    const { emulator, reader } = await openRig({}, noisy);
    emulator.insertCard(zhang);
    expect((await reader.readCard()).card).toEqual(zhang.text);
  });

  it('resends after an answer with a bad checksum', async () => {
    const { emulator, reader } = await openRig();
    emulator.insertCard(zhang);
    emulator.injectFault({ kind: 'bad-checksum' }, { command: 'readCard' });
    await reader.readCard();
    expect(commands(emulator)).toEqual(['findCard', 'selectCard', 'readCard', 'readCard']);
  });

  it('resends when the reader says the request arrived damaged (0x10, 0x11)', async () => {
    const { emulator, reader } = await openRig();
    emulator.insertCard(zhang);
    emulator.injectFault({ kind: 'status', sw3: 0x10 }, { command: 'selectCard' });
    emulator.injectFault({ kind: 'status', sw3: 0x11 }, { command: 'findCard' });
    await reader.readCard();
    expect(commands(emulator)).toEqual(['findCard', 'findCard', 'selectCard', 'selectCard', 'readCard']);
  });

  it('fails with protocol-error on persistently garbled answers and shows a warning', async () => {
    const { emulator, reader } = await openRig();
    emulator.insertCard(zhang);
    emulator.injectFault({ kind: 'bad-checksum' }, { times: Infinity });
    expect((await failure(reader.readCard())).reason).toBe('protocol-error');
    expect(reader.status()).toMatchObject({ level: 'warning', reasons: ['protocol-error'] });
    emulator.clearFaults();
    await reader.readCard();
    expect(reader.status()).toMatchObject({ level: 'ok', reasons: [] });
  });
});

describe('SamReader lifecycle and status', () => {
  it('is not-open before open and after close, and refuses to read then', async () => {
    const { reader } = rig();
    expect(reader.status()).toMatchObject({ level: 'error', reasons: ['not-open'] });
    expect((await failure(reader.readCard())).reason).toBe('not-open');
    await reader.open();
    await reader.close();
    expect(reader.status()).toMatchObject({ level: 'error', reasons: ['not-open'] });
    expect((await failure(reader.readCard())).reason).toBe('not-open');
  });

  it('probes while idle: notices a card placed and taken away', async () => {
    const { emulator, reader } = await openRig({ idleProbeMs: 30 });
    const seen: DeviceStatus[] = [];
    reader.onStatus((status) => seen.push(status));
    emulator.insertCard(zhang);
    await untilStatus(reader, (s) => s.message === 'reader ready, card present');
    emulator.removeCard();
    await untilStatus(reader, (s) => JSON.stringify(s.reasons) === JSON.stringify(['no-card']));
    expect(seen.map((s) => s.level)).toEqual(['ok', 'ok']);
  });

  it('notices by its next probe that the reader stopped answering, and when it answers again', async () => {
    // One probe interval plus one timeout (200 + 300 ms) is the 2 s promise by design; the clock under load is not.
    const { emulator, reader } = await openRig({ idleProbeMs: 200, timeoutsMs: { findCard: 300 } });
    emulator.injectFault({ kind: 'silence' }, { times: Infinity });
    await untilStatus(reader, (s) => JSON.stringify(s.reasons) === JSON.stringify(['timeout']));
    expect(reader.status().level).toBe('error');
    emulator.clearFaults();
    await untilStatus(reader, (s) => s.level === 'ok');
  });

  it('reports an unplugged reader as disconnected at once, and comes back when it is plugged in again', async () => {
    const { emulator, link, reader } = await openRig({ reopenIntervalMs: 100 });
    emulator.insertCard(zhang);
    link.unplug();
    expect(await untilStatus(reader, (s) => s.reasons.includes('disconnected'))).toMatchObject({ level: 'error', reasons: ['disconnected'] });
    expect((await failure(reader.readCard())).reason).toBe('disconnected');

    await sleep(250); // a few reopen attempts fail while unplugged
    expect(reader.status().reasons).toEqual(['disconnected']);
    link.replug();
    await untilStatus(reader, (s) => s.level === 'ok');
    expect((await reader.readCard()).card).toEqual(zhang.text);
  });

  it('fails a read that is under way when the reader is unplugged', async () => {
    const { emulator, link, reader } = await openRig({ timeoutsMs: { readCard: 1000 } });
    emulator.insertCard(zhang);
    emulator.injectFault({ kind: 'silence' }, { command: 'readCard' });
    emulator.onRequest((command) => {
      if (command === 'readCard') setTimeout(() => link.unplug(), 20);
    });
    expect((await failure(reader.readCard())).reason).toBe('disconnected');
  });

  it('rejects open with disconnected when the port is missing, and opens once it appears', async () => {
    const { link, reader } = rig({ reopenIntervalMs: 50 });
    link.unplug();
    expect((await failure(reader.open())).reason).toBe('disconnected');
    expect(reader.status()).toMatchObject({ level: 'error', reasons: ['disconnected'] });
    link.replug();
    expect(await untilStatus(reader, (s) => s.level === 'ok')).toMatchObject({ level: 'ok', reasons: ['no-card'] });
  });

  it('stops trying to reopen once closed', async () => {
    const { link, reader } = rig({ reopenIntervalMs: 30 });
    link.unplug();
    await failure(reader.open());
    await reader.close();
    link.replug();
    await sleep(100);
    expect(reader.status().reasons).toEqual(['not-open']);
  });
});
