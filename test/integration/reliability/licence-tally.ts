/**
 * The count that matters after a run: every licence an applicant was told about is in
 * the registry once, and came out of a printer once. Printed copies are counted at the
 * emulators (what a person would hold in their hand), not in the print queue's table:
 * a laser PDF names its print job (the attempt's tag kiosk-print-JOB-ATTEMPT), a
 * receipt slip carries the credit code in its text.
 */
import type { KioskCore } from '../../../core/kiosk-core';
import { isLicenceDocument } from '../../../core/printing/print-documents';
import { blocksText, type Slip } from '../../../hardware/thermal/paper-model';

export interface LicenceTally {
  /** Licences of the applicants in the registry. */
  issued: number;
  /** Told to an applicant, missing from the registry. */
  lost: number;
  /** In the registry but never told to anyone: an application that went through twice. */
  duplicated: number;
  /** Issued, with no printed copy at either printer. */
  unprinted: number;
  /** Issued, with more than one printed copy (reprints from maintenance excluded). */
  printedTwice: number;
  /** Printed copies at the laser printer and the receipt printer. */
  pdfs: number;
  slips: number;
}

const TAG = /^kiosk-print-(\d+)-\d+$/;

export interface PrinterOutput {
  /** The receipt printer's slips, when it is an emulator of the test's own (on a pty) rather than the core's simulation. */
  slips?: readonly Slip[];
}

/** Printed licence copies per credit code, as the two emulators received them. */
export function printedCopies(core: KioskCore, creditCodes: readonly string[], output: PrinterOutput = {}): Map<string, number> {
  const copies = new Map(creditCodes.map((code) => [code, 0]));
  const simulation = core.devices.simulation;
  if (!simulation) throw new Error('printed copies are counted at the simulated printers; this core has none');
  // Titles, not documents: the emulator keeps only the newest PDFs in memory.
  for (const title of simulation.laser.printedTitles()) {
    const job = core.printQueue.job(Number(TAG.exec(title)?.[1]));
    if (job && !job.reprint && isLicenceDocument(job.document) && copies.has(job.creditCode)) copies.set(job.creditCode, (copies.get(job.creditCode) ?? 0) + 1);
  }
  for (const slip of output.slips ?? simulation.thermal.printedPages()) {
    const text = blocksText(slip.blocks).join('\n');
    for (const code of creditCodes) if (text.includes(code)) copies.set(code, (copies.get(code) ?? 0) + 1);
  }
  return copies;
}

/** `told`: the credit codes the applicants saw on their decision screens; `idNumbers`: the applicants. */
export function tallyLicences(core: KioskCore, told: readonly string[], idNumbers: readonly string[], output: PrinterOutput = {}): LicenceTally {
  const issued = [...new Set(idNumbers)].flatMap((id) => core.registry.activeLicencesOf(id).map((licence) => licence.creditCode));
  const copies = printedCopies(core, issued, output);
  const simulation = core.devices.simulation;
  return {
    issued: issued.length,
    lost: told.filter((code) => !issued.includes(code)).length,
    duplicated: issued.filter((code) => !told.includes(code)).length,
    unprinted: issued.filter((code) => copies.get(code) === 0).length,
    printedTwice: issued.filter((code) => (copies.get(code) ?? 0) > 1).length,
    pdfs: simulation?.laser.printedTitles().length ?? 0,
    slips: (output.slips ?? simulation?.thermal.printedPages() ?? []).length,
  };
}
