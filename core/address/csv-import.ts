/** `kioskctl address import`: streams a CSV (see address-csv.ts) into a new address database. */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { readAddressHeader, readAddressLine, type CsvLayout } from './address-csv';
import { AddressImport, type AddressImportOptions, type FinishOptions, type ImportOutcome } from './address-import';

export interface ImportProgress {
  lines: number;
  rooms: number;
  badRows: number;
}

export interface CsvImportOptions extends AddressImportOptions, FinishOptions {
  input: Readable;
  /** Called every progressEvery lines (default 100,000). */
  onProgress?: (progress: ImportProgress) => void;
  progressEvery?: number;
}

export async function importAddressCsv(options: CsvImportOptions): Promise<ImportOutcome> {
  const { input, onProgress } = options;
  const progressEvery = options.progressEvery ?? 100_000;
  const session = new AddressImport(options);
  let layout: CsvLayout | undefined;
  let headerProblem: string | undefined;
  let lineNumber = 0;

  const lines = createInterface({ input, crlfDelay: Infinity });
  const failed = new Promise<never>((_, reject) => input.once('error', reject));
  failed.catch(() => undefined); // handled by the race below; an error after the end changes nothing
  let stopped = false;
  let failure: unknown;
  const stop = (): void => {
    stopped = true;
    lines.close();
  };
  const readLine = (line: string): void => {
    if (!layout) {
      const header = readAddressHeader(line);
      if (header.ok) layout = header.layout;
      else {
        headerProblem = `line ${lineNumber}: ${header.problem}`;
        stop();
        input.destroy();
      }
      return;
    }
    const parsed = readAddressLine(line, layout);
    if (parsed.ok) session.add(parsed.row, lineNumber);
    else session.reject(lineNumber, parsed.problem);
    if (onProgress && lineNumber % progressEvery === 0) onProgress({ lines: lineNumber, rooms: session.rooms, badRows: session.badRowTotal });
  };
  lines.on('line', (line) => {
    lineNumber += 1;
    if (stopped || line.trim() === '') return;
    try {
      readLine(line);
    } catch (error) {
      // E.g. the disk filled up: stop reading and give up the new file.
      failure = error;
      stop();
      input.destroy();
    }
  });

  try {
    await Promise.race([once(lines, 'close'), failed]);
  } catch (error) {
    failure = error;
  }
  if (failure !== undefined) {
    session.abandon('no-valid-rows', 'the import stopped on an error');
    throw failure;
  }
  if (headerProblem !== undefined) return session.abandon('bad-header', headerProblem);
  if (!layout) return session.abandon('no-valid-rows', 'the file is empty');
  return session.finish(options);
}
