import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const BIN = join(process.cwd(), 'bin', 'kioskctl.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built kioskctl as a technician would. */
export function kioskctl(args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): CliRun {
  if (!existsSync(join(process.cwd(), 'dist', 'cli', 'kioskctl.cjs'))) {
    throw new Error('kioskctl is not built: run `npm run build` first');
  }
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000, input });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
