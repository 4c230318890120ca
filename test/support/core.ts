/**
 * A real kiosk core on simulated hardware with its database in a fresh temporary
 * folder, for tests of everything above the core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../core/config/load';
import { createKioskCore, type KioskCore, type KioskCoreOptions } from '../../core/kiosk-core';

export interface TestCore extends KioskCore {
  dataDir: string;
  dispose(): Promise<void>;
}

/**
 * `appRoot`: a folder whose hardware/idcard/fixture-photos replace the simulated cards' photos.
 * `logger`: where the core logs; silent unless a test reads the log.
 * `dataDir`: the data folder of an earlier core, to start again on what it left.
 */
export async function startTestCore(
  env: NodeJS.ProcessEnv = {},
  {
    appRoot,
    shellHooks,
    journeyServices,
    logger = pino({ level: 'silent' }),
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-test-')),
  }: Partial<Pick<KioskCoreOptions, 'appRoot' | 'shellHooks' | 'logger' | 'journeyServices'> & { dataDir: string }> = {},
): Promise<TestCore> {
  const loaded = loadConfig({ userDataDir: dataDir, env });
  const core = await createKioskCore({ loaded, shell: 'test', logger, appRoot, shellHooks, journeyServices });
  return Object.assign(core, {
    dataDir,
    async dispose() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Resolves with the first value for which `predicate` holds, polling every 10 ms. */
export async function eventually<T>(read: () => T, predicate: (value: T) => boolean, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
