/**
 * The laser driver against a real cupsd started for this file (test/support/cupsd.ts):
 * a cups-pdf queue that turns jobs into PDF files, and fault queues behind a backend
 * that runs out of paper, reports toner low, goes offline or hangs. Without CUPS these
 * tests fail, telling to run scripts/setup-system; they never skip.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError, type DeviceStatus } from '../../../hardware/device';
import { IPP_OPERATION, IppClient } from '../../../hardware/laser/ipp-client';
import { DELIMITER_TAG, decodeIppMessage, encodeIppMessage, findAttribute, ipp, stringValues } from '../../../hardware/laser/ipp-message';
import { LaserPrinter, type LaserPrinterOptions } from '../../../hardware/laser/laser-printer';
import { eventually } from '../../support/core';
import { startPrivateCups, type FaultMode, type PrivateCups } from '../../support/cupsd';
import { samplePdf } from '../../support/sample-pdf';

const LINES = ['INDIVIDUAL BUSINESS LICENCE', '92440300MA5EQ7GQ4X', 'Shenzhen Longgang'];

let cups: PrivateCups;
let pdf: Uint8Array;
let pdfFile: string;
let queueCount = 0;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  cups = await startPrivateCups();
  pdf = await samplePdf(LINES);
  pdfFile = join(mkdtempSync(join(tmpdir(), 'laser-test-')), 'sample.pdf');
  writeFileSync(pdfFile, pdf);
});

afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

afterAll(async () => {
  await cups?.stop();
  if (pdfFile) rmSync(dirname(pdfFile), { recursive: true, force: true });
});

async function printerOn(printerUri: string, options: Partial<LaserPrinterOptions> = {}): Promise<LaserPrinter> {
  const printer = new LaserPrinter({ printerUri, jobPollMs: 100, ...options });
  open.push(printer);
  await printer.open();
  return printer;
}

/** A fresh fault queue per test, so reasons left by one test never reach another. */
async function faultQueue(mode: FaultMode) {
  const queue = await cups.addFaultQueue(`fault-${++queueCount}`, mode);
  return { ...queue, ipp: new IppClient(queue.uri) };
}

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

function recordStatuses(printer: LaserPrinter): DeviceStatus[] {
  const seen: DeviceStatus[] = [];
  printer.onStatus((status) => seen.push(status));
  return seen;
}

describe('private cupsd harness', () => {
  it('fails with "run scripts/setup-system" when CUPS is missing', async () => {
    await expect(startPrivateCups({ searchPath: '/nonexistent' })).rejects.toThrow('run scripts/setup-system');
  });

  it('runs its own scheduler, not the system one', async () => {
    const out = execFileSync('lpstat', ['-h', cups.server, '-r'], { encoding: 'utf8' });
    expect(out).toContain('scheduler is running');
    expect(cups.port).not.toBe(631);
  });
});

describe('the IPP codec against the real CUPS', () => {
  it('decodes everything CUPS says about a queue, collections included, and encodes it back unchanged', async () => {
    const queue = await cups.addPdfQueue('all-attributes');
    const answer = await new IppClient(queue.uri).send('Get-Printer-Attributes', IPP_OPERATION.getPrinterAttributes, [
      { name: 'requested-attributes', values: ['all', 'media-col-database', 'media-col-default'].map(ipp.keyword) },
    ]);
    expect(stringValues(findAttribute(answer, DELIMITER_TAG.printer, 'printer-name'))).toEqual([queue.name]);
    const kinds = new Set(answer.groups.flatMap((g) => g.attributes.flatMap((a) => a.values.map((v) => v.kind))));
    expect([...kinds]).toEqual(expect.arrayContaining(['collection', 'integer', 'boolean', 'string', 'range', 'resolution', 'date']));
    expect(decodeIppMessage(encodeIppMessage(answer))).toEqual(answer);
  });
});

describe('printing to a cups-pdf queue', () => {
  it('prints a PDF that comes out with the same text, and reports the job completed', async () => {
    const queue = await cups.addPdfQueue('licence');
    const printer = await printerOn(queue.uri);
    expect(printer.status()).toMatchObject({ kind: 'laser', driver: 'ipp', level: 'ok', reasons: [] });

    const printed = await printer.print(pdf, { title: 'licence', timeoutMs: 15_000 });

    expect((await new IppClient(queue.uri).getJobAttributes(printed.jobId)).state).toBe('completed');
    const [output, ...more] = queue.pdfs();
    expect(more).toEqual([]);
    const text = execFileSync('pdftotext', [output as string, '-'], { encoding: 'utf8' });
    for (const line of LINES) expect(text).toContain(line);
  });

  it('refuses a document that is not a PDF without sending it', async () => {
    const queue = await cups.addPdfQueue('not-pdf');
    const printer = await printerOn(queue.uri);
    await expect(printer.print(new TextEncoder().encode('hello'), { title: 'x' })).rejects.toThrow(TypeError);
    expect(queue.pdfs()).toEqual([]);
  });
});

describe('printer faults reported by the spooler', () => {
  it('out of paper: the queue stops, print raises media-empty, the job is cancelled and never completes', async () => {
    const queue = await faultQueue('media-empty');
    const printer = await printerOn(queue.uri);

    const error = await failure(printer.print(pdf, { title: 'licence', timeoutMs: 10_000 }));

    expect(error.reason).toBe('media-empty');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['media-empty'] });
    expect(printer.status().message).toContain('media-empty-error');
    const jobId = Number(/job (\d+)/u.exec(error.message)?.[1]);
    expect((await queue.ipp.getJobAttributes(jobId)).state).toBe('canceled');
    // Paper refilled, queue re-enabled: the cancelled licence does not come out later.
    queue.setFault('ok');
    cups.enable(queue.name);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await queue.ipp.getJobAttributes(jobId)).state).toBe('canceled');
  });

  it('toner low: the job completes and the status is a toner-low warning', async () => {
    const queue = await faultQueue('toner-low');
    const printer = await printerOn(queue.uri);

    const printed = await printer.print(pdf, { title: 'licence', timeoutMs: 10_000 });

    expect((await queue.ipp.getJobAttributes(printed.jobId)).state).toBe('completed');
    expect(printer.status()).toMatchObject({ level: 'warning', reasons: ['toner-low'] });
  });

  it('printer offline: the status says offline while the job waits, then the job times out and is cancelled', async () => {
    const queue = await faultQueue('offline');
    const printer = await printerOn(queue.uri);
    const seen = recordStatuses(printer);

    const error = await failure(printer.print(pdf, { title: 'licence', timeoutMs: 1500 }));

    expect(error.reason).toBe('timeout');
    expect(seen.some((status) => status.level === 'error' && status.reasons.includes('offline'))).toBe(true);
    const jobId = Number(/job (\d+)/u.exec(error.message)?.[1]);
    expect((await queue.ipp.getJobAttributes(jobId)).state).toBe('canceled');
  });

  it('printer gone without a word: the driver’s own timeout fires and the job is cancelled', async () => {
    const queue = await faultQueue('hang');
    const printer = await printerOn(queue.uri);
    const started = Date.now();

    const error = await failure(printer.print(pdf, { title: 'licence', timeoutMs: 1000 }));

    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/not completed within 1000 ms; cancelled/u);
    expect(Date.now() - started).toBeLessThan(5000);
    const jobId = Number(/job (\d+)/u.exec(error.message)?.[1]);
    expect((await queue.ipp.getJobAttributes(jobId)).state).toBe('canceled');
    // The hanging backend is stopped with the job: the queue is free again.
    await eventually(() => printer.status().message, (message) => message === `queue ${queue.name} idle`, 3000);
  });

  it('a print after the fault is cleared succeeds on the same queue', async () => {
    const queue = await faultQueue('media-empty');
    const printer = await printerOn(queue.uri);
    await failure(printer.print(pdf, { title: 'licence', timeoutMs: 10_000 }));

    queue.setFault('ok');
    cups.enable(queue.name);
    const printed = await printer.print(pdf, { title: 'licence', timeoutMs: 10_000 });

    expect((await queue.ipp.getJobAttributes(printed.jobId)).state).toBe('completed');
    expect(printer.status()).toMatchObject({ level: 'ok', reasons: [] });
  });
});

describe('queue status noticed by polling, with the default interval', () => {
  it('notices a technician stopping and restarting the queue within 2 s', async () => {
    const queue = await faultQueue('ok');
    const printer = await printerOn(queue.uri);
    expect(printer.status().level).toBe('ok');

    cups.disable(queue.name);
    await eventually(() => printer.status(), (s) => s.level === 'error' && s.reasons.includes('offline'), 2000);

    cups.enable(queue.name);
    await eventually(() => printer.status(), (s) => s.level === 'ok', 2000);
  });

  it('notices toner running low during someone else’s job within 2 s', async () => {
    const queue = await faultQueue('toner-low');
    const printer = await printerOn(queue.uri);
    expect(printer.status().level).toBe('ok');

    cups.submit(queue.name, pdfFile);
    await eventually(() => printer.status(), (s) => s.level === 'warning' && s.reasons.includes('toner-low'), 2000);
  });

  it('notices the spooler going away within 2 s, and reads an unreachable spooler as disconnected', async () => {
    const other = await startPrivateCups();
    try {
      const queue = await other.addFaultQueue('short-lived');
      const printer = await printerOn(queue.uri);
      expect(printer.status().level).toBe('ok');

      await other.stop();
      const status = await eventually(() => printer.status(), (s) => s.reasons.includes('disconnected'), 2000);
      expect(status).toMatchObject({ level: 'error' });
      expect(status.message).toContain(`CUPS at ${other.server} unreachable`);

      const error = await failure(printer.print(pdf, { title: 'licence', timeoutMs: 2000 }));
      expect(error.reason).toBe('disconnected');
    } finally {
      await other.stop();
    }
  });

  it('fails to open a queue the spooler does not have, naming it', async () => {
    const printer = new LaserPrinter({ printerUri: cups.uri('no-such-queue') });
    open.push(printer);
    const error = await failure(printer.open());
    expect(error.reason).toBe('offline');
    expect(error.message).toContain('no queue no-such-queue');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['offline'] });
  });

  it('is not open after close: status not-open, print refused', async () => {
    const queue = await faultQueue('ok');
    const printer = await printerOn(queue.uri);
    await printer.close();
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['not-open'] });
    expect((await failure(printer.print(pdf, { title: 'x' }))).reason).toBe('not-open');
  });
});
