/**
 * Address database figures (`npm run bench -- address`):
 * - the embedded sample: build time, size, lookup p50/p99 through AddressService
 *   (house-code parse + swap check + SQLite), on a warm file;
 * - Shenzhen's size, opt-in (`ADDRESS_BENCH_FULL=1`, or `--full`; about 2-3 minutes):
 *   11 million rooms imported from a generated CSV stream (the same path as
 *   `kioskctl address import`, without the CSV file on disk), import rate in rows/s
 *   (target ≥ 150,000), then lookup p50/p99 (target ≤ 1 ms). ADDRESS_BENCH_ROOMS sets the size.
 * Temporary files are removed at the end.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { addressCsvHeader, addressCsvLine, type AddressRow } from '../core/address/address-csv';
import { AddressService } from '../core/address/address-service';
import { importAddressCsv } from '../core/address/csv-import';
import { findAppRoot, shippedStreetListPath } from '../core/address/address-paths';
import { buildSampleAddressDatabase } from '../core/address/sample-database';
import { generateSampleRows, SAMPLE_ROOMS } from '../core/address/sample-generator';
import { loadStreetDirectory } from '../core/address/street-list';
import type { StreetDirectory } from '../rules/street-directory';

const LOOKUPS = 200_000;
const CODE_SAMPLE = 20_000;
const full = process.argv.includes('--full') || process.env.ADDRESS_BENCH_FULL === '1';
const fullRooms = Number(process.env.ADDRESS_BENCH_ROOMS ?? 11_000_000);

const streets = loadStreetDirectory(shippedStreetListPath(findAppRoot(process.cwd())));
const dir = mkdtempSync(join(tmpdir(), 'address-bench-'));
// Wall-clock rates suffer when other work shares the machine; the CPU-second rates do not.
console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
try {
  benchSample();
  if (full) await benchFull();
  else console.log(`\n(11-million-room import and lookups skipped: run with ADDRESS_BENCH_FULL=1)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function benchSample(): void {
  const file = join(dir, 'sample.sqlite');
  const started = performance.now();
  const built = buildSampleAddressDatabase(file, { streets, builtAt: new Date().toISOString() });
  const seconds = (performance.now() - started) / 1000;
  console.log(`sample: ${built.rooms} rooms built in ${seconds.toFixed(1)} s (${rate(built.rooms, seconds)} rows/s), ${mib(file)} MiB`);
  lookupFigures('sample', file, codeSample(generateSampleRows(streets, { rooms: SAMPLE_ROOMS })));
}

async function benchFull(): Promise<void> {
  console.log(`\n${fullRooms} rooms:`);
  let started = performance.now();
  let cpu = process.cpuUsage();
  let bytes = 0;
  for (const chunk of csvChunks(streets, fullRooms)) bytes += Buffer.byteLength(chunk);
  const generateSeconds = (performance.now() - started) / 1000;
  const generateCpu = cpuSeconds(cpu);
  console.log(`  generating the CSV text alone (${(bytes / 1_048_576).toFixed(0)} MiB): ${generateSeconds.toFixed(1)} s, ${generateCpu.toFixed(1)} CPU s`);

  const file = join(dir, 'full.sqlite');
  started = performance.now();
  cpu = process.cpuUsage();
  const outcome = await importAddressCsv({
    input: Readable.from(csvChunks(streets, fullRooms)),
    target: file,
    streets,
    source: 'bench',
    builtAt: new Date().toISOString(),
  });
  const totalSeconds = (performance.now() - started) / 1000;
  const importCpu = cpuSeconds(cpu);
  if (!outcome.ok) throw new Error(`import failed: ${outcome.detail}`);
  const verifySeconds = outcome.verifyMs / 1000;
  const writeSeconds = totalSeconds - verifySeconds;
  console.log(`  import: ${outcome.rooms} rooms, ${outcome.badRowCount} bad rows, ${mib(file)} MiB`);
  console.log(`  import total ${totalSeconds.toFixed(1)} s = read+check+write ${writeSeconds.toFixed(1)} s + verify ${verifySeconds.toFixed(1)} s (integrity check, count, ${outcome.checkedLookups} lookups)`);
  console.log(`  import rate, generating the CSV on the fly included: ${rate(outcome.rooms, writeSeconds)} rows/s (with verification: ${rate(outcome.rooms, totalSeconds)} rows/s)`);
  console.log(`  import rate, generation time subtracted: ${rate(outcome.rooms, writeSeconds - generateSeconds)} rows/s   (target ≥ 150000)`);
  console.log(`  import rate per CPU second, generation and verification subtracted: ${rate(outcome.rooms, importCpu - generateCpu - verifySeconds)} rows/s`);
  lookupFigures('  11M', file, codeSample(generateSampleRows(streets, { rooms: fullRooms })));
}

/** The CSV text in chunks of 1,000 lines, as a file read would deliver it. */
function* csvChunks(directory: StreetDirectory, rooms: number): Generator<string> {
  yield `${addressCsvHeader()}\n`;
  let batch: string[] = [];
  for (const row of generateSampleRows(directory, { rooms })) {
    batch.push(addressCsvLine(row));
    if (batch.length === 1000) {
      yield `${batch.join('\n')}\n`;
      batch = [];
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}

/** Existing codes spread over the whole file (reservoir), one in ten changed to a missing room. */
function codeSample(rows: Iterable<AddressRow>): string[] {
  const sample: string[] = [];
  let seen = 0;
  for (const row of rows) {
    seen += 1;
    if (sample.length < CODE_SAMPLE) sample.push(row.houseCode);
    else {
      const slot = Math.floor(Math.random() * seen);
      if (slot < CODE_SAMPLE) sample[slot] = row.houseCode;
    }
  }
  return sample.map((code, i) => (i % 10 === 9 ? `${code.slice(0, 19)}999999` : code));
}

function lookupFigures(label: string, file: string, codes: readonly string[]): void {
  const service = new AddressService({ databaseFile: file, streets });
  for (const code of codes) service.lookup(code); // warm: first open, page cache
  const times = new Float64Array(LOOKUPS);
  let found = 0;
  const started = performance.now();
  for (let i = 0; i < LOOKUPS; i++) {
    const code = codes[Math.floor(Math.random() * codes.length)] as string;
    const t0 = process.hrtime.bigint();
    const result = service.lookup(code);
    times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    if (result.ok) found += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  service.close();
  times.sort();
  const at = (q: number): string => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(3);
  console.log(
    `${label} lookups: ${LOOKUPS} (${found} found, the rest missing rooms), ${rate(LOOKUPS, seconds)} lookups/s, ` +
      `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, p99.9 ${at(0.999)} ms, max ${at(1)} ms   (target p99 ≤ 1 ms)`,
  );
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

function rate(count: number, seconds: number): string {
  return Math.round(count / seconds).toLocaleString('en-US');
}

function mib(file: string): string {
  return (statSync(file).size / 1_048_576).toFixed(1);
}
