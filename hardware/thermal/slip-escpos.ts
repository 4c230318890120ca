/**
 * Turns a slip job into ESC/POS bytes with @node-escpos/core's Printer as the command
 * builder: GB18030 text with Chinese mode on, GS v 0 raster images, GS ( k QR codes.
 * Invalid jobs are refused here with a RangeError, before anything reaches a printer.
 */
import { Adapter } from '@node-escpos/adapter';
import { Image, Printer, command } from '@node-escpos/core';
import { PNG } from 'pngjs';
import { CHINESE_MODE_ON, QR_CAPACITY_BYTES, QR_MODULE_SIZE_RANGE, processIdRequest, qrCodeCommands } from './escpos-commands';
import type { Alignment } from './paper-model';
import type { SlipElement, SlipImage, SlipJob, SlipQrCode, SlipText } from './slip-job';

export interface SlipEncodingOptions {
  /** Images wider than this are refused. Default 576 dots (80 mm paper at 203 dpi). */
  readonly paperWidthDots?: number;
  /** Lines fed before the cut, so the last line clears the cutter. Default 4. */
  readonly feedBeforeCutLines?: number;
}

const ENCODING = 'GB18030';
const DEFAULT_QR_MODULE_SIZE = 6;
const ALIGN_COMMAND = { left: 'lt', center: 'ct', right: 'rt' } as const satisfies Record<Alignment, string>;

/** The Printer only builds a buffer here; the bytes travel through the driver's own adapter. */
class BuildOnlyAdapter extends Adapter<[]> {
  open(): this {
    throw new Error('build-only adapter: nothing to open');
  }
  write(): this {
    throw new Error('build-only adapter: nothing to write to');
  }
  close(): this {
    throw new Error('build-only adapter: nothing to close');
  }
  read(): void {
    throw new Error('build-only adapter: nothing to read');
  }
}

function checkRange(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what} must be ${min}..${max}, not ${value}`);
}

/** Control characters in caller text would become printer commands; print '?' instead. */
function printable(line: string): string {
  return Array.from(line, (char) => (char < ' ' || char === '\u007f' ? '?' : char)).join('');
}

function writeText(printer: Printer<[]>, element: SlipText): void {
  const { width, height } = element.size ?? { width: 1, height: 1 };
  checkRange(width, 1, 8, 'text width');
  checkRange(height, 1, 8, 'text height');
  printer.align(ALIGN_COMMAND[element.align ?? 'left']);
  // Printer.style() also sends ESC 4 (italic), which Epson printers do not know.
  printer.print(element.bold ? command.TEXT_FORMAT.TXT_BOLD_ON : command.TEXT_FORMAT.TXT_BOLD_OFF);
  printer.size(width, height);
  for (const line of element.text.split(/\r?\n/)) printer.text(printable(line), ENCODING);
}

function writeQrCode(printer: Printer<[]>, element: SlipQrCode): void {
  const moduleSize = element.moduleSize ?? DEFAULT_QR_MODULE_SIZE;
  const errorLevel = element.errorLevel ?? 'M';
  checkRange(moduleSize, QR_MODULE_SIZE_RANGE.min, QR_MODULE_SIZE_RANGE.max, 'QR module size');
  const data = Buffer.from(element.payload, 'utf8');
  checkRange(data.length, 1, QR_CAPACITY_BYTES[errorLevel], `QR payload bytes at level ${errorLevel}`);
  printer.align(ALIGN_COMMAND[element.align ?? 'center']);
  printer.raw(Buffer.from(qrCodeCommands(data, { moduleSize, errorLevel })));
}

function decodePng(png: Uint8Array): PNG {
  try {
    return PNG.sync.read(Buffer.from(png));
  } catch (error) {
    throw new RangeError(`slip image is not a readable PNG: ${(error as Error).message}`);
  }
}

function writeImage(printer: Printer<[]>, element: SlipImage, paperWidthDots: number): void {
  const { width, height, data } = decodePng(element.png);
  checkRange(width, 1, paperWidthDots, 'image width in dots');
  // Image only reads data (RGBA rows) and shape ([width, height, channels]) of its ndarray.
  const pixels = { data, shape: [width, height, 4] } as unknown as ConstructorParameters<typeof Image>[0];
  printer.align(ALIGN_COMMAND[element.align ?? 'center']);
  printer.raster(new Image(pixels), 'normal');
}

function writeElement(printer: Printer<[]>, element: SlipElement, options: Required<SlipEncodingOptions>): void {
  switch (element.kind) {
    case 'text':
      return writeText(printer, element);
    case 'qr':
      return writeQrCode(printer, element);
    case 'image':
      return writeImage(printer, element, options.paperWidthDots);
    case 'feed':
      checkRange(element.lines, 0, 255, 'feed lines');
      printer.feed(element.lines);
  }
}

/**
 * `receipt`: a process ID (four bytes 0x20..0x7E) for GS ( H, placed after the last
 * printed line and before the cut, so the printer answers it once the slip is printed.
 */
export function encodeSlip(job: SlipJob, options: SlipEncodingOptions = {}, receipt?: Uint8Array): Uint8Array {
  const settings: Required<SlipEncodingOptions> = {
    paperWidthDots: options.paperWidthDots ?? 576,
    feedBeforeCutLines: options.feedBeforeCutLines ?? 4,
  };
  const printer = new Printer(new BuildOnlyAdapter(), { encoding: ENCODING });
  printer.hardware('init');
  printer.raw(Buffer.from(CHINESE_MODE_ON));
  for (const element of job.elements) writeElement(printer, element, settings);
  const cut = job.cut ?? 'full';
  if (cut !== 'none') printer.feed(settings.feedBeforeCutLines);
  if (receipt) printer.raw(Buffer.from(processIdRequest(receipt)));
  if (cut !== 'none') printer.cut(cut === 'partial', 0);
  return new Uint8Array(printer.buffer.flush());
}
