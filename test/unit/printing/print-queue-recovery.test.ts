/**
 * The queue's decisions after a crash, against a scripted printer (the real drivers are
 * in test/integration/printing): a job left printing is asked about before it is sent
 * again, waits while the printer cannot answer, and never falls back to the receipt
 * printer while the laser attempt might still complete.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceError, type DeviceStatus, type StatusListener } from '../../../hardware/device';
import { DeviceStatusTracker } from '../../../hardware/device-status';
import type { PrintQueue } from '../../../core/printing/print-queue';
import type { AttemptOutcome, PrintDocument, PrinterKind, PrinterTarget } from '../../../core/printing/printer-target';
import { eventually } from '../../support/core';
import { openTestRegistry, type TestRegistry } from '../../support/registry';
import { createTestQueue, issueLicences } from '../../integration/printing/support';

class ScriptedPrinter implements PrinterTarget {
  readonly printed: string[] = [];
  readonly asked: string[] = [];
  /** What completedEarlier answers, or an error to throw. */
  answer: AttemptOutcome | Error = 'not-completed';
  private readonly tracker: DeviceStatusTracker;

  constructor(readonly kind: PrinterKind) {
    this.tracker = new DeviceStatusTracker(kind, 'scripted');
    this.tracker.set('ok', [], 'ready');
  }

  status(): DeviceStatus {
    return this.tracker.get();
  }

  onStatus(listener: StatusListener): () => void {
    return this.tracker.onChange(listener);
  }

  fault(reason: 'media-empty' | 'offline'): void {
    this.tracker.set('error', [reason], reason);
  }

  clear(): void {
    this.tracker.set('ok', [], 'ready');
  }

  async print(document: PrintDocument, tag: string): Promise<void> {
    if (this.status().level === 'error') throw new DeviceError('offline', 'scripted fault');
    this.printed.push(`${document.format}:${tag}`);
  }

  async completedEarlier(tag: string): Promise<AttemptOutcome> {
    this.asked.push(tag);
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A kiosk database with one licence whose job a previous process left printing with tag kiosk-print-1-1. */
function crashedKiosk(): { registry: TestRegistry; creditCode: string } {
  const registry = openTestRegistry();
  cleanup.push(() => registry.db.close());
  const [licence] = issueLicences(registry, 1);
  if (!licence) throw new Error('no licence');
  createTestQueue(registry, {}).enqueueLicence(licence.creditCode, licence.applicationId);
  registry.db.prepare("UPDATE print_jobs SET state = 'printing', attempts = 1, spool_tag = 'kiosk-print-1-1'").run();
  return { registry, creditCode: licence.creditCode };
}

function start(queue: PrintQueue): PrintQueue {
  queue.start();
  cleanup.push(() => queue.stop());
  return queue;
}

describe('print queue after a crash', () => {
  it('a job the printer completed before the crash is marked printed without being sent again', async () => {
    const { registry, creditCode } = crashedKiosk();
    const laser = new ScriptedPrinter('laser');
    laser.answer = 'completed';
    const queue = start(createTestQueue(registry, { laser }));

    const [job] = await eventually(() => queue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'printed');
    expect(job).toMatchObject({ attempts: 1, message: 'the printer had completed the attempt whose outcome was unknown' });
    expect(laser.asked).toEqual(['kiosk-print-1-1']);
    expect(laser.printed).toEqual([]);
  });

  it('a job the printer did not complete is sent once more, as attempt 2', async () => {
    const { registry, creditCode } = crashedKiosk();
    const laser = new ScriptedPrinter('laser');
    const queue = start(createTestQueue(registry, { laser }));

    await eventually(() => queue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'printed');
    expect(laser.printed).toEqual(['pdf:kiosk-print-1-2']);
  });

  it('while the printer cannot say, the job waits keeping the question, and is asked again once it can', async () => {
    const { registry, creditCode } = crashedKiosk();
    const laser = new ScriptedPrinter('laser');
    laser.answer = new DeviceError('disconnected', 'spooler unreachable');
    const queue = start(createTestQueue(registry, { laser }));

    const [waiting] = await eventually(() => queue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'waiting');
    expect(waiting).toMatchObject({ reason: 'disconnected' });
    laser.answer = 'completed';
    laser.fault('offline');
    laser.clear();
    await eventually(() => queue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'printed');
    expect(laser.printed).toEqual([]);
    expect(laser.asked.at(-1)).toBe('kiosk-print-1-1');
  });

  it('a printer that cannot tell and is set to at-most-once: the job fails as outcome-unknown, is not sent again, and a retry sends it', async () => {
    const { registry, creditCode } = crashedKiosk();
    const thermal = new ScriptedPrinter('thermal');
    thermal.answer = 'unknown';
    registry.db.prepare("UPDATE print_jobs SET printer = 'thermal', document = 'slip'").run();
    const queue = start(createTestQueue(registry, { thermal }));

    const [failed] = await eventually(() => queue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'failed');
    expect(failed).toMatchObject({ reason: 'outcome-unknown' });
    expect(thermal.printed).toEqual([]);
    queue.retry(failed?.id ?? 0);
    await eventually(() => queue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'printed');
    expect(thermal.printed).toEqual(['slip:kiosk-print-1-2']);
    expect(thermal.asked).toEqual(['kiosk-print-1-1']);
  });

  it('a crashed laser job waits for the laser printer rather than fall back, since the spooler may still print it', async () => {
    const { registry, creditCode } = crashedKiosk();
    const laser = new ScriptedPrinter('laser');
    laser.fault('media-empty');
    const thermal = new ScriptedPrinter('thermal');
    const queue = start(createTestQueue(registry, { laser, thermal }, { fallbackToThermal: true }));

    const [waiting] = await eventually(() => queue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'waiting');
    expect(waiting).toMatchObject({ printer: 'laser', reason: 'media-empty', fallbackFrom: null });
    expect(thermal.printed).toEqual([]);

    laser.clear();
    await eventually(() => queue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'printed');
    expect(laser.asked).toEqual(['kiosk-print-1-1']);
    expect(laser.printed).toEqual(['pdf:kiosk-print-1-2']);
  });
});
