/**
 * The laser driver's timing edge cases against a scripted IPP server (one job, states
 * set by the test); the real CUPS with its queues is in test/integration/laser.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceError, OutcomeUnknownError } from '../../../../hardware/device';
import { IPP_OPERATION, IPP_STATUS } from '../../../../hardware/laser/ipp-client';
import { DELIMITER_TAG, ipp } from '../../../../hardware/laser/ipp-message';
import { LaserPrinter } from '../../../../hardware/laser/laser-printer';
import { answerIpp, startFakeIppServer, type FakeIppServer } from '../../../support/fake-ipp-server';
import { untilStatus } from '../../../support/device-status';

const PRINTER_STATE = { idle: 3, processing: 4, stopped: 5 } as const;
const JOB_STATE = { pending: 3, processing: 5, canceled: 7, aborted: 8, completed: 9 } as const;
const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

interface Script {
  printer: { state: number; reasons: string[] };
  job: number;
  /** What Print-Job answers; ok by default. */
  printJobStatus: number;
  /** What happens on Cancel-Job; by default the job is cancelled. */
  onCancel: () => number;
  garbled: boolean;
  /** Print-Job is taken but the connection closes instead of the answer. */
  losePrintJobReply: boolean;
}

const closing: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const thing of closing.splice(0).reverse()) await thing.close();
});

async function rig(initial: Partial<Script> = {}) {
  const script: Script = {
    printer: { state: PRINTER_STATE.idle, reasons: [] },
    job: JOB_STATE.processing,
    printJobStatus: IPP_STATUS.ok,
    onCancel: () => {
      script.job = JOB_STATE.canceled;
      return IPP_STATUS.ok;
    },
    garbled: false,
    losePrintJobReply: false,
    ...initial,
  };
  const server: FakeIppServer = await startFakeIppServer((request, res) => {
    if (script.garbled) return void res.writeHead(200, { 'Content-Type': 'application/ipp' }).end(Buffer.from([1, 1, 0, 0, 9]));
    switch (request.message.code) {
      case IPP_OPERATION.getPrinterAttributes:
        return answerIpp(res, request, IPP_STATUS.ok, [
          {
            tag: DELIMITER_TAG.printer,
            attributes: [
              { name: 'printer-state', values: [ipp.enum(script.printer.state)] },
              { name: 'printer-state-reasons', values: (script.printer.reasons.length ? script.printer.reasons : ['none']).map(ipp.keyword) },
              { name: 'printer-is-accepting-jobs', values: [ipp.boolean(true)] },
            ],
          },
        ]);
      case IPP_OPERATION.printJob:
        if (script.losePrintJobReply) return void res.socket?.destroy();
        return answerIpp(res, request, script.printJobStatus, [
          { tag: DELIMITER_TAG.job, attributes: [{ name: 'job-id', values: [ipp.integer(17)] }] },
        ]);
      case IPP_OPERATION.getJobAttributes:
        return answerIpp(res, request, IPP_STATUS.ok, [
          { tag: DELIMITER_TAG.job, attributes: [{ name: 'job-state', values: [ipp.enum(script.job)] }] },
        ]);
      case IPP_OPERATION.cancelJob:
        return answerIpp(res, request, script.onCancel());
      default:
        return answerIpp(res, request, 0x0501);
    }
  });
  const printer = new LaserPrinter({ printerUri: server.uri, statusPollMs: 50, jobPollMs: 20 });
  closing.push(server, printer);
  await printer.open();
  const cancels = () => server.received.filter((r) => r.message.code === IPP_OPERATION.cancelJob).length;
  return { script, printer, cancels };
}

const later = (ms: number, action: () => void) => setTimeout(action, ms);

async function failure(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

describe('LaserPrinter following a job', () => {
  it('keeps waiting through a fault while the job runs, shows it, and reports the job once completed', async () => {
    const { script, printer, cancels } = await rig({ printer: { state: PRINTER_STATE.processing, reasons: ['media-empty-error'] } });
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['media-empty'] });
    later(300, () => {
      script.printer = { state: PRINTER_STATE.idle, reasons: [] };
      script.job = JOB_STATE.completed;
    });

    expect(await printer.print(PDF, { title: 'licence', timeoutMs: 3000 })).toEqual({ jobId: 17 });
    expect(printer.status()).toMatchObject({ level: 'ok', reasons: [] });
    expect(cancels()).toBe(0);
  });

  it('times out a job that never completes, cancels it, and says what the queue showed last', async () => {
    const { printer, cancels } = await rig({ printer: { state: PRINTER_STATE.processing, reasons: ['media-jam-error'] } });

    const error = await failure(printer.print(PDF, { title: 'licence', timeoutMs: 300 }));

    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/job 17 not completed within 300 ms; cancelled; queue licence printing: media-jam-error/u);
    expect(cancels()).toBe(1);
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['jam'] });
  });

  it('reports a job printed when it completes between the deadline and the cancel', async () => {
    const { script, printer, cancels } = await rig({
      onCancel: () => {
        script.job = JOB_STATE.completed;
        return IPP_STATUS.notPossible;
      },
    });

    expect(await printer.print(PDF, { title: 'licence', timeoutMs: 200 })).toEqual({ jobId: 17 });
    expect(cancels()).toBe(1);
  });

  it('never reports printed for a job the spooler aborted', async () => {
    const { script, printer } = await rig();
    later(100, () => (script.job = JOB_STATE.aborted));

    const error = await failure(printer.print(PDF, { title: 'licence', timeoutMs: 3000 }));
    expect(error.reason).toBe('protocol-error');
    expect(error.message).toContain('aborted by the spooler');
  });

  it('gives up at once on a stopped queue, with the reason it stopped', async () => {
    const { script, printer, cancels } = await rig();
    later(100, () => (script.printer = { state: PRINTER_STATE.stopped, reasons: ['cover-open-error', 'paused'] }));

    const error = await failure(printer.print(PDF, { title: 'licence', timeoutMs: 3000 }));
    expect(error.reason).toBe('cover-open');
    expect(cancels()).toBe(1);
  });

  it('reads a refused Print-Job as offline', async () => {
    const { printer } = await rig({ printJobStatus: IPP_STATUS.notAcceptingJobs });
    const error = await failure(printer.print(PDF, { title: 'licence' }));
    expect(error.reason).toBe('offline');
    expect(printer.status()).toMatchObject({ level: 'error', reasons: ['offline'] });
  });
});

describe('LaserPrinter when an answer is lost', () => {
  it('says the spooler may have the job when the answer to Print-Job is lost, naming the job', async () => {
    const { printer } = await rig({ losePrintJobReply: true });
    const error = await failure(printer.print(PDF, { title: 'kiosk-print-7-1' }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toContain('kiosk-print-7-1');
  });

  it('is sure nothing was taken when the spooler cannot be reached at all', async () => {
    const { printer } = await rig();
    await printer.close();
    const unreachable = new LaserPrinter({ printerUri: 'http://127.0.0.1:9/printers/none', statusPollMs: 50 });
    closing.push(unreachable);
    await unreachable.open().catch(() => undefined);
    const error = await failure(unreachable.print(PDF, { title: 'kiosk-print-8-1' }));
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
    expect(error.reason).toBe('disconnected');
  });

  it('says the job may still print when it was given up on and the cancel is not answered', async () => {
    const { script, printer } = await rig();
    script.onCancel = () => {
      script.garbled = true;
      return IPP_STATUS.ok;
    };
    const error = await failure(printer.print(PDF, { title: 'kiosk-print-9-1', timeoutMs: 200 }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error.message).toMatch(/could not be cancelled/);
  });
});

describe('LaserPrinter status', () => {
  it('follows the queue by polling and reads garbled answers as a protocol error', async () => {
    const { script, printer } = await rig();
    expect(printer.status()).toMatchObject({ kind: 'laser', driver: 'ipp', level: 'ok' });

    script.printer = { state: PRINTER_STATE.idle, reasons: ['toner-low-report'] };
    await untilStatus(printer, (s) => JSON.stringify(s.reasons) === JSON.stringify(['toner-low']));

    script.garbled = true;
    await untilStatus(printer, (s) => JSON.stringify(s.reasons) === JSON.stringify(['protocol-error']));
    expect(printer.status().message).toContain('garbled IPP');
  });

  it('fails to open when nothing answers, and comes up by itself once the spooler does', async () => {
    const { script, printer } = await rig();
    await printer.close();
    script.garbled = true;
    const error = await failure(printer.open());
    expect(error.reason).toBe('protocol-error');

    script.garbled = false;
    await untilStatus(printer, (s) => s.level === 'ok');
  });
});
