/**
 * The print queue inside the kiosk core, on the device manager's simulated printers
 * (the real drivers in front of the ESC/POS and IPP emulators): an approved licence
 * comes out of the laser printer; out of paper it comes out of the receipt printer
 * instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PrintJob } from '../../../core/printing/print-job-store';
import { eventually, startTestCore, type TestCore } from '../../support/core';
import { APPROVED, registration } from '../../support/registry';

const cores: TestCore[] = [];

afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose();
});

async function core(env: NodeJS.ProcessEnv = {}): Promise<TestCore> {
  const started = await startTestCore(env);
  cores.push(started);
  return started;
}

function approve(kiosk: TestCore, n = 0): { creditCode: string; applicationId: string } {
  const application = kiosk.registry.submit(registration(n));
  const { licence } = kiosk.registry.decide(application.id, APPROVED);
  if (!licence) throw new Error('not approved');
  return { creditCode: licence.creditCode, applicationId: application.id };
}

describe('the kiosk core prints', () => {
  it('an approved licence as an A4 PDF on the laser printer, once, telling the watcher each step', { timeout: 30_000 }, async () => {
    const kiosk = await core();
    const { creditCode, applicationId } = approve(kiosk);
    const seen: PrintJob['state'][][] = [];
    kiosk.printQueue.watch(creditCode, applicationId, (jobs) => seen.push(jobs.map((job) => job.state)));

    kiosk.printQueue.enqueueLicence(creditCode, applicationId);
    await eventually(() => kiosk.printQueue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'printed', 20_000);
    const documents = kiosk.devices.simulation?.laser.receivedDocuments() ?? [];
    expect(documents).toHaveLength(1);
    expect(seen[0]).toEqual([]);
    expect(seen.at(-1)).toEqual(['printed']);
    expect(seen).toContainEqual(['printing']);
  });

  it('the laser printer out of paper: the licence comes out as a slip on the receipt printer', { timeout: 30_000 }, async () => {
    const kiosk = await core();
    kiosk.devices.simulation?.laser.fault('media-empty');
    await eventually(() => kiosk.devices.laserPrinter().status().level, (level) => level === 'error', 5000);
    const { creditCode, applicationId } = approve(kiosk);

    kiosk.printQueue.enqueueLicence(creditCode, applicationId);
    const [job] = await eventually(() => kiosk.printQueue.jobsOf(creditCode), (jobs) => jobs[0]?.state === 'printed', 20_000);
    expect(job).toMatchObject({ printer: 'thermal', fallbackFrom: 'laser' });
    const slips = kiosk.devices.simulation?.thermal.printedPages() ?? [];
    expect(slips).toHaveLength(1);
    expect(kiosk.devices.simulation?.laser.receivedDocuments()).toHaveLength(0);
  });
});
