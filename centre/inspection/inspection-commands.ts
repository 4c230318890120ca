/**
 * `npm run centre -- inspection assign GRID NAME`: the staff member becomes the inspector
 * of the grid (the house code's first 14 digits), and its new businesses their tasks.
 * `npm run centre -- addresses import FILE`: the address base's rooms (the CSV kiosks
 * import), so the inspection lists name community, grid and address.
 */
import type { Command } from 'commander';
import type { Pool } from 'pg';
import { GridCode } from '../../protocol/centre-inspection';
import { StaffName } from '../../protocol/centre-staff';
import { importAddressRooms } from './address-rooms';
import { InspectionStore } from './inspection-store';
import { shippedStreets } from './places';

type WithPool = <T>(work: (pool: Pool) => Promise<T>) => Promise<T>;

function checked<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`"${value}" is not a ${what}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** `fail()` makes the command end with exit code 1 (a negative answer). */
export function registerInspectionCommands(program: Command, withPool: WithPool, fail: () => void): void {
  program
    .command('inspection')
    .description('grid inspection after approval')
    .command('assign <grid> <inspector>')
    .description("make the staff member the inspector of a grid (the house code's first 14 digits): its new businesses become their tasks")
    .action(async (grid: string, inspector: string) => {
      const gridCode = checked(GridCode, grid, 'grid code (14 digits)');
      const name = checked(StaffName, inspector, 'staff name');
      await withPool((pool) => new InspectionStore(pool, shippedStreets()).assignGrid(gridCode, name, 'centre-command'));
      process.stdout.write(`grid ${gridCode}: inspector ${name}\n`);
    });
  program
    .command('addresses')
    .description("the address base's rooms that the inspection lists name (community, grid, address)")
    .command('import <file>')
    .description('import the CSV the kiosks import (house_code, community, grid, road, number, building, room, …)')
    .action(async (file: string) => {
      const result = await withPool((pool) => importAddressRooms(pool, file));
      process.stdout.write(`${result.rooms} rooms imported\n`);
      for (const refused of result.refused) process.stderr.write(`line ${refused.line}: ${refused.reason}\n`);
      if (result.refusedTotal > 0) {
        process.stderr.write(`${result.refusedTotal} lines refused\n`);
        fail();
      }
    });
}
