/**
 * kioskctl: the technicians' command line. Exit codes everywhere: 0 ok / valid /
 * approved, 1 a negative answer with the reason on stderr, 2 usage or I/O error.
 */
import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../version';
import { EXIT } from './exit-codes';
import { ExitSignal, processIo, type CliIo } from './io';

type RegisterCommands = (program: Command, io: CliIo) => void;

/**
 * Each top-level command and the modules that register it, imported only when that
 * command runs: loading every command's modules (face networks, PDF, SQLite, serial
 * ports) took most of a second before `idcard validate` could answer.
 * `rules` is shared: rules-command adds `check`, updates-command `install` and `rollback`.
 */
const COMMAND_MODULES: Readonly<Record<string, () => Promise<RegisterCommands[]>>> = {
  config: async () => [(await import('./config-command')).registerConfigCommands],
  idcard: async () => [(await import('./idcard-command')).registerIdCardCommands],
  face: async () => [(await import('./face-command')).registerFaceCommands],
  licence: async () => [(await import('./licence-command')).registerLicenceCommands],
  keys: async () => [(await import('./keys-command')).registerKeysCommands],
  address: async () => [(await import('./address-command')).registerAddressCommands],
  uscc: async () => [(await import('./registry-commands')).registerRegistryCommands],
  audit: async () => [(await import('./registry-commands')).registerRegistryCommands],
  registry: async () => [(await import('./registry-commands')).registerRegistryCommands],
  print: async () => [(await import('./print-command')).registerPrintCommands],
  rules: async () => [(await import('./rules-command')).registerRulesCommands, (await import('./updates-command')).registerUpdateCommands],
  maintenance: async () => [(await import('./maintenance-command')).registerMaintenanceCommands],
  sim: async () => [(await import('./sim-command')).registerSimCommands],
};

/** Every command, in the order `--help` lists them (licence also registers keys, registry-commands three commands). */
const HELP_ORDER = ['config', 'idcard', 'face', 'licence', 'address', 'uscc', 'print', 'rules', 'maintenance', 'sim'];

/** The program with the commands `argv` can reach: only its own command's, or all of them for help and unknown commands. */
export async function buildProgram(io: CliIo, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('kioskctl')
    .description('秒批 kiosk: the technicians\' command line')
    .version(APP_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const named = argv[0] !== undefined ? COMMAND_MODULES[argv[0]] : undefined;
  const loaders = named ? [named] : HELP_ORDER.map((name) => COMMAND_MODULES[name]!);
  for (const load of loaders) for (const register of await load()) register(program, io);
  return program;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const program = await buildProgram(io, argv);
    program.commands.forEach((command) => command.exitOverride());
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
