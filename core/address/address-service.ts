/**
 * The kiosk's address lookup: house code in, the room's full address out. The database
 * file may be replaced under it by an import (rename over the old file); the next lookup
 * sees the new inode and reopens, while lookups until then are served from the old file.
 */
import { statSync, type Stats } from 'node:fs';
import { parseHouseCode } from '../../rules/house-code';
import type { StreetDirectory } from '../../rules/street-directory';
import { AddressDatabase, AddressDatabaseError, type AddressDatabaseInfo } from './address-database';
import { formatChineseAddress } from './address-format';
import type { AddressLookup } from './address-record';

export interface AddressServiceOptions {
  databaseFile: string;
  streets: StreetDirectory;
}

interface OpenFile {
  database: AddressDatabase;
  identity: string;
}

export class AddressService {
  private current: OpenFile | undefined;

  constructor(private readonly options: AddressServiceOptions) {}

  get databaseFile(): string {
    return this.options.databaseFile;
  }

  /** Throws AddressDatabaseError when no database can be opened; every answer about the code itself is a value. */
  lookup(input: string): AddressLookup {
    const parsed = parseHouseCode(input, this.options.streets);
    if (!parsed.ok) return parsed;
    const database = this.database();
    const room = database.findRoom(parsed.code);
    if (!room) return { ok: false, reason: { code: 'not-found', houseCode: parsed.code, buildingKnown: database.hasBuilding(parsed.buildingCode) } };
    return {
      ok: true,
      address: {
        houseCode: parsed.code,
        buildingCode: parsed.buildingCode,
        districtCode: parsed.districtCode,
        districtName: parsed.districtName,
        streetCode: parsed.streetCode,
        streetName: parsed.streetName,
        communityCode: parsed.code.slice(0, 12),
        gridCode: parsed.code.slice(0, 14),
        ...room,
        formatted: formatChineseAddress({ ...room, districtName: parsed.districtName, streetName: parsed.streetName }),
      },
    };
  }

  info(): AddressDatabaseInfo {
    return this.database().info();
  }

  close(): void {
    this.current?.database.close();
    this.current = undefined;
  }

  private database(): AddressDatabase {
    const file = this.options.databaseFile;
    let stats: Stats;
    try {
      stats = statSync(file);
    } catch (error) {
      // The open file still answers if its name was removed; nothing to answer from otherwise.
      if (this.current) return this.current.database;
      throw new AddressDatabaseError(`cannot open the address database ${file}: ${(error as Error).message}`);
    }
    const identity = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    if (this.current?.identity === identity) return this.current.database;
    const database = AddressDatabase.open(file);
    this.close();
    this.current = { database, identity };
    return database;
  }
}
