/**
 * Writes a new address database file row by row, checking each row on the way in: the
 * house code against the street list, the fields against their shape, and every row of
 * a building, grid or community against the first row that named it. A rejected row is
 * reported with its reason and leaves nothing behind.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { BUILDING_CODE_LENGTH, describeHouseCodeProblem, parseHouseCode } from '../../rules/house-code';
import type { StreetDirectory } from '../../rules/street-directory';
import { columnName, type AddressRow } from './address-csv';
import { normaliseBuildingName, normaliseRoadNumber } from './address-format';
import { ROOM_STATUSES, ROOM_USAGES, type StoredRoom } from './address-record';
import { ADDRESS_DB_FORMAT, ADDRESS_DB_VERSION, ADDRESS_SCHEMA_SQL, META } from './address-schema';

const text = (max: number) => z.string().max(max, `longer than ${max} characters`);
const required = (max: number) => text(max).min(1, 'empty');

const RowFields = z.object({
  community: required(40),
  grid: text(40),
  road: required(60),
  number: required(20),
  building: text(60),
  room: required(20),
  usage: z.enum(ROOM_USAGES, { error: `expected one of ${ROOM_USAGES.join(' ')}` }),
  status: z.union([z.enum(ROOM_STATUSES), z.literal('')], { error: `expected one of ${ROOM_STATUSES.join(', ')} or empty` }),
});

export interface BuiltRoom {
  houseCode: string;
  room: StoredRoom;
}

export type RowVerdict = { ok: true; built: BuiltRoom } | { ok: false; reason: string };

export interface BuildMeta {
  /** What the rows came from, e.g. the CSV file's name. */
  source: string;
  /** ISO timestamp of the build. */
  builtAt: string;
}

interface FirstSeen {
  line: number;
  text: string;
}

const ALL_DIGITS = /^[0-9]{25}$/;

export class AddressDatabaseBuilder {
  private readonly db: Database.Database;
  private readonly insertCommunity: Database.Statement;
  private readonly insertGrid: Database.Statement;
  private readonly insertBuilding: Database.Statement;
  private readonly insertRoom: Database.Statement;
  private readonly communities = new Map<string, FirstSeen>();
  private readonly grids = new Map<string, FirstSeen>();
  private readonly buildings = new Map<string, FirstSeen>();
  /** Street code → '' when the street exists, else the reason. */
  private readonly streetVerdicts = new Map<string, string>();
  private roomCount = 0;
  private lastBuilding: { code: string; key: bigint; room: StoredRoom } | undefined;

  /** Starts a fresh file at `file`, replacing whatever is there. */
  static create(file: string, streets: StreetDirectory): AddressDatabaseBuilder {
    mkdirSync(dirname(file), { recursive: true });
    rmSync(file, { force: true });
    rmSync(`${file}-journal`, { force: true });
    return new AddressDatabaseBuilder(file, streets, false);
  }

  /**
   * Applies a delta to `file`, a private copy of a finished database: its rows add rooms
   * or replace them (and their building, grid and community names) by house code.
   */
  static update(file: string, streets: StreetDirectory): AddressDatabaseBuilder {
    return new AddressDatabaseBuilder(file, streets, true);
  }

  private constructor(
    readonly file: string,
    private readonly streets: StreetDirectory,
    private readonly delta: boolean,
  ) {
    this.db = new Database(file);
    // A file nobody reads until it is finished and verified: no journal, no fsync per page.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('cache_size = -65536');
    if (!delta) this.db.exec(ADDRESS_SCHEMA_SQL);
    // A delta replaces by code what the base had; a new file must not list a code twice.
    const put = (table: string, key: string, columns: string[]) =>
      this.db.prepare(
        `INSERT INTO ${table} (${[...key.split(', '), ...columns].join(', ')}) VALUES (${[...key.split(', '), ...columns].map(() => '?').join(', ')})` +
          (delta ? ` ON CONFLICT (${key}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}` : table === 'rooms' ? ' ON CONFLICT DO NOTHING' : ''),
      );
    this.insertCommunity = put('communities', 'code', ['name']);
    this.insertGrid = put('grids', 'code', ['name']);
    this.insertBuilding = put('buildings', 'code', ['road', 'number', 'name']);
    this.insertRoom = put('rooms', 'building, room', ['label', 'usage', 'status']);
    this.db.exec('BEGIN');
  }

  get rooms(): number {
    return this.roomCount;
  }

  /** `line` names the row in the reasons of later rows that disagree with it. */
  add(row: AddressRow, line: number): RowVerdict {
    const code = this.checkCode(row.houseCode);
    if (!code.ok) return code;
    const houseCode = code.houseCode;

    const parsed = RowFields.safeParse(row);
    if (!parsed.success) return { ok: false, reason: describeIssue(parsed.error.issues[0], row) };
    const fields = parsed.data;

    const communityCode = houseCode.slice(0, 12);
    const gridCode = houseCode.slice(0, 14);
    const buildingCode = houseCode.slice(0, BUILDING_CODE_LENGTH);
    const room: StoredRoom = {
      communityName: fields.community,
      gridName: fields.grid || `${fields.community}第${Number(houseCode.slice(12, 14))}网格`,
      road: fields.road,
      number: normaliseRoadNumber(fields.number),
      buildingName: normaliseBuildingName(fields.building),
      roomLabel: fields.room,
      usage: fields.usage,
      status: fields.status || 'normal',
    };
    // Rooms of one building usually come together: the row before has already checked its facts.
    const last = this.lastBuilding;
    const sameAsLast = last !== undefined && last.code === buildingCode && sameBuildingFacts(last.room, room);
    if (!sameAsLast) {
      const conflict =
        this.disagreement(this.communities, communityCode, room.communityName, 'community') ??
        this.disagreement(this.grids, gridCode, room.gridName, 'grid') ??
        this.disagreement(this.buildings, buildingCode, buildingText(room), 'building');
      if (conflict) return { ok: false, reason: conflict };
    }
    const key = sameAsLast ? last.key : BigInt(buildingCode);

    const inserted = this.insertRoom.run(
      key,
      Number(houseCode.slice(BUILDING_CODE_LENGTH)),
      room.roomLabel,
      ROOM_USAGES.indexOf(room.usage),
      ROOM_STATUSES.indexOf(room.status),
    );
    if (inserted.changes === 0) return { ok: false, reason: `house code ${houseCode} is listed twice; the earlier line is kept` };
    this.roomCount += 1;

    if (!sameAsLast) {
      if (!this.communities.has(communityCode)) {
        this.communities.set(communityCode, { line, text: room.communityName });
        this.insertCommunity.run(Number(communityCode), room.communityName);
      }
      if (!this.grids.has(gridCode)) {
        this.grids.set(gridCode, { line, text: room.gridName });
        this.insertGrid.run(Number(gridCode), room.gridName);
      }
      if (!this.buildings.has(buildingCode)) {
        this.buildings.set(buildingCode, { line, text: buildingText(room) });
        this.insertBuilding.run(key, room.road, room.number, room.buildingName);
      }
      this.lastBuilding = { code: buildingCode, key, room };
    }
    return { ok: true, built: { houseCode, room } };
  }

  /** Commits and closes the file; it is then a complete database, not yet verified. */
  finish(meta: BuildMeta): void {
    const put = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    if (!this.delta) {
      const usage = this.db.prepare('INSERT INTO usages (id, name) VALUES (?, ?)');
      ROOM_USAGES.forEach((name, id) => usage.run(id, name));
      put.run(META.format, ADDRESS_DB_FORMAT);
      put.run(META.version, String(ADDRESS_DB_VERSION));
    } else {
      // The rooms the file holds now: the base's and the delta's new ones.
      this.roomCount = this.db.prepare('SELECT count(*) FROM rooms').pluck().get() as number;
    }
    put.run(META.builtAt, meta.builtAt);
    put.run(META.source, meta.source);
    put.run(META.rooms, String(this.roomCount));
    this.db.exec('COMMIT');
    this.db.pragma('journal_mode = DELETE');
    this.db.close();
  }

  /** Closes and deletes the unfinished file. */
  abandon(): void {
    if (this.db.open) this.db.close();
    rmSync(this.file, { force: true });
  }

  private checkCode(input: string): { ok: true; houseCode: string } | { ok: false; reason: string } {
    // Plain digits (every line of a machine-made file): the street alone decides.
    if (ALL_DIGITS.test(input)) {
      const streetCode = input.slice(0, 9);
      let verdict = this.streetVerdicts.get(streetCode);
      if (verdict === undefined) {
        const parsed = parseHouseCode(input, this.streets);
        verdict = parsed.ok ? '' : describeHouseCodeProblem(parsed.reason, 'en');
        this.streetVerdicts.set(streetCode, verdict);
      }
      return verdict === '' ? { ok: true, houseCode: input } : { ok: false, reason: `${columnName('houseCode')}: ${verdict}` };
    }
    const parsed = parseHouseCode(input, this.streets);
    if (!parsed.ok) return { ok: false, reason: `${columnName('houseCode')}: ${describeHouseCodeProblem(parsed.reason, 'en')}` };
    return { ok: true, houseCode: parsed.code };
  }

  private disagreement(seen: Map<string, FirstSeen>, code: string, text: string, what: string): string | undefined {
    const first = seen.get(code);
    if (!first || first.text === text) return undefined;
    return `${what} ${code} is ${first.text} on line ${first.line}, here ${text}`;
  }
}

function buildingText(room: StoredRoom): string {
  return `${room.road}${room.number}${room.buildingName}`;
}

function sameBuildingFacts(a: StoredRoom, b: StoredRoom): boolean {
  return a.communityName === b.communityName && a.gridName === b.gridName && a.road === b.road && a.number === b.number && a.buildingName === b.buildingName;
}

function describeIssue(issue: z.core.$ZodIssue | undefined, row: AddressRow): string {
  if (!issue) return 'invalid row';
  const field = issue.path[0] as keyof AddressRow;
  const value = row[field];
  return `${columnName(field)}: ${issue.message}${value === '' || value === undefined ? '' : `, got ${JSON.stringify(value)}`}`;
}
