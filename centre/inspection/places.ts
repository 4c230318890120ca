/**
 * Where a licence's room lies, from its house code: district and street named by the
 * street list (assets/data/shenzhen-streets.csv, shipped with the app), community, grid
 * and the address itself by the address base's rooms the centre holds (address_rooms,
 * `npm run centre -- addresses import FILE.csv`). A level the centre cannot name keeps
 * its code: the inspector still sees where the room lies.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Place } from '../../protocol/centre-inspection';
import { streetDirectoryFromCsv, type StreetDirectory } from '../../rules/street-directory';

/** The house code's levels as prefixes: district 6, street 9, community 12, grid 14 digits. */
export const GRID_CODE_LENGTH = 14;

/** dist/centre once bundled, centre/inspection under the tests: the app folder is two up either way. */
export function shippedStreetListPath(): string {
  const here = typeof __dirname === 'string' ? __dirname : resolve(process.cwd(), 'centre', 'inspection');
  return resolve(here, '..', '..', 'assets', 'data', 'shenzhen-streets.csv');
}

let shipped: StreetDirectory | undefined;

export function shippedStreets(): StreetDirectory {
  shipped ??= streetDirectoryFromCsv(readFileSync(shippedStreetListPath(), 'utf8'));
  return shipped;
}

export interface KnownRoom {
  community: string | null;
  grid: string | null;
  address: string | null;
}

export function placeOf(houseCode: string, room: KnownRoom, streets: StreetDirectory): Place {
  const code = (length: number) => houseCode.slice(0, length);
  return {
    district: { code: code(6), name: streets.district(code(6))?.name ?? null },
    street: { code: code(9), name: streets.street(code(9))?.name ?? null },
    community: { code: code(12), name: room.community },
    grid: { code: code(GRID_CODE_LENGTH), name: room.grid },
    houseCode,
    address: room.address,
  };
}

/** 龙岗区 平湖街道 平湖社区 平湖大街128号…: the whole place in one line, codes where names are unknown. */
export function placeLine(place: Place): string {
  const levels = [place.district, place.street, place.community].map((level) => level.name ?? level.code);
  return [...levels, place.address ?? place.houseCode].join(' ');
}
