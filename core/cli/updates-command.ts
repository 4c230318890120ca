/**
 * `kioskctl rules install FILE --sha256 H` and `kioskctl rules rollback SERVICE`: the
 * maintenance screen's data updates from the command line, through the same
 * UpdateService (same checks, same audit entries). A running kiosk picks the new
 * version up at its next session.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { AuditLog } from '../audit/audit-log';
import { ConfigError, loadConfig } from '../config/load';
import { defaultUserDataDir } from '../config/paths';
import { openDatabase } from '../storage/database';
import { CurrentData } from '../updates/current-data';
import type { UpdateProblem } from '../updates/update-messages';
import { UpdateService } from '../updates/update-service';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

export function registerUpdateCommands(program: Command, io: CliIo): void {
  // Under the existing `rules` command when there is one (kioskctl.ts registers it first).
  const rules = program.commands.find((command) => command.name() === 'rules') ?? program.command('rules');
  rules
    .command('install')
    .description('check a rule-set (or address database) file against its SHA-256 and signature, then install it (exit 0 installed, 1 refused)')
    .argument('<file>', 'the update file; FILE.sha256 and FILE.sig beside it are used when present')
    .option('--sha256 <hash>', 'the expected SHA-256 (otherwise read from FILE.sha256)')
    .option('--json', 'machine-readable output')
    .action((file: string, options: { sha256?: string; json?: boolean }) =>
      withUpdates(io, async (updates) => {
        const outcome = await updates.apply({ file: resolve(file), sha256: options.sha256 });
        if (!outcome.ok) return refused(io, outcome, options.json);
        io.result(options.json ? outcome : `installed ${outcome.target} ${outcome.version} (sha256 ${outcome.sha256}${outcome.signed ? ', signature valid' : ''}); in force from the next session`, options.json);
        return EXIT.ok;
      }),
    );
  rules
    .command('rollback')
    .description('switch back to the version installed before the one in force (or the shipped one)')
    .argument('<target>', 'registration, deregistration or addresses')
    .option('--json', 'machine-readable output')
    .action((target: string, options: { json?: boolean }) =>
      withUpdates(io, (updates) => {
        if (target !== 'registration' && target !== 'deregistration' && target !== 'addresses') {
          io.error('kioskctl: the target is registration, deregistration or addresses');
          return EXIT.usage;
        }
        const outcome = updates.rollback(target);
        if (!outcome.ok) return refused(io, outcome, options.json);
        io.result(options.json ? outcome : `${target}: ${outcome.from} rolled back to ${outcome.to ?? 'the shipped version'}`, options.json);
        return EXIT.ok;
      }),
    );
}

async function withUpdates(io: CliIo, run: (updates: UpdateService) => number | Promise<number>): Promise<never> {
  let loaded;
  try {
    loaded = loadConfig({ userDataDir: defaultUserDataDir() });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.error(error.message);
    return io.exit(EXIT.usage);
  }
  const db = openDatabase(loaded.databasePath);
  const data = new CurrentData(loaded);
  try {
    const updates = new UpdateService({ dataDir: loaded.dataDir, settings: loaded.config.updates, streets: () => data.streets(), audit: new AuditLog(db) });
    const code = await run(updates);
    return io.exit(code);
  } finally {
    data.close();
    db.close();
  }
}

function refused(io: CliIo, problem: UpdateProblem, json?: boolean): number {
  if (json) io.result({ ok: false, ...problem }, true);
  io.error([`kioskctl: refused (${problem.problem}): ${problem.message.en}`, ...problem.details.map((detail) => `  ${detail}`)].join('\n'));
  return EXIT.negative;
}
