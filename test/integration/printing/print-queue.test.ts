/**
 * The print queue with the real drivers over emulated devices: faults while printing
 * end with every licence printed exactly once, a retry never prints twice, a faulty
 * laser printer hands the licence to the receipt printer, and reprints are marked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../core/audit/audit-log';
import { PrintRequestError, type PrintJobsChange, type PrintQueue } from '../../../core/printing/print-queue';
import type { PrintJob } from '../../../core/printing/print-job-store';
import { keyringOf } from '../../../core/signing/kiosk-keys';
import { verifyStatement } from '../../../core/signing/licence-statement';
import { eventually } from '../../support/core';
import { APPROVED, idNumber, openTestRegistry, type TestRegistry } from '../../support/registry';
import { startFakeSpooler, type FakeSpooler } from './fake-spooler';
import { LaserPrinter } from '../../../hardware/laser/laser-printer';
import { IppPrinterEmulator } from '../../../hardware/laser/ipp-emulator';
import { LaserTarget } from '../../../core/printing/printer-adapters';
import { createTestQueue, emulatedThermal, issueLicences, laserOn, qrOf, slipsOf, testSigningKey, type EmulatedThermal, type IssuedLicence } from './support';

const cleanup: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function registryForTest(): TestRegistry {
  const registry = openTestRegistry();
  cleanup.push(() => {
    registry.db.close();
  });
  return registry;
}

function oneLicence(registry: TestRegistry): IssuedLicence {
  const [licence] = issueLicences(registry, 1);
  if (!licence) throw new Error('no licence issued');
  return licence;
}

async function thermalForTest(): Promise<EmulatedThermal> {
  const thermal = await emulatedThermal();
  cleanup.push(() => thermal.printer.close());
  return thermal;
}

async function spoolerForTest(): Promise<FakeSpooler> {
  const spooler = await startFakeSpooler();
  cleanup.push(() => spooler.close());
  return spooler;
}

async function laserForTest(spooler: FakeSpooler, jobTimeoutMs?: number): ReturnType<typeof laserOn> {
  const laser = await laserOn(spooler, jobTimeoutMs);
  cleanup.push(() => laser.printer.close());
  return laser;
}

function started(queue: PrintQueue): PrintQueue {
  queue.start();
  cleanup.push(() => queue.stop());
  return queue;
}

const jobsOf = (queue: PrintQueue, creditCode: string) => () => queue.jobsOf(creditCode);
const allIn = (state: PrintJob['state']) => (jobs: PrintJob[]) => jobs.length > 0 && jobs.every((job) => job.state === state);

function pdfsOf(spooler: FakeSpooler, job: PrintJob | undefined) {
  return spooler.completed().filter((spooled) => spooled.name.startsWith(`kiosk-print-${job?.id}-`));
}

describe('print queue on the receipt printer', () => {
  it('paper runs out in the middle of the slip: the job waits saying why, and prints once whole when paper is loaded', async () => {
    const registry = registryForTest();
    const thermal = await thermalForTest();
    const licence = oneLicence(registry);
    const key = testSigningKey();
    const queue = started(createTestQueue(registry, { thermal: thermal.target }, { licence: 'thermal' }, key));
    const seen: PrintJobsChange[] = [];
    queue.onChange((change) => seen.push(change));

    thermal.emulator.runOutOfPaper({ afterLines: 3 });
    queue.enqueueLicence(licence.creditCode, licence.applicationId);
    const [waiting] = await eventually(jobsOf(queue, licence.creditCode), allIn('waiting'));
    expect(waiting).toMatchObject({ state: 'waiting', reason: 'paper-end', printer: 'thermal', document: 'slip' });
    expect(seen.map((change) => change.changed.state)).toEqual(['queued', 'printing', 'waiting']);
    expect(thermal.emulator.slips).toHaveLength(0);

    thermal.emulator.loadPaper();
    const [printed] = await eventually(jobsOf(queue, licence.creditCode), allIn('printed'));
    expect(printed).toMatchObject({ attempts: 2, reason: null, reprint: false });
    const slips = slipsOf(thermal.emulator.slips, licence.creditCode);
    expect(slips).toHaveLength(1);
    expect(thermal.emulator.slips).toHaveLength(1);
    const check = verifyStatement(qrOf(slips[0] ?? { blocks: [] } as never), keyringOf(key));
    expect(check).toMatchObject({ valid: true, statement: { creditCode: licence.creditCode } });
    expect(verifyAuditLog(registry.db)).toMatchObject({ intact: true });
  });

  it('the printer is unplugged: the job waits as disconnected and prints once it is plugged in again', async () => {
    const registry = registryForTest();
    const thermal = await thermalForTest();
    const licence = oneLicence(registry);
    const queue = started(createTestQueue(registry, { thermal: thermal.target }, { licence: 'thermal' }));

    thermal.plug.unplug();
    await eventually(() => thermal.printer.status().reasons, (reasons) => reasons.includes('disconnected'));
    queue.enqueueLicence(licence.creditCode, licence.applicationId);
    const [waiting] = await eventually(jobsOf(queue, licence.creditCode), allIn('waiting'));
    expect(waiting).toMatchObject({ reason: 'disconnected', attempts: 0 });

    thermal.plug.replug();
    await eventually(jobsOf(queue, licence.creditCode), allIn('printed'));
    expect(slipsOf(thermal.emulator.slips, licence.creditCode)).toHaveLength(1);
  });

  it('the same request enqueued again, also by a new queue after a restart, keeps its one job and prints once', async () => {
    const registry = registryForTest();
    const thermal = await thermalForTest();
    const licence = oneLicence(registry);
    const first = createTestQueue(registry, { thermal: thermal.target }, { licence: 'thermal' });
    const [job] = first.enqueueLicence(licence.creditCode, licence.applicationId);
    expect(first.enqueueLicence(licence.creditCode, licence.applicationId)).toEqual([job]);

    const second = started(createTestQueue(registry, { thermal: thermal.target }, { licence: 'thermal' }));
    await eventually(jobsOf(second, licence.creditCode), allIn('printed'));
    expect(second.enqueueLicence(licence.creditCode, licence.applicationId)).toMatchObject([{ id: job?.id, state: 'printed' }]);
    expect(second.jobsOf(licence.creditCode)).toHaveLength(1);
    expect(slipsOf(thermal.emulator.slips, licence.creditCode)).toHaveLength(1);
  });

  it('a reprint from maintenance is a new job marked as a reprint with its reason; it needs a reason', async () => {
    const registry = registryForTest();
    const thermal = await thermalForTest();
    const licence = oneLicence(registry);
    const queue = started(createTestQueue(registry, { thermal: thermal.target }, { licence: 'thermal' }));
    queue.enqueueLicence(licence.creditCode, licence.applicationId);
    await eventually(jobsOf(queue, licence.creditCode), allIn('printed'));

    expect(() => queue.reprint(licence.creditCode, '  ')).toThrow(PrintRequestError);
    const reprint = queue.reprint(licence.creditCode, '凭条被卡纸损坏');
    expect(reprint).toMatchObject({ reprint: true, reprintReason: '凭条被卡纸损坏', state: 'queued', document: 'slip' });
    const jobs = await eventually(jobsOf(queue, licence.creditCode), allIn('printed'));
    expect(jobs.map((job) => job.reprint)).toEqual([false, true]);
    expect(slipsOf(thermal.emulator.slips, licence.creditCode)).toHaveLength(2);
    const events = registry.db.prepare("SELECT event FROM audit_log WHERE event LIKE 'print.%' ORDER BY seq").pluck().all();
    expect(events).toContain('print.reprint-queued');
    expect(() => queue.reprint('92440300MA5EQ7GQ4X', 'lost')).toThrow(/no licence/);
  });
});

describe('print queue on the laser printer', () => {
  it('the queue stops out of paper: the job waits with media-empty and prints one PDF once paper is back', async () => {
    const registry = registryForTest();
    const spooler = await spoolerForTest();
    const laser = await laserForTest(spooler);
    const licence = oneLicence(registry);
    spooler.stoppedBy = 'media-empty-error';
    await eventually(() => laser.printer.status().reasons, (reasons) => reasons.includes('media-empty'));
    const queue = started(createTestQueue(registry, { laser: laser.target }));

    queue.enqueueLicence(licence.creditCode, licence.applicationId);
    const [waiting] = await eventually(jobsOf(queue, licence.creditCode), allIn('waiting'));
    expect(waiting).toMatchObject({ reason: 'media-empty', printer: 'laser', document: 'licence-a4' });
    expect(spooler.jobs).toHaveLength(0);

    spooler.stoppedBy = undefined;
    const [printed] = await eventually(jobsOf(queue, licence.creditCode), allIn('printed'), 10_000);
    const pdfs = pdfsOf(spooler, printed);
    expect(pdfs).toHaveLength(1);
    expect(pdfs[0]?.pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a printer that never finishes: each attempt is cancelled, the job fails after maxAttempts, and a retry prints exactly one', async () => {
    const registry = registryForTest();
    const spooler = await spoolerForTest();
    const laser = await laserForTest(spooler, 300);
    const licence = oneLicence(registry);
    spooler.holdJobs = true;
    const queue = started(createTestQueue(registry, { laser: laser.target }, { maxAttempts: 2 }));

    const [job] = queue.enqueueLicence(licence.creditCode, licence.applicationId);
    const [failed] = await eventually(jobsOf(queue, licence.creditCode), allIn('failed'), 10_000);
    expect(failed).toMatchObject({ reason: 'timeout', attempts: 2, failures: 2 });
    expect(spooler.jobs.map((spooled) => spooled.state)).toEqual(['canceled', 'canceled']);

    spooler.holdJobs = false;
    queue.retry(job?.id ?? 0);
    await eventually(jobsOf(queue, licence.creditCode), allIn('printed'), 10_000);
    expect(spooler.completed()).toHaveLength(1);
    expect(() => queue.cancel(job?.id ?? 0)).toThrow(/printed/);
  });

  it('falls back to the receipt printer when the laser printer is out of paper and fallback is configured', async () => {
    const registry = registryForTest();
    const spooler = await spoolerForTest();
    const laser = await laserForTest(spooler);
    const thermal = await thermalForTest();
    const licence = oneLicence(registry);
    spooler.stoppedBy = 'media-empty-error';
    await eventually(() => laser.printer.status().level, (level) => level === 'error');
    const queue = started(createTestQueue(registry, { laser: laser.target, thermal: thermal.target }, { fallbackToThermal: true }));

    queue.enqueueLicence(licence.creditCode, licence.applicationId);
    const [printed] = await eventually(jobsOf(queue, licence.creditCode), allIn('printed'));
    expect(printed).toMatchObject({ document: 'licence-a4', printer: 'thermal', fallbackFrom: 'laser', reason: null });
    expect(slipsOf(thermal.emulator.slips, licence.creditCode)).toHaveLength(1);
    expect(spooler.jobs).toHaveLength(0);
  });

  it('paper runs out while the laser prints: the spooler job is cancelled and the licence comes out on the receipt printer', async () => {
    const registry = registryForTest();
    const spooler = await spoolerForTest();
    const laser = await laserForTest(spooler);
    const thermal = await thermalForTest();
    const licence = oneLicence(registry);
    spooler.holdJobs = true;
    const queue = started(createTestQueue(registry, { laser: laser.target, thermal: thermal.target }, { fallbackToThermal: true }));

    queue.enqueueLicence(licence.creditCode, licence.applicationId);
    await eventually(() => spooler.jobs.length, (n) => n === 1, 10_000);
    spooler.stoppedBy = 'media-empty-error';
    const [printed] = await eventually(jobsOf(queue, licence.creditCode), allIn('printed'), 10_000);
    expect(printed).toMatchObject({ printer: 'thermal', fallbackFrom: 'laser', attempts: 2 });
    expect(spooler.jobs.map((spooled) => spooled.state)).toEqual(['canceled']);
    expect(slipsOf(thermal.emulator.slips, licence.creditCode)).toHaveLength(1);
  });

  it('the answer to Print-Job is lost after the spooler took the job: the spooler is asked by the job\'s name and the licence prints once', async () => {
    const registry = registryForTest();
    const emulator = new IppPrinterEmulator();
    const uri = await emulator.start();
    cleanup.push(() => emulator.close());
    const printer = new LaserPrinter({ printerUri: uri, statusPollMs: 30, jobPollMs: 15 });
    await printer.open();
    cleanup.push(() => printer.close());
    const licence = oneLicence(registry);
    emulator.loseNextPrintJobReplies(1);
    const queue = started(createTestQueue(registry, { laser: new LaserTarget(printer, uri) }));

    queue.enqueueLicence(licence.creditCode, licence.applicationId);
    const [printed] = await eventually(jobsOf(queue, licence.creditCode), allIn('printed'), 10_000);
    expect(printed).toMatchObject({ attempts: 1, message: 'the printer had completed the attempt whose outcome was unknown' });
    expect(emulator.printedTitles()).toEqual([`kiosk-print-${printed?.id}-1`]);
    const events = registry.db.prepare("SELECT event FROM audit_log WHERE event LIKE 'print.%' ORDER BY seq").pluck().all();
    expect(events).toEqual(['print.queued', 'print.printing', 'print.waiting', 'print.resumed', 'print.printed']);
  });

  it('a deregistration notice waits for the laser printer and never falls back', async () => {
    const registry = registryForTest();
    const spooler = await spoolerForTest();
    const laser = await laserForTest(spooler);
    const thermal = await thermalForTest();
    const licence = oneLicence(registry);
    const application = registry.registry.submit({ kind: 'deregistration', idNumber: idNumber(0), operatorName: '张三', creditCode: licence.creditCode });
    registry.registry.decide(application.id, APPROVED);
    spooler.stoppedBy = 'media-empty-error';
    await eventually(() => laser.printer.status().level, (level) => level === 'error');
    const queue = started(createTestQueue(registry, { laser: laser.target, thermal: thermal.target }, { fallbackToThermal: true }));

    expect(() => queue.enqueueLicence(licence.creditCode, 'late-request')).toThrow(/deregistered/);
    queue.enqueueDeregistrationNotice(licence.creditCode, application.id);
    const [waiting] = await eventually(jobsOf(queue, licence.creditCode), allIn('waiting'));
    expect(waiting).toMatchObject({ document: 'deregistration-notice', printer: 'laser', reason: 'media-empty' });
    expect(thermal.emulator.slips).toHaveLength(0);

    spooler.stoppedBy = undefined;
    const [printed] = await eventually(jobsOf(queue, licence.creditCode), allIn('printed'), 10_000);
    expect(pdfsOf(spooler, printed)).toHaveLength(1);
  });
});
