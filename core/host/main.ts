/**
 * `npm run start:web`: the kiosk core behind the browser host, on the configured
 * (by default simulated) hardware. Prints one `ready URL` line when it serves.
 */
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/load';
import { defaultUserDataDir } from '../config/paths';
import { createKioskCore } from '../kiosk-core';
import { createLogger } from '../log';
import { startBrowserHost } from './browser-host';

async function main(): Promise<void> {
  const startedAt = performance.now();
  let loaded;
  try {
    loaded = loadConfig({ userDataDir: defaultUserDataDir() });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`kiosk not started: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(loaded.config.log.level);
  const core = await createKioskCore({ loaded, shell: 'browser', logger });
  const host = await startBrowserHost({
    server: core.server,
    rendererDir: join(__dirname, '..', 'renderer'),
    port: loaded.config.host.port,
  });
  const readyMs = Math.round(performance.now() - startedAt);
  process.stdout.write(`ready ${host.url}\n`);
  logger.info({ readyMs, origin: host.origin }, 'browser host serving');
  void core.warmUp();

  const stop = async () => {
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`kiosk not started: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
