/**
 * The centre's entry point (`npm run centre`, dist/centre/centre.cjs):
 *   (no command)        serve: prints `ready http://HOST:PORT` once it answers
 *   kiosk add ID [--hall NAME]  prints a one-time enrolment code for the kiosk
 *   kiosk hall ID NAME  puts the kiosk in a service hall (the fleet page groups by hall)
 *   kiosk revoke ID     refuses the kiosk's requests from now on
 *   staff add NAME --role ROLE, staff unlock NAME   (centre/staff/staff-commands.ts)
 *   kiosk ring ID canary|all  canary kiosks get new rule sets first
 *   ruleset publish FILE      a signed rule set (FILE.sig beside it) for every kiosk to pull
 *   address publish FILE      an address-base delta (address CSV rows; FILE.sig if signed)
 *   restricted publish FILE   the restricted list (one ID number per line)
 *   inspection assign GRID NAME, addresses import FILE   (centre/inspection/inspection-commands.ts)
 * Exit codes as kioskctl's: 0 ok, 1 a negative answer, 2 usage or I/O error.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import pino from 'pino';
import { KioskId } from '../protocol/centre';
import { purgeOldNonces } from './http/authenticate';
import { createCentreServer } from './http/server';
import { IdNumberVault, loadSecretKey } from './id-number-vault';
import { registerInspectionCommands } from './inspection/inspection-commands';
import { assignHall } from './fleet/halls';
import { addKiosk, revokeKiosk } from './kiosks';
import { CreditCodeLeases } from './downstream/credit-code-leases';
import { registerPublishCommands } from './downstream/publish-commands';
import { Publications } from './downstream/publications';
import { Rollouts } from './downstream/rollouts';
import { openCentreDatabase, type CentreDatabase } from './postgres/connect';
import { CentreRegistry } from './registry/registry';
import { centreSealingKey } from './sealing-key';
import { readSettings, type CentreSettings } from './settings';
import { registerStaffCommands } from './staff/staff-commands';

const NONCE_PURGE_INTERVAL_MS = 60_000;

async function serve(settings: CentreSettings): Promise<void> {
  const log = pino({ level: settings.logLevel, base: { app: 'miaopi-centre' } }, pino.destination(2));
  mkdirSync(settings.dataDir, { recursive: true, mode: 0o711 });
  const secret = loadSecretKey(settings.dataDir);
  const vault = new IdNumberVault(secret);
  const database = await openCentreDatabase(settings);
  const registry = new CentreRegistry(database.pool, vault, settings.leaseMs);
  const rollouts = new Rollouts(database.pool, settings.rollout);
  const downstream = { leases: new CreditCodeLeases(database.pool, settings.creditCodes), publications: new Publications(database.pool, vault, rollouts) };
  // dist/centre/centre.cjs serves the web app Vite built into dist/centre-web.
  const server = createCentreServer({ pool: database.pool, registry, log, clockWindowMs: settings.clockWindowMs, vault, sealingKey: centreSealingKey(secret), webDir: join(__dirname, '..', 'centre-web'), downstream, fleetSettings: settings.fleet });
  const purge = setInterval(() => void purgeOldNonces(database.pool, settings.clockWindowMs).catch(() => undefined), NONCE_PURGE_INTERVAL_MS);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    clearInterval(purge);
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(settings.port, settings.host, done);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  log.info({ mode: database.mode, dataDir: settings.dataDir }, 'centre started');
  process.stdout.write(`ready http://${settings.host}:${port}\n`);
}

async function withDatabase<T>(settings: CentreSettings, work: (database: CentreDatabase) => Promise<T>): Promise<T> {
  const database = await openCentreDatabase(settings);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

function kioskIdArgument(id: string): string {
  const parsed = KioskId.safeParse(id);
  if (!parsed.success) throw new Error(`"${id}" is not a kiosk id: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export async function main(argv: string[]): Promise<number> {
  const settings = readSettings();
  let exitCode = 0;
  const program = new Command('centre').description('秒批 centre: the city registry every kiosk asks').exitOverride();
  program.action(() => serve(settings));
  const kiosk = program.command('kiosk').description('the kiosks the centre accepts');
  kiosk
    .command('add <id>')
    .description('a one-time enrolment code for the kiosk (valid 24 h); use it with `kioskctl centre enrol URL --code CODE`')
    .option('--hall <name>', 'the service hall it stands in')
    .action(async (id: string, options: { hall?: string }) => {
      const { code, expiresAt } = await withDatabase(settings, async (db) => {
        const added = await addKiosk(db.pool, kioskIdArgument(id));
        if (options.hall !== undefined) await assignHall(db.pool, id, options.hall);
        return added;
      });
      process.stdout.write(`${code}\n`);
      process.stderr.write(`one-time code for kiosk ${id}, valid until ${expiresAt.toISOString()}\n`);
    });
  /** Says what happened to a kiosk the command named, or that the centre has no such kiosk (exit 1). */
  const reportKiosk = (known: boolean, id: string, done: string) => {
    if (known) process.stdout.write(`kiosk ${id} ${done}\n`);
    else {
      process.stderr.write(`centre: no kiosk ${id}\n`);
      exitCode = 1;
    }
  };
  kiosk
    .command('ring <id> <ring>')
    .description('canary: the kiosk gets new rule sets first; all: with every other kiosk')
    .action(async (id: string, ring: string) => {
      if (ring !== 'canary' && ring !== 'all') {
        process.stderr.write(`centre: the ring is canary or all, not "${ring}"\n`);
        exitCode = 2;
        return;
      }
      const known = await withDatabase(settings, (db) => new Rollouts(db.pool, settings.rollout).setRing(kioskIdArgument(id), ring));
      reportKiosk(known, id, `in ring ${ring}`);
    });
  kiosk
    .command('hall <id> <name>')
    .description('put the kiosk in a service hall (the fleet page groups kiosks by hall)')
    .action(async (id: string, name: string) => {
      const known = await withDatabase(settings, (db) => assignHall(db.pool, kioskIdArgument(id), name));
      reportKiosk(known, id, `is in hall ${name}`);
    });
  kiosk
    .command('revoke <id>')
    .description('refuse every request of the kiosk from now on')
    .action(async (id: string) => {
      const known = await withDatabase(settings, (db) => revokeKiosk(db.pool, kioskIdArgument(id)));
      reportKiosk(known, id, 'revoked');
    });
  registerStaffCommands(program, (work) => withDatabase(settings, (db) => work(db.pool)));
  registerPublishCommands(program, (work) => withDatabase(settings, (db) => work(new Publications(db.pool, new IdNumberVault(loadSecretKey(settings.dataDir)), new Rollouts(db.pool, settings.rollout)))), (code) => (exitCode = code));
  registerInspectionCommands(program, (work) => withDatabase(settings, (db) => work(db.pool)), () => (exitCode = 1));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`centre: ${(error as Error).message}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Serving keeps the event loop alive; the commands end here.
    if (code !== 0 || process.argv.length > 2) process.exit(code);
  },
  (error: Error) => {
    process.stderr.write(`centre: ${error.message}\n`);
    process.exit(2);
  },
);
