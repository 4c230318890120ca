/**
 * Laser printer figures (`npm run bench -- laser`), against a private real cupsd
 * (test/support/cupsd.ts; needs root and CUPS like the tests):
 * - the IPP codec: decoding a queue's full Get-Printer-Attributes answer (every
 *   attribute and the media collections), encoding a Print-Job request around a PDF;
 * - how long a change of the queue's state takes to show in the driver's status with
 *   the default poll interval (target ≤ 2 s);
 * - a one-page PDF through the cups-pdf queue, submit to completed;
 * - how far past its deadline print() gives up on a hanging printer, cancel included.
 */
import { DELIMITER_TAG, decodeIppMessage, encodeIppMessage, ipp } from '../hardware/laser/ipp-message';
import { IPP_OPERATION, IppClient } from '../hardware/laser/ipp-client';
import { LaserPrinter } from '../hardware/laser/laser-printer';
import type { DeviceStatus } from '../hardware/device';
import { startPrivateCups, type PrivateCups } from '../test/support/cupsd';
import { samplePdf } from '../test/support/sample-pdf';

const CODEC_ROUNDS = 2000;
const NOTICE_TRIALS = 8;
const PRINT_TRIALS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function figures(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `p50 ${at(0.5).toFixed(0)} ms, max ${at(1).toFixed(0)} ms (n=${times.length})`;
}

async function waitFor(printer: LaserPrinter, predicate: (status: DeviceStatus) => boolean): Promise<number> {
  const started = performance.now();
  while (!predicate(printer.status())) {
    if (performance.now() - started > 10_000) throw new Error(`status did not change: ${printer.status().message}`);
    await sleep(5);
  }
  return performance.now() - started;
}

async function benchCodec(cups: PrivateCups, pdf: Uint8Array): Promise<void> {
  const queue = await cups.addPdfQueue('codec');
  const client = new IppClient(queue.uri);
  const all = await client.send('Get-Printer-Attributes', IPP_OPERATION.getPrinterAttributes, [
    { name: 'requested-attributes', values: ['all', 'media-col-database', 'media-col-default'].map(ipp.keyword) },
  ]);
  const answer = encodeIppMessage(all);
  let started = performance.now();
  for (let i = 0; i < CODEC_ROUNDS; i++) decodeIppMessage(answer);
  const decodeUs = ((performance.now() - started) * 1000) / CODEC_ROUNDS;
  const attributes = all.groups.reduce((n, group) => n + group.attributes.length, 0);
  console.log(`decode full printer answer (${answer.length} bytes, ${attributes} attributes): ${decodeUs.toFixed(0)} µs`);

  started = performance.now();
  for (let i = 0; i < CODEC_ROUNDS; i++) {
    encodeIppMessage({
      version: [1, 1],
      code: IPP_OPERATION.printJob,
      requestId: i,
      groups: [{ tag: DELIMITER_TAG.operation, attributes: [{ name: 'job-name', values: [ipp.name('licence')] }] }],
      data: pdf,
    });
  }
  console.log(`encode Print-Job around a ${(pdf.length / 1024).toFixed(0)} KiB PDF: ${(((performance.now() - started) * 1000) / CODEC_ROUNDS).toFixed(0)} µs`);
}

async function benchNotice(cups: PrivateCups): Promise<void> {
  const queue = await cups.addFaultQueue('notice');
  const printer = new LaserPrinter({ printerUri: queue.uri });
  await printer.open();
  const stops: number[] = [];
  const starts: number[] = [];
  try {
    for (let trial = 0; trial < NOTICE_TRIALS; trial++) {
      await sleep(Math.random() * 1000); // land anywhere in the poll cycle
      cups.disable(queue.name);
      stops.push(await waitFor(printer, (s) => s.level === 'error'));
      await sleep(Math.random() * 1000);
      cups.enable(queue.name);
      starts.push(await waitFor(printer, (s) => s.level === 'ok'));
    }
  } finally {
    await printer.close();
  }
  console.log(`queue stopped → status error, default polling: ${figures(stops)}   (target ≤ 2000 ms)`);
  console.log(`queue restarted → status ok, default polling: ${figures(starts)}`);
}

async function benchPrint(cups: PrivateCups, pdf: Uint8Array): Promise<void> {
  const queue = await cups.addPdfQueue('print');
  const printer = new LaserPrinter({ printerUri: queue.uri });
  await printer.open();
  const times: number[] = [];
  try {
    for (let trial = 0; trial < PRINT_TRIALS; trial++) {
      const started = performance.now();
      await printer.print(pdf, { title: 'bench', timeoutMs: 30_000 });
      times.push(performance.now() - started);
    }
  } finally {
    await printer.close();
  }
  console.log(`one-page PDF through cups-pdf, submit → completed (job poll 250 ms): ${figures(times)}`);
}

async function benchTimeout(cups: PrivateCups, pdf: Uint8Array): Promise<void> {
  const queue = await cups.addFaultQueue('hang', 'hang');
  const printer = new LaserPrinter({ printerUri: queue.uri });
  await printer.open();
  const deadlineMs = 1000;
  const overshoot: number[] = [];
  try {
    for (let trial = 0; trial < 3; trial++) {
      const started = performance.now();
      await printer.print(pdf, { title: 'bench', timeoutMs: deadlineMs }).catch(() => undefined);
      overshoot.push(performance.now() - started - deadlineMs);
    }
  } finally {
    await printer.close();
  }
  console.log(`hanging printer, print() past its ${deadlineMs} ms deadline, cancel included: ${figures(overshoot)}`);
}

const cups = await startPrivateCups();
try {
  const pdf = await samplePdf(['INDIVIDUAL BUSINESS LICENCE', '92440300MA5EQ7GQ4X']);
  await benchCodec(cups, pdf);
  await benchPrint(cups, pdf);
  await benchTimeout(cups, pdf);
  await benchNotice(cups);
} finally {
  await cups.stop();
}
