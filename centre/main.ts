/**
 * The centre's entry point (`npm run centre`, dist/centre/centre.cjs):
 *   (no command)        serve: prints `ready http://HOST:PORT` once it answers
 *   kiosk add ID        prints a one-time enrolment code for the kiosk
 *   kiosk revoke ID     refuses the kiosk's requests from now on
 *   inspection assign GRID USER   makes USER the inspector of the 14-digit grid
 *   addresses import FILE         rooms of the address base (the kiosks' CSV) for the inspection lists
 * Exit codes as kioskctl's: 0 ok, 1 a negative answer, 2 usage or I/O error.
 */
import { mkdirSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import pino from 'pino';
import type { z } from 'zod';
import { KioskId } from '../protocol/centre';
import { GridCode, StaffName } from '../protocol/centre-inspection';
import { purgeOldNonces } from './http/authenticate';
import { createCentreServer } from './http/server';
import { IdNumberVault, loadSecretKey } from './id-number-vault';
import { importAddressRooms } from './inspection/address-rooms';
import { InspectionStore } from './inspection/inspection-store';
import { shippedStreets } from './inspection/places';
import { addKiosk, revokeKiosk } from './kiosks';
import { openCentreDatabase, type CentreDatabase } from './postgres/connect';
import { CentreRegistry } from './registry/registry';
import { readSettings, type CentreSettings } from './settings';

const NONCE_PURGE_INTERVAL_MS = 60_000;

async function serve(settings: CentreSettings): Promise<void> {
  const log = pino({ level: settings.logLevel, base: { app: 'miaopi-centre' } }, pino.destination(2));
  mkdirSync(settings.dataDir, { recursive: true, mode: 0o711 });
  const vault = new IdNumberVault(loadSecretKey(settings.dataDir));
  const database = await openCentreDatabase(settings);
  const registry = new CentreRegistry(database.pool, vault, settings.leaseMs);
  const server = createCentreServer({ pool: database.pool, registry, log, clockWindowMs: settings.clockWindowMs });
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

function checkedArgument<T>(schema: z.ZodType<T>, value: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`"${value}" is not a ${what}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function kioskIdArgument(id: string): string {
  return checkedArgument(KioskId, id, 'kiosk id');
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
    .action(async (id: string) => {
      const { code, expiresAt } = await withDatabase(settings, (db) => addKiosk(db.pool, kioskIdArgument(id)));
      process.stdout.write(`${code}\n`);
      process.stderr.write(`one-time code for kiosk ${id}, valid until ${expiresAt.toISOString()}\n`);
    });
  kiosk
    .command('revoke <id>')
    .description('refuse every request of the kiosk from now on')
    .action(async (id: string) => {
      const known = await withDatabase(settings, (db) => revokeKiosk(db.pool, kioskIdArgument(id)));
      if (known) process.stdout.write(`kiosk ${id} revoked\n`);
      else {
        process.stderr.write(`centre: no kiosk ${id}\n`);
        exitCode = 1;
      }
    });
  const inspection = program.command('inspection').description('grid inspection after approval');
  inspection
    .command('assign <grid> <inspector>')
    .description("make the staff member the inspector of a grid (the house code's first 14 digits): its new businesses become their tasks")
    .action(async (grid: string, inspector: string) => {
      const gridCode = checkedArgument(GridCode, grid, 'grid code');
      const name = checkedArgument(StaffName, inspector, 'staff name');
      await withDatabase(settings, (db) => new InspectionStore(db.pool, shippedStreets()).assignGrid(gridCode, name, 'centre-command'));
      process.stdout.write(`grid ${gridCode}: inspector ${name}\n`);
    });
  program
    .command('addresses')
    .description("the address base's rooms the inspection lists name (community, grid, address)")
    .command('import <file>')
    .description('import the CSV the kiosks import (house_code, community, grid, road, number, building, room, …)')
    .action(async (file: string) => {
      const result = await withDatabase(settings, (db) => importAddressRooms(db.pool, file));
      process.stdout.write(`${result.rooms} rooms imported\n`);
      for (const refused of result.refused) process.stderr.write(`line ${refused.line}: ${refused.reason}\n`);
      if (result.refusedTotal > 0) {
        process.stderr.write(`${result.refusedTotal} lines refused\n`);
        exitCode = 1;
      }
    });
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
