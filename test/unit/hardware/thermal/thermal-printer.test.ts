import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceError, OutcomeUnknownError, type DeviceStatus } from '../../../../hardware/device';
import { emulatedBinding } from '../../../../hardware/serial/emulated-binding';
import type { ByteSender, SerialEmulator } from '../../../../hardware/serial/serial-emulator';
import { EscPosEmulator } from '../../../../hardware/thermal/escpos-emulator';
import { blocksText } from '../../../../hardware/thermal/paper-model';
import { SAMPLE_LICENCE_LINES, sampleLicenceSlip } from '../../../../hardware/thermal/sample-slips';
import { encodeSlip } from '../../../../hardware/thermal/slip-escpos';
import type { SlipJob } from '../../../../hardware/thermal/slip-job';
import { ThermalPrinter, receiptIdFor, type ThermalPrinterOptions } from '../../../../hardware/thermal/thermal-printer';
import { untilStatus } from '../../../support/device-status';

const printers: ThermalPrinter[] = [];
let portNumber = 0;

const STATUS_TIMEOUT_MS = 50;
const DLE_EOT = [1, 2, 3, 4].map((n) => `10040${n}`).join('');
const shortJob = (text: string): SlipJob => ({ elements: [{ kind: 'text', text }] });
const receipt = (tag: string) => Buffer.from(receiptIdFor(tag), 'latin1');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sits between the driver and the emulator: records what the host sends, and can tamper with the answers. */
class Wire implements SerialEmulator {
  readonly heard: number[] = [];
  /** Turns each answer into what actually goes back (nothing, something else, later). */
  answer: (bytes: Uint8Array, send: ByteSender) => void = (bytes, send) => send(bytes);
  private send: ByteSender = () => undefined;

  constructor(private readonly inner: SerialEmulator) {
    inner.setSender((bytes) => this.answer(bytes, this.send));
  }

  onData(bytes: Uint8Array): void {
    this.heard.push(...bytes);
    this.inner.onData(bytes);
  }

  setSender(send: ByteSender): void {
    this.send = send;
  }

  heardHex(): string {
    return Buffer.from(this.heard).toString('hex');
  }
}

function rig(options: Partial<ThermalPrinterOptions> = {}) {
  const emulator = new EscPosEmulator();
  const wire = new Wire(emulator);
  const link = emulatedBinding(`/dev/ttyMOCKESCPOS${++portNumber}`, wire);
  const printer = new ThermalPrinter({
    path: link.path,
    binding: link.binding,
    statusTimeoutMs: STATUS_TIMEOUT_MS,
    idlePollMs: 60_000,
    reopenIntervalMs: 100,
    ...options,
  });
  printers.push(printer);
  return { emulator, wire, link, printer };
}

async function openRig(options: Partial<ThermalPrinterOptions> = {}) {
  const parts = rig(options);
  await parts.printer.open();
  parts.wire.heard.splice(0); // forget the status check open() makes
  return parts;
}

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

afterEach(async () => {
  await Promise.all(printers.splice(0).map((printer) => printer.close()));
});

describe('ThermalPrinter printing', () => {
  it('opens ready, as a thermal escpos-serial device', async () => {
    const { printer } = rig();
    expect(printer.status()).toMatchObject({ kind: 'thermal', driver: 'escpos-serial', level: 'error', reasons: ['not-open'] });
    await printer.open();
    expect(printer.status()).toMatchObject({ level: 'ok', reasons: [], message: 'printer ready' });
  });

  it('asks DLE EOT 1..4, sends the slip with its receipt request, waits for the receipt, checks the cut, and the slip comes out', async () => {
    const { emulator, wire, printer } = await openRig();
    await printer.print(sampleLicenceSlip(), { tag: 'job-1' });
    const job = Buffer.from(encodeSlip(sampleLicenceSlip(), {}, receipt('job-1'))).toString('hex');
    expect(wire.heardHex()).toBe(DLE_EOT + job + DLE_EOT);
    expect(emulator.slips.map((slip) => blocksText(slip.blocks))).toEqual([[...SAMPLE_LICENCE_LINES]]);
  });

  it('runs concurrent jobs one after the other, never interleaving', async () => {
    const { emulator, wire, printer } = await openRig();
    await Promise.all([printer.print(shortJob('first'), { tag: 'first' }), printer.print(shortJob('second'), { tag: 'second' })]);
    const hex = (text: string) => Buffer.from(encodeSlip(shortJob(text), {}, receipt(text))).toString('hex');
    expect(wire.heardHex()).toBe(DLE_EOT + hex('first') + DLE_EOT + DLE_EOT + hex('second') + DLE_EOT);
    expect(emulator.slips.map((slip) => blocksText(slip.blocks))).toEqual([['first'], ['second']]);
  });

  it('refuses an invalid job with a RangeError before talking to the printer', async () => {
    const { wire, printer } = await openRig();
    await expect(printer.print({ elements: [{ kind: 'qr', payload: '' }] })).rejects.toThrow(RangeError);
    expect(wire.heard).toEqual([]);
  });

  it('refuses a job while the cover is open, sending none of it', async () => {
    const { emulator, wire, printer } = await openRig();
    emulator.openCover();
    const error = await failure(printer.print(sampleLicenceSlip()));
    expect(error.reason).toBe('cover-open');
    expect(error.message).toBe('printer not ready (cover open); the job was not sent');
    expect(wire.heardHex()).toBe(DLE_EOT);
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['cover-open'] });
  });

  it('refuses a job with the paper out', async () => {
    const { emulator, printer } = await openRig();
    emulator.runOutOfPaper();
    expect((await failure(printer.print(shortJob('x')))).reason).toBe('paper-end');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['paper-end'] });
  });

  it('fails a job whose paper ran out in the middle, and prints again once paper is loaded', async () => {
    const { emulator, printer } = await openRig();
    emulator.runOutOfPaper({ afterLines: 3 });
    const error = await failure(printer.print(sampleLicenceSlip()));
    expect(error.reason).toBe('paper-end');
    expect(error.message).toBe('printer reports out of paper before the slip was done; the rest was cleared, the slip is not complete');
    expect(emulator.slips).toEqual([]);
    expect(emulator.pending).toHaveLength(3);

    emulator.loadPaper();
    await printer.print(shortJob('after the new roll'));
    expect(emulator.slips.map((slip) => blocksText(slip.blocks))).toEqual([['after the new roll']]);
    expect(printer.status().level).toBe('ok');
  });

  it('prints with the paper near its end and warns', async () => {
    const { emulator, printer } = await openRig();
    emulator.setPaperNearEnd(true);
    await printer.print(shortJob('x'));
    expect(emulator.slips).toHaveLength(1);
    expect(printer.status()).toMatchObject({ level: 'warning', reasons: ['paper-near-end'] });
  });

  it('fails a job whose cut jammed', async () => {
    const { emulator, printer } = await openRig();
    emulator.jamCutter();
    expect((await failure(printer.print(shortJob('x')))).reason).toBe('cutter-error');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['cutter-error'] });
  });

  it('says not-open before open() and after close()', async () => {
    const { printer } = rig();
    expect((await failure(printer.print(shortJob('x')))).reason).toBe('not-open');
    await printer.open();
    await printer.close();
    expect((await failure(printer.print(shortJob('x')))).reason).toBe('not-open');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['not-open'] });
  });
});

describe('ThermalPrinter timing', () => {
  it('times out when DLE EOT gets no answer, sends no job, and recovers when answers return', async () => {
    const { emulator, wire, printer } = await openRig();
    emulator.unplug();
    const started = performance.now();
    const error = await failure(printer.print(shortJob('x')));
    expect(error.reason).toBe('timeout');
    expect(error.message).toBe(`no answer to DLE EOT 1 within ${STATUS_TIMEOUT_MS} ms`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(STATUS_TIMEOUT_MS - 5);
    expect(wire.heardHex()).toBe('100401');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['timeout'] });

    emulator.replug();
    await printer.print(shortJob('x'));
    expect(printer.status().level).toBe('ok');
  });

  it('times out when only some of DLE EOT 1..4 are answered', async () => {
    const { wire, printer } = await openRig();
    let answered = 0;
    wire.answer = (bytes, send) => {
      if (answered++ < 2) send(bytes);
    };
    expect((await failure(printer.print(shortJob('x')))).message).toBe(`no answer to DLE EOT 3 within ${STATUS_TIMEOUT_MS} ms`);
  });

  it('drops answers that come after it gave up instead of taking them for later ones', async () => {
    const { emulator, printer, wire } = await openRig();
    emulator.runOutOfPaper();
    let lateAnswerSent = () => undefined as void;
    const late = new Promise<void>((resolve) => (lateAnswerSent = resolve));
    wire.answer = (bytes, send) =>
      setTimeout(() => {
        send(bytes);
        lateAnswerSent();
      }, STATUS_TIMEOUT_MS * 2);
    expect((await failure(printer.print(shortJob('late')))).reason).toBe('timeout');
    emulator.loadPaper();
    await late; // the late "offline" answer is on the line while nothing is asked
    await nextTurn(); // and has reached the driver
    wire.answer = (bytes, send) => send(bytes);
    await printer.print(shortJob('on time'));
    expect(emulator.slips.map((slip) => blocksText(slip.blocks))).toEqual([['on time']]);
  });

  it('answers arriving in one chunk with junk after them count once', async () => {
    const { wire, printer } = await openRig();
    wire.answer = (bytes, send) => send(Uint8Array.of(...bytes, 0x7f, 0x00));
    await printer.print(shortJob('x'));
    expect(printer.status().level).toBe('ok');
  });

  it('calls a reply with wrong fixed bits a protocol error', async () => {
    const { wire, printer } = await openRig();
    wire.answer = (_bytes, send) => send(Uint8Array.of(0xff));
    const error = await failure(printer.print(shortJob('x')));
    expect(error.reason).toBe('protocol-error');
    expect(error.message).toBe('reply 0xff to DLE EOT 1 has wrong fixed bits');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['protocol-error'] });
  });

  it('notices faults while idle by polling the status', async () => {
    const { emulator, printer } = await openRig({ idlePollMs: 30 });
    const seen: DeviceStatus[] = [];
    const unsubscribe = printer.onStatus((status) => seen.push(status));
    emulator.openCover();
    await untilStatus(printer, (s) => JSON.stringify(s.reasons) === JSON.stringify(['cover-open']));
    emulator.closeCover();
    await untilStatus(printer, (s) => s.level === 'ok');
    unsubscribe();
    emulator.unplug();
    await untilStatus(printer, (s) => JSON.stringify(s.reasons) === JSON.stringify(['timeout']));
    expect(seen.map((status) => status.reasons)).toEqual([['cover-open'], []]);
  });

  it('reports an unplugged printer as disconnected at once, and comes back when plugged in again', async () => {
    const { link, printer } = await openRig();
    link.unplug();
    expect(await untilStatus(printer, (s) => s.reasons.includes('disconnected'))).toMatchObject({ level: 'error', reasons: ['disconnected'] });
    expect((await failure(printer.print(shortJob('x')))).reason).toBe('disconnected');
    await sleep(250); // a few reopen attempts fail while unplugged
    link.replug();
    await untilStatus(printer, (s) => s.level === 'ok');
    await printer.print(shortJob('x'));
  });

  it('rejects open() on a printer that is not there, and comes up once it is', async () => {
    const { link, printer } = rig();
    link.unplug();
    const error = await failure(printer.open());
    expect(error.reason).toBe('disconnected');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['disconnected'] });
    link.replug();
    await untilStatus(printer, (s) => s.level === 'ok');
  });

  it('fails a job under way when the printer is unplugged', async () => {
    const { link, wire, printer } = await openRig();
    let asked = 0;
    wire.answer = (bytes, send) => {
      // Pull the plug instead of answering the first question after the job.
      if (++asked === 5) link.unplug();
      else send(bytes);
    };
    expect((await failure(printer.print(shortJob('x')))).reason).toBe('disconnected');
  });

  /** Waits for the status to reach `level`, by its events, not by polling a clock. */
  function statusReaches(printer: ThermalPrinter, level: DeviceStatus['level']): Promise<DeviceStatus> {
    return new Promise((resolve) => {
      if (printer.status().level === level) return resolve(printer.status());
      const stop = printer.onStatus((status) => {
        if (status.level !== level) return;
        stop();
        resolve(status);
      });
    });
  }

  /** The cable is pulled during the next slip: after `bytes` of it reached the printer, or the moment it is cut. */
  function pullDuringSlip(wire: Wire, emulator: EscPosEmulator, link: ReturnType<typeof rig>['link'], bytes: number | 'cut'): void {
    const hear = wire.onData.bind(wire);
    const slipsBefore = emulator.slipCount;
    let heard = 0;
    wire.onData = (chunk) => {
      const head = bytes === 'cut' ? chunk : chunk.subarray(0, Math.max(0, bytes - heard));
      heard += head.length;
      hear(head);
      if (bytes === 'cut' ? emulator.slipCount === slipsBefore : heard < bytes) return;
      wire.onData = hear;
      emulator.unplug();
      link.unplug();
    };
  }

  it('a slip cut off half-way by a pulled cable: plugged back, the printer’s half command is cleared, the slip was not printed, and prints whole once', async () => {
    const { emulator, wire, link, printer } = await openRig({ reopenIntervalMs: 20 });
    await printer.print(shortJob('warm-up'), { tag: 'job-6-1' });
    pullDuringSlip(wire, emulator, link, 300);
    const error = await failure(printer.print(sampleLicenceSlip(), { tag: 'job-7-1' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);

    emulator.replug();
    link.replug();
    await statusReaches(printer, 'ok');
    expect(await printer.outcomeOf('job-7-1')).toBe('not-completed');
    await printer.print(sampleLicenceSlip(), { tag: 'job-7-2' });
    // The lines printed before the pull stay on the paper above the whole slip.
    expect(emulator.slipCount).toBe(2);
    expect(blocksText(emulator.slips[1]?.blocks ?? []).slice(-SAMPLE_LICENCE_LINES.length)).toEqual([...SAMPLE_LICENCE_LINES]);
  });

  it('the cable pulled the moment the slip is cut: the receipt the printer kept arrives after the reconnect, so it counts as printed', async () => {
    const { emulator, wire, link, printer } = await openRig({ reopenIntervalMs: 20 });
    pullDuringSlip(wire, emulator, link, 'cut');
    const error = await failure(printer.print(sampleLicenceSlip(), { tag: 'job-8-1' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(emulator.slipCount).toBe(1);
    // The printer finishes the slip while unplugged: its answer is due then, and kept.
    await nextTurn();

    emulator.replug();
    link.replug();
    await statusReaches(printer, 'ok');
    expect(await printer.outcomeOf('job-8-1')).toBe('completed');
    expect(emulator.slipCount).toBe(1);
  });

  it('printers without receipts answer an unknown outcome as configured', async () => {
    expect(await rig({ completion: 'at-least-once' }).printer.outcomeOf('job-9-1')).toBe('not-completed');
    expect(await rig({ completion: 'at-most-once' }).printer.outcomeOf('job-9-1')).toBe('unknown');
  });
});
