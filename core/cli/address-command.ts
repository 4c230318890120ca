/**
 * `kioskctl address lookup CODE | info | import FILE.csv`: the house-code address
 * database. Exit 0 found / imported, 1 not found or nothing imported (reason on stderr),
 * 2 usage or I/O. The database and street list come from the configuration
 * (addresses.database, addresses.streets) unless --database / --streets say otherwise.
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Language } from '../../rules/language';
import { AddressDatabase, AddressDatabaseError } from '../address/address-database';
import type { ImportOutcome } from '../address/address-import';
import type { AddressLookup } from '../address/address-record';
import { describeAddressProblem } from '../address/address-messages';
import { resolveAddressPaths, type AddressPaths } from '../address/address-paths';
import { AddressService } from '../address/address-service';
import { importAddressCsv, type ImportProgress } from '../address/csv-import';
import { loadStreetDirectory, StreetListError } from '../address/street-list';
import { ConfigError, loadConfig } from '../config/load';
import { defaultUserDataDir } from '../config/paths';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

interface PathOptions {
  database?: string;
  streets?: string;
  json?: boolean;
}

export function registerAddressCommands(program: Command, io: CliIo): void {
  const address = program.command('address').description('the house-code address database (房屋编码)');
  const withPaths = (command: Command): Command =>
    command
      .option('--database <file>', 'the address database (default: addresses.database of the configuration, else the built sample)')
      .option('--streets <file>', 'the street list CSV (default: addresses.streets, else the shipped list)')
      .option('--json', 'machine-readable output');

  withPaths(address.command('lookup'))
    .description('print the address of a 25-digit house code (exit 0 found, 1 malformed or unknown)')
    .argument('<code>', 'the house code; spaces and hyphens are ignored')
    .addOption(new Option('--lang <language>', 'language of the reason when there is no address').choices(['zh-CN', 'en']).default('zh-CN'))
    .action((code: string, options: PathOptions & { lang: Language }) => lookup(io, code, options));

  withPaths(address.command('info'))
    .description('which address database is in use, how many rooms it holds, when it was built')
    .action((options: PathOptions) => info(io, options));

  withPaths(address.command('import'))
    .description('replace the address database with a CSV file, checked before it goes live (exit 0 imported, 1 nothing imported)')
    .argument('<file>', 'UTF-8 CSV with the columns house_code, community, grid, road, number, building, room, usage, status')
    .option('--progress-every <rows>', 'without a terminal: one progress line per this many lines', (v) => positiveInteger(v), 100_000)
    .action((file: string, options: PathOptions & { progressEvery: number }) => runImport(io, file, options));
}

function lookup(io: CliIo, code: string, options: PathOptions & { lang: Language }): void {
  const paths = addressPaths(io, options);
  const service = new AddressService({ databaseFile: paths.database, streets: streetsOrExit(io, paths) });
  let result: AddressLookup;
  try {
    result = service.lookup(code);
  } catch (error) {
    if (!(error instanceof AddressDatabaseError)) throw error;
    ioFailure(io, error.message);
  } finally {
    service.close();
  }
  if (result.ok) {
    const a = result.address;
    io.result(options.json ? { found: true, address: a } : `${a.formatted}\nusage ${a.usage}, status ${a.status}, grid ${a.gridName}`, options.json);
    io.exit(EXIT.ok);
  }
  const message = describeAddressProblem(result.reason, options.lang);
  if (options.json) io.result({ found: false, reason: result.reason, message }, true);
  io.error(message);
  io.exit(EXIT.negative);
}

function info(io: CliIo, options: PathOptions): void {
  const paths = addressPaths(io, options);
  let database: AddressDatabase;
  try {
    database = AddressDatabase.open(paths.database);
  } catch (error) {
    if (!(error instanceof AddressDatabaseError)) throw error;
    ioFailure(io, paths.usingSample ? `${error.message} (the sample is built by \`npm run build\`)` : error.message);
  }
  const facts = { ...database.info(), sample: paths.usingSample };
  database.close();
  io.result(
    options.json
      ? facts
      : [
          `database: ${facts.file}${facts.sample ? ' (the built sample)' : ''}`,
          `rooms: ${facts.rooms} in ${facts.buildings} buildings, ${facts.communities} communities, ${facts.streets} streets`,
          `built: ${facts.builtAt} from ${facts.source}`,
          `size: ${(facts.bytes / 1_048_576).toFixed(1)} MiB`,
        ].join('\n'),
    options.json,
  );
  io.exit(EXIT.ok);
}

async function runImport(io: CliIo, file: string, options: PathOptions & { progressEvery: number }): Promise<void> {
  const paths = addressPaths(io, options);
  if (paths.usingSample) {
    ioFailure(io, 'no address database is configured: set addresses.database in the configuration or pass --database FILE (the built sample is not imported into)');
  }
  const streets = streetsOrExit(io, paths);
  let bytes: number;
  try {
    bytes = statSync(file).size;
  } catch (error) {
    ioFailure(io, `cannot read ${file}: ${(error as Error).message}`);
  }

  const input = createReadStream(file);
  const progress = progressReporter(io, bytes, () => input.bytesRead);
  let outcome: ImportOutcome;
  try {
    outcome = await importAddressCsv({
      input,
      target: paths.database,
      streets,
      source: basename(file),
      builtAt: new Date().toISOString(),
      onProgress: progress.update,
      progressEvery: progress.interactive ? 10_000 : options.progressEvery,
    });
  } catch (error) {
    progress.stop();
    ioFailure(io, `address import failed, the database in use is unchanged: ${(error as Error).message}`);
  }
  progress.stop({ rooms: outcome.rooms, badRows: outcome.badRowCount });

  for (const bad of outcome.badRows) io.error(`line ${bad.line}: ${bad.reason}`);
  if (outcome.badRowCount > outcome.badRows.length) io.error(`… and ${outcome.badRowCount - outcome.badRows.length} more bad rows`);
  if (options.json) io.result(outcome, true);
  if (!outcome.ok) {
    io.error(`address import failed, the database in use is unchanged: ${outcome.detail}`);
    io.exit(EXIT.negative);
  }
  if (!options.json) {
    io.result(
      `imported ${outcome.rooms} rooms into ${outcome.file}; ${outcome.badRowCount} bad rows skipped; ` +
        `verified (room count, integrity check, ${outcome.checkedLookups} lookups)`,
    );
  }
  io.exit(EXIT.ok);
}

interface ProgressReporter {
  interactive: boolean;
  update(progress: ImportProgress): void;
  /** With the final counts when the import ran to its end. */
  stop(final?: Pick<ImportProgress, 'rooms' | 'badRows'>): void;
}

/** A bar on a terminal, a plain line per step otherwise (logs, pipes). */
function progressReporter(io: CliIo, totalBytes: number, bytesRead: () => number): ProgressReporter {
  if (!process.stderr.isTTY) {
    return {
      interactive: false,
      update: (p) => io.error(`address import: ${p.lines} lines read, ${p.rooms} rooms, ${p.badRows} bad rows`),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    format: 'address import [{bar}] {percentage}% | {rooms} rooms | {badRows} bad rows | eta {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(Math.max(totalBytes, 1), 0, { rooms: 0, badRows: 0 });
  return {
    interactive: true,
    update: (p) => bar.update(bytesRead(), { rooms: p.rooms, badRows: p.badRows }),
    stop: (final) => {
      if (final) bar.update(totalBytes, final);
      bar.stop();
    },
  };
}

function addressPaths(io: CliIo, options: PathOptions): AddressPaths {
  let paths: AddressPaths;
  try {
    const loaded = loadConfig({ userDataDir: defaultUserDataDir() });
    paths = resolveAddressPaths(loaded.config.addresses, loaded.dataDir);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    ioFailure(io, error.message);
  }
  return {
    database: options.database ?? paths.database,
    streets: options.streets ?? paths.streets,
    usingSample: paths.usingSample && !options.database,
  };
}

function streetsOrExit(io: CliIo, paths: AddressPaths) {
  try {
    return loadStreetDirectory(paths.streets);
  } catch (error) {
    if (!(error instanceof StreetListError)) throw error;
    ioFailure(io, error.message);
  }
}

function ioFailure(io: CliIo, message: string): never {
  io.error(message);
  io.exit(EXIT.usage);
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError(`expected a positive whole number, got ${value}`);
  return number;
}
