/** A test print on one printer, as maintenance and the centre's remote command both ask for it. */
import { DeviceError } from '../../hardware/device';
import type { SlipJob } from '../../hardware/thermal/slip-job';
import type { PrinterName, TestPrintResult } from '../contract';
import type { DocumentFont } from '../documents/document-font';
import { testPagePdf, testSlip, type TestPrintStamp } from './test-prints';

export interface TestPrinters {
  thermalPrinter(): { print(job: SlipJob): Promise<void> };
  laserPrinter(): { print(pdf: Uint8Array, request: { title: string }): Promise<unknown> };
}

/** Prints the test slip or page; a printer fault is the result, not an exception. */
export async function printTest(devices: TestPrinters, printer: PrinterName, stamp: TestPrintStamp, font: () => DocumentFont): Promise<TestPrintResult> {
  try {
    if (printer === 'thermal') await devices.thermalPrinter().print(testSlip(stamp));
    else await devices.laserPrinter().print(await testPagePdf(stamp, font()), { title: 'maintenance-test-page' });
    return { printer, printed: true };
  } catch (error) {
    return { printer, printed: false, ...deviceProblem(error) };
  }
}

export function deviceProblem(error: unknown): { reason: string; message: string } {
  if (error instanceof DeviceError) return { reason: error.reason, message: error.message };
  return { reason: 'failed', message: error instanceof Error ? error.message : String(error) };
}
