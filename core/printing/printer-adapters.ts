/**
 * PrinterTarget adapters around the drivers: the laser printer behind CUPS (or the IPP
 * emulator) and the ESC/POS receipt printer (or its emulator).
 *
 * Crash recovery (and recovery after an attempt whose outcome the driver could not tell)
 * differs by printer:
 * - laser: the job name (the attempt's tag) is recorded before sending, and CUPS keeps a
 *   history of jobs, so the spooler can be asked whether that job completed. A job still
 *   pending or printing is cancelled first: nobody may be waiting for it any more, and
 *   re-sending is then safe. Only a job CUPS reports completed counts as printed.
 * - thermal: the printer's own receipt (GS ( H) for the process ID derived from the tag
 *   tells, after its buffers are cleared (ThermalPrinter.outcomeOf); printers without it
 *   follow devices.thermal.completion: at-least-once sends again, at-most-once does not.
 *   A receipt the crashed process had already read is gone, so a crash in the instant
 *   between the receipt and the commit can still print a slip twice.
 */
import { DeviceError, type DevicePort, type DeviceStatus, type StatusListener } from '../../hardware/device';
import { IppStatusError } from '../../hardware/laser/ipp-client';
import type { LaserPrinter } from '../../hardware/laser/laser-printer';
import type { ThermalPrinter } from '../../hardware/thermal/thermal-printer';
import type { AttemptOutcome, PrintDocument, PrinterKind, PrinterTarget } from './printer-target';
import { SpoolLookup } from './spool-lookup';

/** Shared plumbing: status comes straight from the device port. */
abstract class PortTarget implements PrinterTarget {
  constructor(
    readonly kind: PrinterKind,
    private readonly port: DevicePort,
  ) {}

  status(): DeviceStatus {
    return this.port.status();
  }

  onStatus(listener: StatusListener): () => void {
    return this.port.onStatus(listener);
  }

  abstract print(document: PrintDocument, tag: string): Promise<void>;
  abstract completedEarlier(tag: string): Promise<AttemptOutcome>;
}

const IPP_OPERATION_NOT_SUPPORTED = 0x0501;

function wrongFormat(kind: PrinterKind, document: PrintDocument): TypeError {
  return new TypeError(`the ${kind} printer cannot print a ${document.format} document`);
}

export class LaserTarget extends PortTarget {
  private readonly spool: SpoolLookup;

  constructor(
    private readonly printer: LaserPrinter,
    printerUri: string,
  ) {
    super('laser', printer);
    this.spool = new SpoolLookup(printerUri);
  }

  async print(document: PrintDocument, tag: string): Promise<void> {
    if (document.format !== 'pdf') throw wrongFormat(this.kind, document);
    await this.printer.print(document.bytes, { title: tag });
  }

  async completedEarlier(tag: string): Promise<AttemptOutcome> {
    let job;
    try {
      job = await this.spool.jobNamed(tag);
    } catch (error) {
      // A printer without a job history cannot have one to show: nothing to find, send again.
      if (error instanceof IppStatusError && error.status === IPP_OPERATION_NOT_SUPPORTED) return 'not-completed';
      throw new DeviceError('disconnected', `cannot ask the spooler about job "${tag}": ${(error as Error).message}`);
    }
    if (!job) return 'not-completed';
    if (job.state === 'completed') return 'completed';
    if (job.state === 'canceled' || job.state === 'aborted') return 'not-completed';
    return (await this.spool.cancel(job.id)) === 'completed' ? 'completed' : 'not-completed';
  }
}

export class ThermalTarget extends PortTarget {
  constructor(private readonly printer: ThermalPrinter) {
    super('thermal', printer);
  }

  async print(document: PrintDocument, tag: string): Promise<void> {
    if (document.format !== 'slip') throw wrongFormat(this.kind, document);
    await this.printer.print(document.slip, { tag });
  }

  completedEarlier(tag: string): Promise<AttemptOutcome> {
    return this.printer.outcomeOf(tag);
  }
}
