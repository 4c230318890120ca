/**
 * `kioskctl maintenance set-pin`: reads a new maintenance PIN from stdin and prints its
 * scrypt hash for the configuration's maintenance.pinHash. The PIN never appears on the
 * command line (where it would land in the shell history and the process list).
 */
import type { Command } from 'commander';
import { hashPin, isValidPin } from '../maintenance/pin-hash';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

export function registerMaintenanceCommands(program: Command, io: CliIo, readStdin: () => Promise<string> = readAllStdin): void {
  program
    .command('maintenance')
    .description('the technicians\' maintenance mode')
    .command('set-pin')
    .description('read a PIN (4-12 digits) from stdin and print its hash for maintenance.pinHash in kiosk.json')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      const pin = (await readStdin()).split(/\r?\n/)[0]?.trim() ?? '';
      if (!isValidPin(pin)) {
        io.error('kioskctl: a maintenance PIN is 4 to 12 digits, given on stdin, e.g. `read -s PIN; echo "$PIN" | kioskctl maintenance set-pin`');
        return io.exit(EXIT.usage);
      }
      const pinHash = await hashPin(pin);
      io.result(options.json ? { pinHash } : `${pinHash}\nput it in kiosk.json as "maintenance": { "pinHash": "…" } and restart the kiosk`, options.json);
      return io.exit(EXIT.ok);
    });
}

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
