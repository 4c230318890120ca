/**
 * A private PostgreSQL cluster in a folder: created with `initdb` on first use,
 * started and stopped with `pg_ctl`. It listens on a unix socket inside the folder
 * only (no TCP), and trusts whoever can reach that socket: the folder is 0700, so that
 * is its owner (and root). PostgreSQL refuses to run as root, so when this process is
 * root the cluster runs as the unprivileged `nobody`, which owns the cluster's folder.
 *
 * Used by the centre's embedded default and by the tests' harness alike.
 */
import { spawn } from 'node:child_process';
import { accessSync, appendFileSync, chownSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const CLUSTER_USER_WHEN_ROOT = 'nobody';
/** The superuser initdb creates; the centre connects as it over the private socket. */
export const CLUSTER_SUPERUSER = 'centre';
const SETUP_HINT = 'run scripts/setup-system (it installs Debian\'s postgresql package)';

export class ClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}

export interface ClusterOptions {
  /** The cluster's folder: data/, run/ (the socket) and server.log go in it. */
  dir: string;
  /** The port only names the socket file (.s.PGSQL.PORT); nothing listens on TCP. */
  port?: number;
  /** Trades durability for speed (fsync off): for tests' throw-away clusters only. */
  throwAway?: boolean;
  binDir?: string;
}

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

export class EmbeddedCluster {
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  readonly port: number;
  private readonly binDir: string;
  private readonly runAs: RunAs | null;
  private startedHere = false;

  constructor(private readonly options: ClusterOptions) {
    const dir = resolve(options.dir);
    this.dataDir = join(dir, 'data');
    this.socketDir = join(dir, 'run');
    this.logFile = join(dir, 'server.log');
    this.port = options.port ?? 5432;
    this.binDir = options.binDir ?? findPostgresBinDir();
    this.runAs = process.getuid?.() === 0 ? lookUpUser(CLUSTER_USER_WHEN_ROOT) : null;
    // A unix socket path is limited to 107 bytes.
    if (join(this.socketDir, `.s.PGSQL.${this.port}`).length > 100) throw new ClusterError(`the cluster folder ${dir} is too long for a unix socket path; choose a shorter data folder`);
    if (/['\\\s]/.test(dir)) throw new ClusterError(`the cluster folder ${dir} contains a quote, backslash or space; choose another data folder`);
  }

  /** The user the server runs as. */
  get osUser(): string {
    return this.runAs?.name ?? userInfo().username;
  }

  /** Connection settings for `pg`: the socket folder as host. */
  get connection(): { host: string; port: number; user: string; database: string } {
    return { host: this.socketDir, port: this.port, user: CLUSTER_SUPERUSER, database: 'postgres' };
  }

  /** initdb unless the cluster exists, then start it unless it runs already. */
  async start(): Promise<{ created: boolean }> {
    const created = !existsSync(join(this.dataDir, 'PG_VERSION'));
    if (created) await this.init();
    if (!(await this.running())) {
      await this.pgCtl(['start', '-w', '-t', '60', '-D', this.dataDir, '-l', this.logFile]);
      this.startedHere = true;
    }
    return { created };
  }

  /**
   * Stops the server if this object started it (a server found running is left alone).
   * `immediate` is a crash as far as the data is concerned: no shutdown checkpoint, the
   * next start replays the WAL (the reliability trials use it).
   */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.startedHere) return;
    await this.pgCtl(['stop', '-w', '-m', mode, '-D', this.dataDir]);
    this.startedHere = false;
  }

  async running(): Promise<boolean> {
    const { code } = await this.run(join(this.binDir, 'pg_ctl'), ['status', '-D', this.dataDir]);
    return code === 0;
  }

  private async init(): Promise<void> {
    const dir = dirname(this.dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (existsSync(this.dataDir) && readdirSync(this.dataDir).length > 0) throw new ClusterError(`${this.dataDir} is not empty but holds no cluster (no PG_VERSION); move it away`);
    for (const folder of [dir, this.dataDir, this.socketDir]) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      if (this.runAs) chownSync(folder, this.runAs.uid, this.runAs.gid);
    }
    if (this.runAs) this.checkReachable(dir);
    const initdb = join(this.binDir, 'initdb');
    const args = ['-D', this.dataDir, '-U', CLUSTER_SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'];
    if (this.options.throwAway) args.push('--no-sync');
    const result = await this.run(initdb, args);
    if (result.code !== 0) throw new ClusterError(`initdb failed (exit ${result.code}): ${result.output.trim().split('\n').slice(-3).join(' ')}`);
    const settings = [
      '',
      '# Written by the centre: a private server reachable only through the socket in run/.',
      "listen_addresses = ''",
      `unix_socket_directories = '${this.socketDir}'`,
      `port = ${this.port}`,
      'max_connections = 200',
      ...(this.options.throwAway ? ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off'] : []),
    ];
    appendFileSync(join(this.dataDir, 'postgresql.conf'), `${settings.join('\n')}\n`);
  }

  /** nobody must be able to walk down to its folder; /root, for one, it cannot. */
  private checkReachable(dir: string): void {
    for (let folder = dirname(dir); folder !== dirname(folder); folder = dirname(folder)) {
      const { mode, uid } = statSync(folder);
      if (uid !== this.runAs?.uid && (mode & 0o001) === 0) {
        throw new ClusterError(`the cluster runs as ${this.osUser}, which cannot enter ${folder} (mode ${(mode & 0o777).toString(8)}); set CENTRE_DATA_DIR to a folder it can reach, e.g. /var/lib/miaopi-centre`);
      }
    }
  }

  private async pgCtl(args: string[]): Promise<void> {
    const result = await this.run(join(this.binDir, 'pg_ctl'), args);
    if (result.code !== 0) throw new ClusterError(`pg_ctl ${args[0]} failed (exit ${result.code}): ${result.output.trim()}; see ${this.logFile}`);
  }

  private run(command: string, args: string[]): Promise<{ code: number; output: string }> {
    return new Promise((done, fail) => {
      const child = spawn(command, args, {
        cwd: dirname(this.dataDir),
        stdio: ['ignore', 'pipe', 'pipe'],
        // pg_ctl start leaves the server running: it must not hold our pipes open, nor die with our process group.
        detached: true,
        env: { ...process.env, LC_ALL: 'C.UTF-8', PGTZ: 'UTC' },
        ...(this.runAs ? { uid: this.runAs.uid, gid: this.runAs.gid } : {}),
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', (error) => fail(new ClusterError(`cannot run ${command}: ${error.message}`)));
      child.on('close', (code) => done({ code: code ?? 1, output }));
    });
  }
}

/** Debian's newest /usr/lib/postgresql/N/bin, or $PG_BIN_DIR. */
export function findPostgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.PG_BIN_DIR
    ? [env.PG_BIN_DIR]
    : safeList('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`);
  const found = candidates.find((dir) => executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl')));
  if (!found) throw new ClusterError(`PostgreSQL's initdb and pg_ctl were not found (looked in ${candidates.join(', ') || '/usr/lib/postgresql/*/bin'}): ${SETUP_HINT}`);
  return found;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function lookUpUser(name: string): RunAs {
  // /etc/passwd: name:x:uid:gid:...
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((entry) => entry.split(':')[0] === name);
  if (!line) throw new ClusterError(`the user ${name} does not exist; PostgreSQL cannot run as root`);
  const [, , uid, gid] = line.split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}
