/**
 * `kioskctl uscc validate`, `kioskctl audit verify` and `kioskctl registry export`:
 * checking a credit code, proving the audit log untouched, and listing new licences
 * for the grid inspectors. The database commands open the kiosk database read-only
 * (`--db`, by default the configured one), so they also run beside a working kiosk
 * and on copies kept as evidence.
 */
import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Option, type Command } from 'commander';
import { parseIsoDate } from '../../rules/calendar-date';
import { describeCreditCodeProblem, validateCreditCode } from '../../rules/credit-code';
import type { Language } from '../../rules/language';
import { verifyAuditLog } from '../audit/audit-log';
import { ConfigError, loadConfig } from '../config/load';
import { defaultUserDataDir } from '../config/paths';
import { licencesToCsv } from '../registry/grid-export';
import { GRID_CODE_LENGTH, licencesRegisteredSince } from '../registry/licences';
import type { KioskDatabase } from '../storage/database';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { licencesAtCentre, type LicenceAtCentre } from '../centre/centre-confirmations';

const DB_OPTION = ['--db <file>', 'the kiosk database (default: the configured one)'] as const;

export function registerRegistryCommands(program: Command, io: CliIo): void {
  program
    .command('uscc')
    .description('unified social credit codes (GB 32100)')
    .command('validate')
    .description('check a credit code (exit 0 valid, 1 invalid with the reason)')
    .argument('<code>', 'the 18-character code')
    .addOption(new Option('--lang <language>', 'language of the reason').choices(['en', 'zh-CN']).default('en'))
    .option('--json', 'machine-readable output')
    .action((code: string, options: { json?: boolean; lang: Language }) => {
      const checked = validateCreditCode(code);
      if (checked.ok) {
        const { authority, entityType, regionCode } = checked.parts;
        io.result(
          options.json ? { valid: true, code: checked.code, parts: checked.parts } : `${checked.code}: valid (authority ${authority}, entity type ${entityType}, region ${regionCode})`,
          options.json,
        );
        io.exit(EXIT.ok);
      }
      const message = describeCreditCodeProblem(checked.reason, options.lang);
      if (options.json) io.result({ valid: false, code, problem: checked.reason, message }, true);
      io.error(`${code}: invalid: ${message}`);
      io.exit(EXIT.negative);
    });

  program
    .command('audit')
    .description('the kiosk\'s append-only audit log')
    .command('verify')
    .description('check the hash chain of the audit log (exit 0 intact, 1 broken)')
    .option(...DB_OPTION)
    .option('--json', 'machine-readable output')
    .action((options: { db?: string; json?: boolean }) => {
      const result = withDatabase(io, options.db, verifyAuditLog);
      if (result.intact) {
        io.result(options.json ? result : `audit log intact: ${result.entries} entries, head ${result.head}`, options.json);
        io.exit(EXIT.ok);
      }
      if (options.json) io.result(result, true);
      const { seq, problem, message } = result.firstBroken;
      io.error(`audit log broken at entry ${seq} (${problem}): ${message}; the ${result.entries} entries before it are intact`);
      io.exit(EXIT.negative);
    });

  const registry = program.command('registry').description('licences issued by this kiosk');
  registry
    .command('licences')
    .description('every licence in this kiosk\'s registry, with where it stands at the centre (confirmed, provisional, conflict and its case)')
    .option(...DB_OPTION)
    .option('--json', 'machine-readable output')
    .action((options: { db?: string; json?: boolean }) => {
      const licences = withDatabase(io, options.db, licencesAtCentre);
      io.result(options.json ? licences : licences.map(licenceLine).join('\n') || 'no licences', options.json);
      io.exit(EXIT.ok);
    });
  registry
    .command('export')
    .description('write the licences registered since a date, per grid, as CSV for the grid inspectors')
    .requiredOption('--since <date>', 'first registration date, YYYY-MM-DD')
    .option('--grid <code>', `a grid code (${GRID_CODE_LENGTH} digits) or its district, street or community digits`)
    .requiredOption('--out <file>', 'the CSV file to write')
    .option(...DB_OPTION)
    .option('--json', 'machine-readable output')
    .action((options: { since: string; grid?: string; out: string; db?: string; json?: boolean }) => {
      if (!parseIsoDate(options.since)) usageError(io, `--since: expected a date written YYYY-MM-DD, got ${JSON.stringify(options.since)}`);
      const grid = options.grid ?? '';
      if (!new RegExp(`^(\\d{6,${GRID_CODE_LENGTH}})?$`).test(grid)) {
        usageError(io, `--grid: expected 6 to ${GRID_CODE_LENGTH} digits of a grid code, got ${JSON.stringify(grid)}`);
      }
      const licences = withDatabase(io, options.db, (db) => licencesRegisteredSince(db, options.since, grid));
      try {
        writeFileSync(options.out, licencesToCsv(licences));
      } catch (error) {
        usageError(io, `cannot write ${options.out}: ${(error as Error).message}`);
      }
      const summary = { file: options.out, licences: licences.length, since: options.since, grid: grid || null };
      io.result(options.json ? summary : `${options.out}: ${licences.length} licence${licences.length === 1 ? '' : 's'} registered since ${options.since}${grid ? ` in grid ${grid}` : ''}`, options.json);
      io.exit(EXIT.ok);
    });
}

function licenceLine(licence: LicenceAtCentre): string {
  const centre = licence.centre === 'conflict' ? `conflict (${licence.reason ?? 'unknown'}${licence.caseId ? `, case ${licence.caseId} at the centre` : ''})` : licence.centre;
  return [licence.creditCode, licence.status, licence.registrationDate, licence.kioskId, `centre: ${centre}`, licence.name ?? '(no name)'].join('  ');
}

/** Reads the kiosk database (read-only): `--db FILE`, else the configured one. */
export function withDatabase<T>(io: CliIo, option: string | undefined, read: (db: KioskDatabase) => T): T {
  const file = option ?? configuredDatabase(io);
  if (!existsSync(file)) usageError(io, `no kiosk database at ${file}`);
  let db: KioskDatabase;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    usageError(io, `cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    return read(db);
  } catch (error) {
    if (!(error instanceof Database.SqliteError)) throw error;
    usageError(io, `${file} is not a kiosk database with a registry (${error.message})`);
  } finally {
    db.close();
  }
}

function configuredDatabase(io: CliIo): string {
  try {
    return loadConfig({ userDataDir: defaultUserDataDir() }).databasePath;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    usageError(io, error.message);
  }
}

function usageError(io: CliIo, message: string): never {
  io.error(message);
  return io.exit(EXIT.usage);
}
