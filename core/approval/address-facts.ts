/**
 * The address facts of an application from the house-code address base, for
 * applications that give only the house code. The database and street list are the
 * configured ones (addresses.database, addresses.streets), else the built sample.
 */
import type { AddressRecord } from '../../rules/approval/facts';
import { resolveAddressPaths } from '../address/address-paths';
import type { RoomAddress } from '../address/address-record';
import { AddressService } from '../address/address-service';
import { loadStreetDirectory } from '../address/street-list';
import { loadConfig } from '../config/load';
import { defaultUserDataDir } from '../config/paths';

const FLAGGED_STATUS: RoomAddress['status'] = 'flagged-for-inspection';

export function addressRecordOf(room: RoomAddress): AddressRecord {
  return {
    houseCode: room.houseCode,
    exists: true,
    usage: room.usage,
    status: room.status,
    districtCode: room.districtCode,
    flagged: room.status === FLAGGED_STATUS,
    address: room.formatted,
  };
}

export interface AddressFacts {
  /** The record for a house code; `exists: false` when the address base does not hold it. */
  lookup(houseCode: string): AddressRecord;
  close(): void;
}

/** Throws ConfigError, StreetListError or AddressDatabaseError when the address base cannot be opened. */
export function openConfiguredAddressFacts(env: NodeJS.ProcessEnv = process.env): AddressFacts {
  const loaded = loadConfig({ userDataDir: defaultUserDataDir(env), env });
  const paths = resolveAddressPaths(loaded.config.addresses, loaded.dataDir);
  const service = new AddressService({ databaseFile: paths.database, streets: loadStreetDirectory(paths.streets) });
  return {
    lookup(houseCode) {
      const found = service.lookup(houseCode);
      return found.ok ? addressRecordOf(found.address) : { houseCode, exists: false, flagged: false };
    },
    close: () => service.close(),
  };
}
