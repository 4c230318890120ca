/**
 * What the centre knows of a room: its community, grid and address line from the city's
 * address base, imported from the same CSV file kiosks import (core/address/address-csv.ts
 * documents its columns; only house_code, community, grid, road, number, building and room
 * are kept here). Re-importing replaces the rows of the codes it names.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Pool } from 'pg';
import { normaliseBuildingName, normaliseRoadNumber, roomWithSuffix } from '../../rules/address-format';
import { splitCsvLine } from '../../rules/csv-line';

const NEEDED = ['house_code', 'community', 'grid', 'road', 'number', 'building', 'room'] as const;
const BATCH = 5000;

export interface RoomsImport {
  rooms: number;
  /** Lines refused, with the reason (the first 20). */
  refused: { line: number; reason: string }[];
  refusedTotal: number;
}

interface RoomRow {
  houseCode: string;
  community: string;
  grid: string;
  address: string;
}

export async function importAddressRooms(pool: Pool, file: string): Promise<RoomsImport> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  const result: RoomsImport = { rooms: 0, refused: [], refusedTotal: 0 };
  type Columns = Record<(typeof NEEDED)[number], number>;
  let column: Columns | undefined;
  let batch: RoomRow[] = [];
  let number = 0;
  const refuse = (line: number, reason: string) => {
    result.refusedTotal += 1;
    if (result.refused.length < 20) result.refused.push({ line, reason });
  };
  for await (const line of lines) {
    number += 1;
    if (line.trim() === '') continue;
    const fields = splitCsvLine(number === 1 ? line.replace(/^\uFEFF/, '') : line);
    if (!fields) {
      refuse(number, 'a quoted field is not closed');
      continue;
    }
    if (!column) {
      const names = fields.map((name) => name.trim().toLowerCase());
      const missing = NEEDED.filter((name) => !names.includes(name));
      if (missing.length > 0) throw new Error(`${file}: the header lacks column ${missing.join(', ')}`);
      column = Object.fromEntries(NEEDED.map((name) => [name, names.indexOf(name)])) as Columns;
      continue;
    }
    const value = (name: (typeof NEEDED)[number]) => (fields[column![name]] ?? '').trim();
    const houseCode = value('house_code');
    if (!/^\d{25}$/.test(houseCode)) {
      refuse(number, `"${houseCode}" is not a 25-digit house code`);
      continue;
    }
    const community = value('community');
    const gridNumber = Number(houseCode.slice(12, 14));
    batch.push({
      houseCode,
      community,
      grid: value('grid') || `${community}第${gridNumber}网格`,
      address: `${value('road')}${normaliseRoadNumber(value('number'))}${normaliseBuildingName(value('building'))}${roomWithSuffix(value('room'))}`,
    });
    if (batch.length >= BATCH) {
      result.rooms += await insertRooms(pool, batch);
      batch = [];
    }
  }
  if (!column) throw new Error(`${file}: no header line`);
  result.rooms += await insertRooms(pool, batch);
  return result;
}

async function insertRooms(pool: Pool, batch: readonly RoomRow[]): Promise<number> {
  // A code twice in one statement cannot be upserted twice: the later line wins.
  const rows = [...new Map(batch.map((row) => [row.houseCode, row])).values()];
  if (rows.length === 0) return 0;
  await pool.query(
    `INSERT INTO address_rooms (house_code, community, grid, address)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (house_code) DO UPDATE SET community = EXCLUDED.community, grid = EXCLUDED.grid, address = EXCLUDED.address`,
    [rows.map((r) => r.houseCode), rows.map((r) => r.community), rows.map((r) => r.grid), rows.map((r) => r.address)],
  );
  return rows.length;
}
