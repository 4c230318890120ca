import { spawn, spawnSync } from 'node:child_process';
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

/** kioskctl without blocking this process: for commands that talk to a server the test itself runs. */
export function kioskctlAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  if (!existsSync(join(process.cwd(), 'dist', 'cli', 'kioskctl.cjs'))) {
    throw new Error('kioskctl is not built: run `npm run build` first');
  }
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}
