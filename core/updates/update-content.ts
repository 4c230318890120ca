/**
 * Is the content of an update sound? A rule set goes through the same loader the kiosk
 * decides with (every bad field named); an address database must open as one, pass
 * SQLite's integrity check, hold the rooms it records, and answer lookups of rooms it
 * holds through the kiosk's own address service (so its codes fit the street list).
 */
import Database from 'better-sqlite3';
import { BUILDING_CODE_LENGTH, HOUSE_CODE_LENGTH } from '../../rules/house-code';
import type { StreetDirectory } from '../../rules/street-directory';
import { AddressDatabase, AddressDatabaseError } from '../address/address-database';
import { AddressService } from '../address/address-service';
import { loadRuleSet } from '../approval/approval-data';
import { DataFileError } from '../approval/data-file';
import type { UpdateTarget } from './installed-data';

export type ContentCheck = { ok: true; target: UpdateTarget; version: string } | { ok: false; details: string[] };

/** How many of the database's own rooms are looked up again before it may go live. */
const PROBE_ROOMS = 20;

export function checkRuleSet(file: string): ContentCheck {
  try {
    const { value } = loadRuleSet(file);
    return { ok: true, target: value.service, version: value.version };
  } catch (error) {
    if (error instanceof DataFileError) return { ok: false, details: error.problems.map((p) => `${p.field}: ${p.message}`) };
    throw error;
  }
}

export function checkAddressDatabase(file: string, streets: StreetDirectory): ContentCheck {
  let database: AddressDatabase;
  try {
    database = AddressDatabase.open(file);
  } catch (error) {
    if (error instanceof AddressDatabaseError) return { ok: false, details: [error.message] };
    throw error;
  }
  let builtAt: string;
  try {
    const integrity = database.integrityProblems();
    if (integrity.length > 0) return { ok: false, details: [`SQLite integrity check: ${integrity.slice(0, 3).join('; ')}`] };
    const info = database.info();
    const counted = database.countRooms();
    if (counted === 0 || counted !== info.rooms) return { ok: false, details: [`the file records ${info.rooms} rooms and holds ${counted}`] };
    builtAt = info.builtAt;
  } catch (error) {
    // A damaged file can get past the open and fail on the first page it reads.
    return { ok: false, details: [(error as Error).message] };
  } finally {
    database.close();
  }
  const problem = probeLookups(file, streets);
  return problem ? { ok: false, details: [problem] } : { ok: true, target: 'addresses', version: builtAt };
}

function probeLookups(file: string, streets: StreetDirectory): string | undefined {
  const service = new AddressService({ databaseFile: file, streets });
  try {
    for (const houseCode of someHouseCodes(file)) {
      const found = service.lookup(houseCode);
      if (!found.ok) return `looking up ${houseCode}, a room the file holds, gave ${found.reason.code}`;
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    service.close();
  }
}

function someHouseCodes(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT building, room FROM rooms LIMIT ${PROBE_ROOMS}`).safeIntegers().all() as { building: bigint; room: bigint }[];
    return rows.map(({ building, room }) => String(building).padStart(BUILDING_CODE_LENGTH, '0') + String(room).padStart(HOUSE_CODE_LENGTH - BUILDING_CODE_LENGTH, '0'));
  } finally {
    db.close();
  }
}
