/** The address service as the configuration describes it: what the kiosk core starts with. */
import type { LoadedConfig } from '../config/load';
import { resolveAddressPaths } from './address-paths';
import { AddressService } from './address-service';
import { loadStreetDirectory } from './street-list';

/** Throws StreetListError when the street list cannot be read; the database is opened on the first lookup. */
export function createConfiguredAddressService(loaded: Pick<LoadedConfig, 'config' | 'dataDir'>): AddressService {
  const paths = resolveAddressPaths(loaded.config.addresses, loaded.dataDir);
  return new AddressService({ databaseFile: paths.database, streets: loadStreetDirectory(paths.streets) });
}
