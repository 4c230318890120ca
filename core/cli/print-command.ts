/**
 * `kioskctl print list|retry|cancel|reprint`: the print queue from the technician's
 * command line. It changes the queue's table in the kiosk database (with audit entries)
 * and prints nothing itself: the running kiosk picks the change up within a second, or
 * at its next start.
 */
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AuditLog } from '../audit/audit-log';
import { DOCUMENT_KINDS, type DocumentKind } from '../printing/print-documents';
import type { PrintJob, PrintJobState } from '../printing/print-job-store';
import { PrintQueue, PrintRequestError } from '../printing/print-queue';
import { toLicence, type LicenceRow } from '../registry/licences';
import { openDatabase, type KioskDatabase } from '../storage/database';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { configuredKiosk } from './kiosk-config';

const STATES: readonly PrintJobState[] = ['queued', 'printing', 'waiting', 'printed', 'failed', 'cancelled'];
const DB_OPTION = ['--db <file>', 'the kiosk database (default: the configured one)'] as const;

interface CommonOptions {
  db?: string;
  json?: boolean;
}

export function registerPrintCommands(program: Command, io: CliIo): void {
  const print = program.command('print').description('the print queue: list jobs, retry or cancel one, reprint a licence');

  print
    .command('list')
    .description('list print jobs, oldest first')
    .addOption(new Option('--state <state...>', 'only jobs in these states').choices([...STATES]))
    .option('--licence <code>', 'only the jobs of this licence')
    .option(...DB_OPTION)
    .option('--json', 'machine-readable output')
    .action((options: CommonOptions & { state?: PrintJobState[]; licence?: string }) => {
      const jobs = withQueue(io, options.db, (queue) => (options.licence ? queue.jobsOf(options.licence) : queue.list()));
      const shown = options.state ? jobs.filter((job) => options.state?.includes(job.state)) : jobs;
      io.result(options.json ? shown : shown.length === 0 ? 'no print jobs' : shown.map(describeJob).join('\n'), options.json);
      io.exit(EXIT.ok);
    });

  print
    .command('retry')
    .description('queue a failed or cancelled job again (exit 1 if it is in another state)')
    .argument('<id>', 'the job number, as `print list` shows it')
    .option(...DB_OPTION)
    .option('--json', 'machine-readable output')
    .action((id: string, options: CommonOptions) => answer(io, options, (queue) => queue.retry(jobId(io, id))));

  print
    .command('cancel')
    .description('drop a job that has not started printing (exit 1 if it is printing or printed)')
    .argument('<id>', 'the job number, as `print list` shows it')
    .option(...DB_OPTION)
    .option('--json', 'machine-readable output')
    .action((id: string, options: CommonOptions) => answer(io, options, (queue) => queue.cancel(jobId(io, id))));

  print
    .command('reprint')
    .description('print a licence (or its deregistration notice) again, marked as a reprint with the reason')
    .argument('<code>', 'the licence\'s credit code')
    .requiredOption('--reason <text>', 'why, e.g. "paper jammed, applicant came back"')
    .addOption(new Option('--document <kind>', 'what to print (default: as configured)').choices([...DOCUMENT_KINDS]))
    .option(...DB_OPTION)
    .option('--json', 'machine-readable output')
    .action((code: string, options: CommonOptions & { reason: string; document?: DocumentKind }) =>
      answer(io, options, (queue) => queue.reprint(code.trim().toUpperCase(), options.reason, options.document)),
    );
}

function describeJob(job: PrintJob): string {
  const flags = [
    job.reprint ? `reprint: ${job.reprintReason ?? ''}` : undefined,
    job.fallbackFrom ? `fallback from ${job.fallbackFrom}` : undefined,
    job.reason && job.state !== 'printed' ? `${job.reason}${job.message ? `: ${job.message}` : ''}` : undefined,
  ].filter(Boolean);
  return `#${job.id} ${job.creditCode} ${job.document} on ${job.printer}: ${job.state}, ${job.attempts} sent, ${job.updatedAt}${flags.length ? ` (${flags.join('; ')})` : ''}`;
}

function answer(io: CliIo, options: CommonOptions, act: (queue: PrintQueue) => PrintJob): void {
  let job: PrintJob;
  try {
    job = withQueue(io, options.db, act);
  } catch (error) {
    if (!(error instanceof PrintRequestError)) throw error;
    if (options.json) io.result({ ok: false, problem: error.problem, message: error.message }, true);
    io.error(error.message);
    return io.exit(EXIT.negative);
  }
  io.result(options.json ? job : describeJob(job), options.json);
  io.exit(EXIT.ok);
}

function jobId(io: CliIo, text: string): number {
  const id = Number(text.replace(/^#/u, ''));
  if (!Number.isSafeInteger(id) || id <= 0) usageError(io, `"${text}" is not a job number`);
  return id;
}

/** A queue that only takes requests, on the kiosk database; the kiosk's own queue prints them. */
function withQueue<T>(io: CliIo, option: string | undefined, act: (queue: PrintQueue) => T): T {
  const loaded = configuredKiosk(io);
  const file = option ?? loaded.databasePath;
  if (!existsSync(file)) usageError(io, `no kiosk database at ${file}`);
  let db: KioskDatabase;
  try {
    db = openDatabase(file);
  } catch (error) {
    usageError(io, `cannot open ${file}: ${(error as Error).message}`);
  }
  try {
    const licence = db.prepare<[string], LicenceRow>('SELECT * FROM licences WHERE credit_code = ?');
    const queue = new PrintQueue({
      db,
      audit: new AuditLog(db),
      registry: {
        licence: (code) => {
          const row = licence.get(code);
          return row && toLicence(row);
        },
      },
      targets: {},
      // The kiosk's configuration decides the default document of a reprint.
      settings: loaded.config.printing,
    });
    return act(queue);
  } finally {
    db.close();
  }
}

function usageError(io: CliIo, message: string): never {
  io.error(message);
  return io.exit(EXIT.usage);
}
