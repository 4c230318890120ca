/**
 * Crash recovery of laser jobs against a real, private cupsd (test/support/cupsd.ts):
 * the job the kiosk named before sending is found in CUPS's job history; a completed
 * one counts as printed, one still processing is cancelled so it can be sent again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaserTarget } from '../../../core/printing/printer-adapters';
import { SpoolLookup } from '../../../core/printing/spool-lookup';
import { IppClient } from '../../../hardware/laser/ipp-client';
import { LaserPrinter } from '../../../hardware/laser/laser-printer';
import { startPrivateCups, type PrivateCups } from '../../support/cupsd';
import { samplePdf } from '../../support/sample-pdf';

let cups: PrivateCups;
let pdf: Uint8Array;

beforeAll(async () => {
  cups = await startPrivateCups();
  pdf = await samplePdf(['营业执照 test page']);
}, 30_000);

afterAll(async () => {
  await cups?.stop();
});

describe('finding the kiosk\'s job in CUPS after a crash', () => {
  it('a job CUPS completed is found by its name and counts as printed', { timeout: 30_000 }, async () => {
    const queue = await cups.addPdfQueue('licence');
    const printer = new LaserPrinter({ printerUri: queue.uri, statusPollMs: 100, jobPollMs: 50, jobTimeoutMs: 20_000 });
    await printer.open();
    try {
      const { jobId } = await printer.print(pdf, { title: 'kiosk-print-7-1' });
      const target = new LaserTarget(printer, queue.uri);
      expect(await new SpoolLookup(queue.uri).jobNamed('kiosk-print-7-1')).toEqual({ id: jobId, name: 'kiosk-print-7-1', state: 'completed' });
      expect(await target.completedEarlier('kiosk-print-7-1')).toBe('completed');
      expect(await target.completedEarlier('kiosk-print-7-2')).toBe('not-completed');
    } finally {
      await printer.close();
    }
  });

  it('a job still processing (the printer is gone) is cancelled and reported as not printed', { timeout: 30_000 }, async () => {
    const queue = await cups.addFaultQueue('gone', 'hang');
    // Sent by a kiosk process that was then killed: nobody follows the job.
    const jobId = await new IppClient(queue.uri).printJob(pdf, { title: 'kiosk-print-8-1' });
    const lookup = new SpoolLookup(queue.uri);
    expect(await lookup.jobNamed('kiosk-print-8-1')).toMatchObject({ id: jobId, state: expect.stringMatching(/^(pending|processing)$/u) });
    const printer = new LaserPrinter({ printerUri: queue.uri });
    await printer.open();
    try {
      expect(await new LaserTarget(printer, queue.uri).completedEarlier('kiosk-print-8-1')).toBe('not-completed');
      expect(await lookup.jobNamed('kiosk-print-8-1')).toMatchObject({ id: jobId, state: 'canceled' });
    } finally {
      await printer.close();
    }
  });
});
