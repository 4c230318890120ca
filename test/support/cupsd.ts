/**
 * A private, real cupsd for one test file: its own ServerRoot, spool, logs and
 * ServerBin in a temporary folder, listening on 127.0.0.1 on a free port, run in the
 * foreground. The system's CUPS (if any) is never touched, apart from one cups-pdf
 * configuration file per PDF queue in /etc/cups (cups-pdf only reads its
 * configuration from there), removed again by stop().
 *
 * Queues:
 * - a cups-pdf queue: what is printed appears as a PDF in its outputDir;
 * - a fault queue behind a tiny shell backend that acts as the mode in its control
 *   file says: prints, runs out of paper, reports toner low, goes offline or hangs.
 *
 * Needs root (CUPS runs such backends as root, and CI runs the tests as root); a
 * missing cupsd, lpadmin or cups-pdf fails with `run scripts/setup-system`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export type FaultMode = 'ok' | 'media-empty' | 'toner-low' | 'offline' | 'hang';

export interface PdfQueue {
  readonly name: string;
  readonly uri: string;
  readonly outputDir: string;
  /** The PDFs cups-pdf has written so far, full paths. */
  pdfs(): string[];
}

export interface FaultQueue {
  readonly name: string;
  readonly uri: string;
  /** Takes effect with the next job the backend runs. */
  setFault(mode: FaultMode): void;
}

export interface PrivateCups {
  /** 127.0.0.1:PORT, for `-h`. */
  readonly server: string;
  readonly port: number;
  uri(queue: string): string;
  addPdfQueue(name: string): Promise<PdfQueue>;
  addFaultQueue(name: string, mode?: FaultMode): Promise<FaultQueue>;
  /** cupsdisable / cupsenable, as a technician would. */
  disable(queue: string): void;
  enable(queue: string): void;
  /** Submits a file with `lp`, as another program on the machine would; returns the job id. */
  submit(queue: string, file: string): number;
  errorLog(): string;
  stop(): Promise<void>;
}

export interface PrivateCupsOptions {
  /** Where to look for cupsd, lpadmin, …; $PATH plus the sbin folders by default. */
  readonly searchPath?: string;
  /** A port to listen on; a free one by default. */
  readonly port?: number;
}

export const SETUP_HINT = 'run scripts/setup-system';

const SYSTEM_SERVER_BIN = '/usr/lib/cups';
const CUPS_PDF_BACKEND = join(SYSTEM_SERVER_BIN, 'backend', 'cups-pdf');
const CUPS_PDF_PPD = '/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd';
const CUPS_PDF_CONFIG_DIR = '/etc/cups';
const FAULT_SCHEME = 'kioskfault';
const START_TIMEOUT_MS = 10_000;
const TOOLS = ['cupsd', 'lpadmin', 'cupsenable', 'cupsdisable', 'lp'] as const;
type Tool = (typeof TOOLS)[number];

/** CUPS backend exit code that stops the queue, as a printer out of paper does. */
const CUPS_BACKEND_STOP = 4;

const FAULT_BACKEND = `#!/bin/sh
# Test backend: behaves as the mode in the control file named by its device URI says.
if [ $# -eq 0 ]; then echo 'direct ${FAULT_SCHEME} "Kiosk" "Kiosk test fault backend"'; exit 0; fi
mode=$(cat "\${DEVICE_URI#${FAULT_SCHEME}:}" 2>/dev/null || echo ok)
# A fresh job starts from a healthy printer; a fault below sets its reason again.
echo "STATE: -media-empty-error,toner-low-report,offline-report" >&2
case "$mode" in
  ok) cat "\${6:--}" >/dev/null; exit 0 ;;
  toner-low) echo "STATE: +toner-low-report" >&2; echo "INFO: toner low" >&2; cat "\${6:--}" >/dev/null; exit 0 ;;
  media-empty) echo "STATE: +media-empty-error" >&2; echo "ERROR: out of paper" >&2; exit ${CUPS_BACKEND_STOP} ;;
  offline) echo "STATE: +offline-report" >&2; echo "INFO: printer not responding" >&2; exec sleep 600 ;;
  hang) exec sleep 600 ;;
  *) echo "ERROR: unknown fault mode $mode" >&2; exit 1 ;;
esac
`;

function findTool(tool: Tool, searchPath: string): string {
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(`${tool} is not installed (CUPS): ${SETUP_HINT}`);
}

function checkPrerequisites(searchPath: string): Record<Tool, string> {
  const tools = Object.fromEntries(TOOLS.map((tool) => [tool, findTool(tool, searchPath)])) as Record<Tool, string>;
  if (!existsSync(CUPS_PDF_BACKEND) || !existsSync(CUPS_PDF_PPD)) {
    throw new Error(`cups-pdf (printer-driver-cups-pdf) is not installed: ${SETUP_HINT}`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error('the private cupsd runs its test backends as root: run the laser tests as root (CI does)');
  }
  return tools;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** ServerBin is the system's, with the fault backend added next to the real backends. */
function makeServerBin(root: string): string {
  const serverBin = join(root, 'lib');
  const backends = join(serverBin, 'backend');
  mkdirSync(backends, { recursive: true });
  for (const entry of readdirSync(SYSTEM_SERVER_BIN)) {
    if (entry !== 'backend') symlinkSync(join(SYSTEM_SERVER_BIN, entry), join(serverBin, entry));
  }
  for (const entry of readdirSync(join(SYSTEM_SERVER_BIN, 'backend'))) {
    symlinkSync(join(SYSTEM_SERVER_BIN, 'backend', entry), join(backends, entry));
  }
  // Mode 0700 and owned by root: CUPS runs the backend as root, so it can read the control file.
  writeFileSync(join(backends, FAULT_SCHEME), FAULT_BACKEND, { mode: 0o700 });
  return serverBin;
}

function writeConfiguration(root: string, port: number, serverBin: string): void {
  const dir = (name: string) => {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const etc = dir('etc');
  const spool = dir('spool');
  writeFileSync(
    join(etc, 'cups-files.conf'),
    [
      `ServerRoot ${etc}`,
      `RequestRoot ${spool}`,
      `TempDir ${dir('spool/tmp')}`,
      `CacheDir ${dir('cache')}`,
      `StateDir ${dir('state')}`,
      `ServerBin ${serverBin}`,
      `ServerKeychain ${dir('ssl')}`,
      `AccessLog ${join(dir('log'), 'access_log')}`,
      `ErrorLog ${join(root, 'log', 'error_log')}`,
      `PageLog ${join(root, 'log', 'page_log')}`,
      `Printcap ${join(root, 'printcap')}`,
      'CreateSelfSignedCerts no',
      'FileDevice No',
      'SystemGroup root',
      '',
    ].join('\n'),
  );
  // A test server on loopback: no authentication, no browsing, no web interface.
  writeFileSync(
    join(etc, 'cupsd.conf'),
    [
      'LogLevel info',
      `Listen 127.0.0.1:${port}`,
      'Browsing No',
      'BrowseLocalProtocols none',
      'WebInterface No',
      'DefaultAuthType None',
      '<Location />',
      '  Order allow,deny',
      '  Allow all',
      '</Location>',
      '<Policy default>',
      '  JobPrivateAccess all',
      '  JobPrivateValues none',
      '  SubscriptionPrivateAccess all',
      '  SubscriptionPrivateValues none',
      '  <Limit All>',
      '    Order deny,allow',
      '  </Limit>',
      '</Policy>',
      '',
    ].join('\n'),
  );
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

type Started = { kind: 'listening' } | { kind: 'port-taken' } | { kind: 'failed'; reason: string };

/** Waits for cupsd to say it listens on our port; it keeps running without a listener when the port is taken. */
async function waitUntilListening(cupsd: ChildProcess, errorLogPath: string, port: number): Promise<Started> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exit: string | undefined;
  cupsd.once('exit', (code, signal) => (exit = `cupsd exited (${String(code ?? signal)})`));
  while (Date.now() < deadline) {
    const log = readLog(errorLogPath);
    if (log.includes(`Listening to 127.0.0.1:${port} on fd`)) return { kind: 'listening' };
    if (log.includes(`Unable to open listen socket for address 127.0.0.1:${port}`)) return { kind: 'port-taken' };
    if (exit) return { kind: 'failed', reason: exit };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { kind: 'failed', reason: `cupsd did not listen on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms` };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

export async function startPrivateCups(options: PrivateCupsOptions = {}): Promise<PrivateCups> {
  const searchPath = options.searchPath ?? [process.env.PATH ?? '', '/usr/sbin', '/sbin'].join(delimiter);
  const tools = checkPrerequisites(searchPath);

  const root = mkdtempSync(join(tmpdir(), 'kiosk-cupsd-'));
  // Filters run as the lp user and must reach ServerBin and the spool inside it.
  chmodSync(root, 0o755);
  const serverBin = makeServerBin(root);
  const errorLogPath = join(root, 'log', 'error_log');
  const cupsPdfConfigs: string[] = [];

  let cupsd: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 3 && !cupsd; attempt++) {
    port = options.port ?? (await freePort());
    writeConfiguration(root, port, serverBin);
    rmSync(errorLogPath, { force: true });
    const child = spawn(tools.cupsd, ['-f', '-c', join(root, 'etc', 'cupsd.conf'), '-s', join(root, 'etc', 'cups-files.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    const started = await waitUntilListening(child, errorLogPath, port);
    if (started.kind === 'listening') {
      cupsd = child;
    } else {
      await stopProcess(child);
      if (started.kind === 'failed' || options.port !== undefined) {
        rmSync(root, { recursive: true, force: true });
        throw new Error(`private cupsd did not start: ${started.kind === 'failed' ? started.reason : `port ${port} is taken`}\n${stderr}${readLog(errorLogPath).slice(-4000)}`);
      }
    }
  }
  if (!cupsd) {
    rmSync(root, { recursive: true, force: true });
    throw new Error('private cupsd found no free port in 3 attempts');
  }
  const server = `127.0.0.1:${port}`;
  const daemon = cupsd;

  const run = (tool: Tool, args: readonly string[]): string => {
    const result = spawnSync(tools[tool], ['-h', server, ...args], { encoding: 'utf8', timeout: 10_000 });
    if (result.status !== 0) {
      throw new Error(`${tool} ${args.join(' ')} failed (${String(result.status ?? result.error)}): ${result.stderr}\n${readLog(errorLogPath).slice(-2000)}`);
    }
    return result.stdout;
  };
  const checkName = (name: string) => {
    if (!/^[a-z][a-z0-9-]{0,30}$/u.test(name)) throw new Error(`queue name ${JSON.stringify(name)}: use a-z, 0-9 and -`);
  };

  return {
    server,
    port,
    uri: (queue) => `http://${server}/printers/${queue}`,

    async addPdfQueue(name) {
      checkName(name);
      const outputDir = join(root, `pdf-${name}`);
      mkdirSync(outputDir, { recursive: true });
      // cups-pdf:/SUFFIX reads /etc/cups/cups-pdf-SUFFIX.conf; a per-server suffix keeps test runs apart.
      const suffix = `kiosk-test-${port}-${name}`;
      const config = join(CUPS_PDF_CONFIG_DIR, `cups-pdf-${suffix}.conf`);
      writeFileSync(config, `Out ${outputDir}\nLog ${join(root, 'log')}\n`);
      cupsPdfConfigs.push(config);
      run('lpadmin', ['-p', name, '-E', '-v', `cups-pdf:/${suffix}`, '-P', CUPS_PDF_PPD]);
      return {
        name,
        uri: `http://${server}/printers/${name}`,
        outputDir,
        pdfs: () => readdirSync(outputDir).filter((f) => f.endsWith('.pdf')).map((f) => join(outputDir, f)),
      };
    },

    async addFaultQueue(name, mode = 'ok') {
      checkName(name);
      const control = join(root, `fault-${name}`);
      const setFault = (next: FaultMode) => writeFileSync(control, next);
      setFault(mode);
      // Raw: the backend gets the PDF as sent, no filters in between.
      run('lpadmin', ['-p', name, '-E', '-v', `${FAULT_SCHEME}:${control}`, '-m', 'raw']);
      return { name, uri: `http://${server}/printers/${name}`, setFault };
    },

    disable: (queue) => void run('cupsdisable', [queue]),
    enable: (queue) => void run('cupsenable', [queue]),

    submit(queue, file) {
      const out = run('lp', ['-d', queue, file]);
      const id = /request id is \S+-(\d+)/u.exec(out)?.[1];
      if (!id) throw new Error(`lp did not name a job: ${out}`);
      return Number(id);
    },

    errorLog: () => readLog(errorLogPath),

    async stop() {
      await stopProcess(daemon);
      for (const config of cupsPdfConfigs.splice(0)) rmSync(config, { force: true });
      rmSync(root, { recursive: true, force: true });
    },
  };
}
