/** `kioskctl config check FILE`: is this configuration file one the kiosk would start with? */
import type { Command } from 'commander';
import { ConfigError, readConfigFile, validateConfig } from '../config/load';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

export function registerConfigCommands(program: Command, io: CliIo): void {
  const config = program.command('config').description('check kiosk configuration files');
  config
    .command('check')
    .description('validate a configuration file against the schema (exit 0 valid, 1 invalid, 2 unreadable)')
    .argument('<file>', 'the JSON configuration file')
    .option('--json', 'machine-readable output')
    .action((file: string, options: { json?: boolean }) => {
      try {
        const parsed = validateConfig(readConfigFile(file), file);
        io.result(options.json ? { valid: true, file, config: parsed } : `${file}: valid (kiosk ${parsed.kioskId}, devices: ${describeDrivers(parsed.devices)})`, options.json);
        io.exit(EXIT.ok);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        if (options.json) io.result({ valid: false, file, kind: error.kind, problems: error.problems }, true);
        io.error(error.message);
        io.exit(error.kind === 'unreadable' ? EXIT.usage : EXIT.negative);
      }
    });
}

function describeDrivers(devices: Record<string, { driver: string }>): string {
  return Object.entries(devices)
    .map(([kind, device]) => `${kind}=${device.driver}`)
    .join(' ');
}
