/**
 * The address import file: UTF-8 CSV (a BOM and CRLF line ends are fine), one room per
 * line, a header line naming these columns in any order:
 *
 * | column     | content                                                    | example               |
 * | ---------- | ---------------------------------------------------------- | --------------------- |
 * | house_code | the room's 25-digit house code                             | 4403070030030400042000003 |
 * | community  | the community (社区) name                                  | 平湖社区              |
 * | grid       | the grid (网格) name; empty gives 「<community>第N网格」    | 平湖社区第4网格       |
 * | road       | road or lane                                               | 平湖大街              |
 * | number     | number on the road; 号 is added when missing               | 128号                 |
 * | building   | building name, may be empty; a bare number gets 栋         | 华南城1号楼           |
 * | room       | room label as printed at the door                          | 0301 or 301室         |
 * | usage      | one of 住宅 商业 办公 工业 商住 仓储 公共服务 其他          | 商业                  |
 * | status     | normal, demolished or flagged-for-inspection; empty = normal | normal              |
 *
 * Every room of one building must give the same road, number and building name, every
 * room of one grid or community the same grid or community name.
 */
import { splitCsvLine } from '../../rules/csv-line';

export { splitCsvLine };

export interface AddressRow {
  houseCode: string;
  community: string;
  grid: string;
  road: string;
  number: string;
  building: string;
  room: string;
  usage: string;
  status: string;
}

const COLUMN_OF: Record<keyof AddressRow, string> = {
  houseCode: 'house_code',
  community: 'community',
  grid: 'grid',
  road: 'road',
  number: 'number',
  building: 'building',
  room: 'room',
  usage: 'usage',
  status: 'status',
};
const FIELDS = Object.keys(COLUMN_OF) as (keyof AddressRow)[];
export const ADDRESS_CSV_COLUMNS: readonly string[] = FIELDS.map((field) => COLUMN_OF[field]);

export function columnName(field: keyof AddressRow): string {
  return COLUMN_OF[field];
}

/** Where each field sits in a line of this file. */
export type CsvLayout = Record<keyof AddressRow, number> & { width: number };

export type HeaderParse = { ok: true; layout: CsvLayout } | { ok: false; problem: string };

export function readAddressHeader(line: string): HeaderParse {
  const names = splitCsvLine(line.replace(/^\uFEFF/, ''))?.map((name) => name.trim().toLowerCase());
  if (!names) return { ok: false, problem: 'the header line has an unclosed quote' };
  const unknown = names.filter((name) => !ADDRESS_CSV_COLUMNS.includes(name));
  if (unknown.length > 0) return { ok: false, problem: `unknown column ${unknown.join(', ')}; expected ${ADDRESS_CSV_COLUMNS.join(', ')}` };
  const missing = ADDRESS_CSV_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) return { ok: false, problem: `the header lacks column ${missing.join(', ')}; expected ${ADDRESS_CSV_COLUMNS.join(', ')}` };
  const layout = { width: names.length } as CsvLayout;
  for (const field of FIELDS) layout[field] = names.indexOf(COLUMN_OF[field]);
  return { ok: true, layout };
}

export type RowParse = { ok: true; row: AddressRow } | { ok: false; problem: string };

export function readAddressLine(line: string, layout: CsvLayout): RowParse {
  const fields = splitCsvLine(line);
  if (!fields) return { ok: false, problem: 'a quoted field is not closed' };
  if (fields.length !== layout.width) return { ok: false, problem: `expected ${layout.width} fields, found ${fields.length}` };
  return {
    ok: true,
    row: {
      houseCode: trimmed(fields, layout.houseCode),
      community: trimmed(fields, layout.community),
      grid: trimmed(fields, layout.grid),
      road: trimmed(fields, layout.road),
      number: trimmed(fields, layout.number),
      building: trimmed(fields, layout.building),
      room: trimmed(fields, layout.room),
      usage: trimmed(fields, layout.usage),
      status: trimmed(fields, layout.status),
    },
  };
}

function trimmed(fields: readonly string[], index: number): string {
  return (fields[index] ?? '').trim();
}

export function addressCsvHeader(): string {
  return ADDRESS_CSV_COLUMNS.join(',');
}

/** One line in the column order of addressCsvHeader(), quoted where needed. */
export function addressCsvLine(row: AddressRow): string {
  return FIELDS.map((field) => quote(row[field])).join(',');
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
