/**
 * A centre as a real process (the built dist/centre/centre.cjs, as `npm run centre`
 * runs it; `npm run build` first): started with the given
 * environment, ready when it prints `ready URL`, stopped with SIGTERM or killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CentreProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stderr (its JSON log lines). */
  log(): string;
  /** SIGTERM, resolving with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

export const CENTRE_BUNDLE = join(process.cwd(), 'dist', 'centre', 'centre.cjs');

export function runCentre(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  if (!existsSync(CENTRE_BUNDLE)) throw new Error('the centre is not built: run `npm run build` first');
  // CENTRE_NODE_ARGS: node flags for the centre (e.g. `--cpu-prof --cpu-prof-dir=DIR` to see where a benchmark's CPU goes).
  const nodeArgs = process.env.CENTRE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return spawn(process.execPath, [...nodeArgs, CENTRE_BUNDLE, ...args], { env: { ...process.env, CENTRE_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function startCentre(env: NodeJS.ProcessEnv): Promise<CentreProcess> {
  const child = runCentre([], env);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /ready (http:\/\/\S+)/.exec(stdout);
      if (ready) {
        done({
          url: ready[1]!,
          child,
          log: () => stderr,
          stop: () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    child.once('exit', (code) => fail(new Error(`the centre exited (${code}) before it was ready:\n${stderr}`)));
  });
}

/** Runs a centre command (`kiosk add ID`, …) to its end. */
export function centreCommand(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = runCentre(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}
