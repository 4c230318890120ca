/**
 * Print queue figures (`npm run bench -- print-queue`): from an approved licence handed
 * to the queue (enqueueLicence) to the first byte of its document at the printer, with
 * the font preloaded as the kiosk does at start:
 * - the A4 PDF, at the IPP printer emulator behind a loopback TCP tap that notes when the
 *   first bytes of a Print-Job request arrive (target ≤ 250 ms);
 * - the thermal slip, at the ESC/POS emulator behind the emulated serial binding: the
 *   first byte after the driver's status check (target ≤ 50 ms).
 * Both run through the whole path: the job row and its audit entry, the worker's wake-up,
 * reading the licence back from the registry, signing the QR statement, rendering, the
 * real driver. Licences are sent one after another, each once the previous one printed.
 */
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, connect, type Server } from 'node:net';
import { loadDocumentFont } from '../core/documents/document-font';
import { preloadDocuments } from '../core/documents/preload-documents';
import { LaserTarget, ThermalTarget } from '../core/printing/printer-adapters';
import { PrintQueue, type PrintSettings } from '../core/printing/print-queue';
import type { PrinterKind, PrinterTarget } from '../core/printing/printer-target';
import { initSigningKey } from '../core/signing/kiosk-keys';
import { IppPrinterEmulator } from '../hardware/laser/ipp-emulator';
import { LaserPrinter } from '../hardware/laser/laser-printer';
import { emulatedBinding } from '../hardware/serial/emulated-binding';
import type { ByteSender, SerialEmulator } from '../hardware/serial/serial-emulator';
import { EscPosEmulator } from '../hardware/thermal/escpos-emulator';
import { ThermalPrinter } from '../hardware/thermal/thermal-printer';
import { APPROVED, openRegistryIn, registration, type TestRegistry } from '../test/support/registry';

const PDF_RUNS = 30;
const SLIP_RUNS = 100;
const TARGET = { pdfMs: 250, slipMs: 50 };
const SETTINGS: Omit<PrintSettings, 'licence'> = { paper: 'A4', fallbackToThermal: false, maxAttempts: 3, retryDelayMs: 100 };

/** Resolves the next time a document's first byte reaches the printer, with the moment it did. */
class FirstByteProbe {
  private waiting: ((at: number) => void) | undefined;

  next(): Promise<number> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  hit(at: number): void {
    this.waiting?.(at);
    this.waiting = undefined;
  }
}

/** The ESC/POS emulator, noting when a slip (ESC @, after the status requests) starts to arrive. */
class ProbedThermal implements SerialEmulator {
  readonly emulator = new EscPosEmulator();
  constructor(private readonly probe: FirstByteProbe) {}

  onData(bytes: Uint8Array): void {
    if (bytes.some((byte, i) => byte === 0x1b && bytes[i + 1] === 0x40)) this.probe.hit(performance.now());
    this.emulator.onData(bytes);
  }

  setSender(send: ByteSender): void {
    this.emulator.setSender(send);
  }
}

/** A TCP tap in front of the IPP emulator: the arrival of a Print-Job request's first bytes. */
async function tapPrintJobs(upstreamPort: number, probe: FirstByteProbe): Promise<{ server: Server; port: number }> {
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    let firstAt = 0;
    let head = Buffer.alloc(0);
    let decided = false;
    client.on('data', (chunk: Buffer) => {
      if (!firstAt) firstAt = performance.now();
      if (!decided) {
        head = Buffer.concat([head, chunk]);
        const body = head.indexOf('\r\n\r\n');
        // The IPP operation id is the body's bytes 2-3; Print-Job is 0x0002.
        if (body >= 0 && head.length >= body + 8) {
          decided = true;
          if (head.readUInt16BE(body + 4 + 2) === 0x0002) probe.hit(firstAt);
        }
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return { server, port: address.port };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function summary(label: string, values: number[], target: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  return `${label}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms over ${values.length} (target ≤ ${target} ms: ${p95 <= target ? 'met at p95' : 'MISSED at p95'})`;
}

async function measure(registry: TestRegistry, queue: PrintQueue, probe: FirstByteProbe, runs: number, from: number): Promise<number[]> {
  const times: number[] = [];
  for (let n = 0; n < runs; n++) {
    const application = registry.registry.submit(registration(from + n));
    const { licence } = registry.registry.decide(application.id, APPROVED);
    if (!licence) throw new Error('not approved');
    const arrived = probe.next();
    const printed = new Promise<void>((resolve) => {
      const stop = queue.onChange(({ changed }) => {
        if (changed.creditCode === licence.creditCode && changed.state !== 'queued' && changed.state !== 'printing') {
          stop();
          if (changed.state !== 'printed') throw new Error(`job ${changed.id} ${changed.state}: ${changed.message ?? ''}`);
          resolve();
        }
      });
    });
    const started = performance.now();
    queue.enqueueLicence(licence.creditCode, application.id);
    times.push((await arrived) - started);
    await printed;
  }
  return times;
}

const dir = mkdtempSync(join(tmpdir(), 'print-queue-bench-'));
const closing: (() => Promise<unknown> | unknown)[] = [];
try {
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const registry = openRegistryIn(dir);
  closing.push(() => registry.db.close());
  const signingKey = initSigningKey(join(dir, 'keys')).key;
  const font = await preloadDocuments(loadDocumentFont());
  const probe = new FirstByteProbe();

  const thermalSide = new ProbedThermal(probe);
  const line = emulatedBinding('/dev/bench-receipt-printer', thermalSide);
  const thermal = new ThermalPrinter({ path: line.path, binding: line.binding });
  await thermal.open();
  closing.push(() => thermal.close());

  const ipp = new IppPrinterEmulator();
  const emulatorUri = new URL(await ipp.start());
  closing.push(() => ipp.close());
  const tap = await tapPrintJobs(Number(emulatorUri.port), probe);
  closing.push(() => new Promise((resolve) => tap.server.close(resolve)));
  const laserUri = `http://127.0.0.1:${tap.port}${emulatorUri.pathname}`;
  const laser = new LaserPrinter({ printerUri: laserUri });
  await laser.open();
  closing.push(() => laser.close());

  const targets: Record<PrinterKind, PrinterTarget> = { laser: new LaserTarget(laser, laserUri), thermal: new ThermalTarget(thermal) };
  const queueFor = (licence: PrinterKind) => {
    const queue = new PrintQueue({ db: registry.db, audit: registry.audit, registry: registry.registry, targets, documents: { font: () => font, signingKey }, settings: { ...SETTINGS, licence } });
    queue.start();
    closing.push(() => queue.stop());
    return queue;
  };

  // Wall-clock times suffer when other work shares the two cores; the CPU time per licence does not.
  const cpuPerRun = (since: NodeJS.CpuUsage, runs: number) => {
    const used = process.cpuUsage(since);
    return `${((used.user + used.system) / 1000 / runs).toFixed(1)} ms CPU per licence (whole path, printing included)`;
  };
  const laserQueue = queueFor('laser');
  let cpu = process.cpuUsage();
  const pdf = await measure(registry, laserQueue, probe, PDF_RUNS, 0);
  await laserQueue.stop();
  console.log(summary('A4 PDF, enqueue → first byte of the Print-Job at the printer', pdf, TARGET.pdfMs));
  console.log(`A4 PDF: ${cpuPerRun(cpu, PDF_RUNS)}`);

  const slipQueue = queueFor('thermal');
  cpu = process.cpuUsage();
  const slip = await measure(registry, slipQueue, probe, SLIP_RUNS, PDF_RUNS);
  console.log(summary('thermal slip, enqueue → first byte of the slip at the printer', slip, TARGET.slipMs));
  console.log(`thermal slip: ${cpuPerRun(cpu, SLIP_RUNS)}`);
} finally {
  for (const close of closing.reverse()) await close();
  rmSync(dir, { recursive: true, force: true });
}
