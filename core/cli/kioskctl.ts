/**
 * kioskctl: the technicians' command line. Exit codes everywhere: 0 ok / valid /
 * approved, 1 a negative answer with the reason on stderr, 2 usage or I/O error.
 */
import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../version';
import { registerAddressCommands } from './address-command';
import { registerCentreCommands } from './centre-command';
import { registerConfigCommands } from './config-command';
import { registerFaceCommands } from './face-command';
import { registerIdCardCommands } from './idcard-command';
import { registerLicenceCommands } from './licence-command';
import { registerMaintenanceCommands } from './maintenance-command';
import { registerPrintCommands } from './print-command';
import { registerRegistryCommands } from './registry-commands';
import { registerRulesCommands } from './rules-command';
import { registerSimCommands } from './sim-command';
import { registerUpdateCommands } from './updates-command';
import { EXIT } from './exit-codes';
import { ExitSignal, processIo, type CliIo } from './io';

export function buildProgram(io: CliIo): Command {
  const program = new Command('kioskctl')
    .description('秒批 kiosk: the technicians\' command line')
    .version(APP_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerConfigCommands(program, io);
  registerIdCardCommands(program, io);
  registerFaceCommands(program, io);
  registerLicenceCommands(program, io);
  registerAddressCommands(program, io);
  registerRegistryCommands(program, io);
  registerPrintCommands(program, io);
  registerRulesCommands(program, io);
  registerUpdateCommands(program, io);
  registerMaintenanceCommands(program, io);
  registerSimCommands(program, io);
  registerCentreCommands(program, io);
  return program;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  program.commands.forEach((command) => command.exitOverride());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ExitSignal) return error.code;
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; anything else is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.error(`kioskctl: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
}
