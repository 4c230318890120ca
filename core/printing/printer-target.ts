/**
 * The print queue's narrow view of a printer: its status, and "print this document,
 * resolving only once the printer took all of it". Adapters around the real drivers
 * and the simulator live in printer-adapters.ts, so the queue never depends on how
 * the devices are built.
 */
import type { DeviceStatus, StatusListener } from '../../hardware/device';
import type { SlipJob } from '../../hardware/thermal/slip-job';

export type PrinterKind = 'laser' | 'thermal';

export const PRINTER_KINDS: readonly PrinterKind[] = ['laser', 'thermal'];

/** A laser printer takes PDFs, a receipt printer slips. */
export type PrintDocument = { readonly format: 'pdf'; readonly bytes: Uint8Array } | { readonly format: 'slip'; readonly slip: SlipJob };

export type AttemptOutcome = 'completed' | 'not-completed' | 'unknown';

export interface PrinterTarget {
  readonly kind: PrinterKind;
  status(): DeviceStatus;
  /** Returns an unsubscribe function. */
  onStatus(listener: StatusListener): () => void;
  /**
   * Resolves once the printer completed the document; rejects with a DeviceError whose
   * reason says why not, and then nothing more of this attempt comes out later.
   * `tag` names the attempt at the printer (the spooler's job name); never personal data.
   */
  print(document: PrintDocument, tag: string): Promise<void>;
  /**
   * After a crash during the attempt `tag`, or a print() that rejected with
   * OutcomeUnknownError: 'completed' if the printer completed it (do not send again),
   * 'not-completed' if it cannot have (and cannot any more), 'unknown' when the printer
   * cannot tell and is configured never to risk a second copy. Rejects when the printer
   * cannot be asked right now.
   */
  completedEarlier(tag: string): Promise<AttemptOutcome>;
}
