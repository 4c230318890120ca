/** The configured kiosk's configuration for a command, or exit 2 naming what is wrong with it. */
import { ConfigError, loadConfig, type LoadedConfig } from '../config/load';
import { defaultUserDataDir } from '../config/paths';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

export function configuredKiosk(io: CliIo): LoadedConfig {
  try {
    return loadConfig({ userDataDir: defaultUserDataDir() });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.error(error.message);
    return io.exit(EXIT.usage);
  }
}
