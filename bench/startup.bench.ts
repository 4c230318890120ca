/**
 * Start-up figures (`npm run bench -- startup`), with hyperfine (scripts/setup-system
 * installs it): a build with nothing to do (`node scripts/build.mjs` and through npm),
 * a quick kioskctl command, and `node -e 0` as the floor every Node command pays on this
 * machine; then the browser host from process start to its "ready" line. Wall time
 * depends on the machine's load, so the CPU time (user + system) is printed beside it.
 * Targets: no-op build ≤ 300 ms, a non-face kioskctl command ≤ 300 ms.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = 10;
const HOST_RUNS = 5;

interface HyperfineResult {
  command: string;
  median: number;
  min: number;
  max: number;
  user: number;
  system: number;
}

const dir = mkdtempSync(join(tmpdir(), 'startup-bench-'));
try {
  const hyperfine = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' });
  if (hyperfine.error) throw new Error('hyperfine is missing: run scripts/setup-system (or apt-get install hyperfine)');
  const json = join(dir, 'hyperfine.json');
  const commands = {
    'node -e 0 (the floor)': 'node -e 0',
    'no-op build: node scripts/build.mjs': 'node scripts/build.mjs',
    'no-op build: npm run build': 'npm run build',
    'kioskctl idcard validate': 'node bin/kioskctl.cjs idcard validate 34052419800101001X',
  };
  const names = Object.keys(commands);
  const run = spawnSync('hyperfine', ['-N', '--warmup', '2', '--runs', String(RUNS), '--export-json', json, '--style', 'none', ...Object.values(commands)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`hyperfine failed (exit ${run.status})`);
  const results = (JSON.parse(readFileSync(json, 'utf8')) as { results: HyperfineResult[] }).results;
  console.log(`${'command'.padEnd(40)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)} ${'cpu'.padStart(8)}   (ms, ${RUNS} runs)`);
  results.forEach((result, i) => {
    const ms = (seconds: number) => String(Math.round(seconds * 1000)).padStart(8);
    console.log(`${names[i]!.padEnd(40)} ${ms(result.median)} ${ms(result.min)} ${ms(result.max)} ${ms(result.user + result.system)}`);
  });
  const hostTimes: number[] = [];
  for (let n = 0; n < HOST_RUNS; n += 1) hostTimes.push(await browserHostReady());
  hostTimes.sort((a, b) => a - b);
  console.log(`${'browser host: start to "ready"'.padEnd(40)} ${String(Math.round(hostTimes[HOST_RUNS >> 1]!)).padStart(8)} ${String(Math.round(hostTimes[0]!)).padStart(8)} ${String(Math.round(hostTimes.at(-1)!)).padStart(8)}   (ms, ${HOST_RUNS} runs)`);
  console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Milliseconds from spawning the browser host on the embedded defaults to its "ready" line. */
function browserHostReady(): Promise<number> {
  const dataHome = mkdtempSync(join(dir, 'host-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/core/browser-host.cjs'], {
    env: { ...process.env, XDG_DATA_HOME: dataHome, KIOSK__HOST__PORT: '0', KIOSK__LOG__LEVEL: 'warn', DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/^ready /m.test(out)) {
        const elapsed = performance.now() - started;
        child.once('exit', () => resolve(elapsed));
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => {
      if (!/^ready /m.test(out)) reject(new Error(`the browser host exited with ${code} before "ready"`));
    });
  });
}
