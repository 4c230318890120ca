/** Reads one address database file (read only): rooms by house code, and what the file holds. */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BUILDING_CODE_LENGTH } from '../../rules/house-code';
import { ROOM_STATUSES, ROOM_USAGES, type RoomStatus, type RoomUsage, type StoredRoom } from './address-record';
import { ADDRESS_DB_FORMAT, ADDRESS_DB_VERSION, COMMUNITY_DIVISOR, GRID_DIVISOR, META } from './address-schema';

/** The file is missing, unreadable or not an address database: an operations problem, not the applicant's. */
export class AddressDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressDatabaseError';
  }
}

export interface AddressDatabaseInfo {
  file: string;
  formatVersion: number;
  /** ISO timestamp. */
  builtAt: string;
  source: string;
  rooms: number;
  buildings: number;
  communities: number;
  /** Distinct streets that have at least one community. */
  streets: number;
  bytes: number;
}

interface RoomRow {
  label: string;
  usage: number;
  status: number;
  road: string;
  number: string;
  building: string;
  grid: string | null;
  community: string | null;
}

export class AddressDatabase {
  private readonly findRoomStatement: Database.Statement<[bigint, number], RoomRow>;
  private readonly hasBuildingStatement: Database.Statement<[bigint], number>;
  private readonly usages: readonly RoomUsage[];

  static open(file: string): AddressDatabase {
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new AddressDatabaseError(`cannot open the address database ${file}: ${(error as Error).message}`);
    }
    try {
      return new AddressDatabase(file, db);
    } catch (error) {
      db.close();
      if (error instanceof AddressDatabaseError) throw error;
      throw new AddressDatabaseError(`${file} is not an address database: ${(error as Error).message}`);
    }
  }

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {
    const format = this.meta(META.format);
    const version = this.meta(META.version);
    if (format !== ADDRESS_DB_FORMAT || version !== String(ADDRESS_DB_VERSION)) {
      throw new AddressDatabaseError(`${file} is not an address database of version ${ADDRESS_DB_VERSION} (format ${format ?? 'none'}, version ${version ?? 'none'})`);
    }
    const stored = db.prepare('SELECT id, name FROM usages').all() as { id: number; name: string }[];
    const usages: RoomUsage[] = [];
    for (const { id, name } of stored) {
      if (!(ROOM_USAGES as readonly string[]).includes(name)) throw new AddressDatabaseError(`${file} uses an unknown usage ${name}`);
      usages[id] = name as RoomUsage;
    }
    this.usages = usages;
    this.findRoomStatement = db.prepare(`
      SELECT r.label, r.usage, r.status, b.road, b.number, b.name AS building, g.name AS grid, c.name AS community
      FROM rooms r
      JOIN buildings b ON b.code = r.building
      LEFT JOIN grids g ON g.code = r.building / ${GRID_DIVISOR}
      LEFT JOIN communities c ON c.code = r.building / ${COMMUNITY_DIVISOR}
      WHERE r.building = ? AND r.room = ?`);
    this.hasBuildingStatement = db.prepare<[bigint], number>('SELECT 1 FROM buildings WHERE code = ?').pluck();
  }

  /** The room of a 25-digit house code (already checked to be digits), or undefined. */
  findRoom(houseCode: string): StoredRoom | undefined {
    const row = this.findRoomStatement.get(BigInt(houseCode.slice(0, BUILDING_CODE_LENGTH)), Number(houseCode.slice(BUILDING_CODE_LENGTH)));
    if (!row) return undefined;
    return {
      communityName: row.community ?? '',
      gridName: row.grid ?? '',
      road: row.road,
      number: row.number,
      buildingName: row.building,
      roomLabel: row.label,
      usage: this.usageOf(row.usage),
      status: this.statusOf(row.status),
    };
  }

  hasBuilding(buildingCode: string): boolean {
    return this.hasBuildingStatement.get(BigInt(buildingCode)) !== undefined;
  }

  info(): AddressDatabaseInfo {
    const count = (sql: string): number => this.db.prepare(sql).pluck().get() as number;
    return {
      file: this.file,
      formatVersion: Number(this.meta(META.version)),
      builtAt: this.meta(META.builtAt) ?? '',
      source: this.meta(META.source) ?? '',
      rooms: Number(this.meta(META.rooms) ?? 0),
      buildings: count('SELECT COUNT(*) FROM buildings'),
      communities: count('SELECT COUNT(*) FROM communities'),
      streets: count('SELECT COUNT(DISTINCT code / 1000) FROM communities'),
      bytes: statSync(this.file).size,
    };
  }

  /** Counts the rows themselves (the info's room count is what the builder recorded). */
  countRooms(): number {
    return this.db.prepare('SELECT COUNT(*) FROM rooms').pluck().get() as number;
  }

  /** SQLite's own check of the file; empty when it is sound. */
  integrityProblems(): string[] {
    const results = this.db.prepare('PRAGMA integrity_check').pluck().all() as string[];
    return results.length === 1 && results[0] === 'ok' ? [] : results;
  }

  close(): void {
    this.db.close();
  }

  private meta(key: string): string | undefined {
    return this.db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  }

  private usageOf(id: number): RoomUsage {
    const usage = this.usages[id];
    if (!usage) throw new AddressDatabaseError(`${this.file} has a room with an unknown usage ${id}`);
    return usage;
  }

  private statusOf(index: number): RoomStatus {
    const status = ROOM_STATUSES[index];
    if (!status) throw new AddressDatabaseError(`${this.file} has a room with an unknown status ${index}`);
    return status;
  }
}
