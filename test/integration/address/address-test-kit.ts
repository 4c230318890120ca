/** Shared set-up for the address tests: the shipped street list, temporary folders, small sample databases. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressCsvHeader } from '../../../core/address/address-csv';
import { findAppRoot, shippedStreetListPath } from '../../../core/address/address-paths';
import { buildSampleAddressDatabase } from '../../../core/address/sample-database';
import { loadStreetDirectory } from '../../../core/address/street-list';

export const STREET_LIST = shippedStreetListPath(findAppRoot());
export const streets = loadStreetDirectory(STREET_LIST);
export const BUILT_AT = '2026-05-01T08:00:00.000Z';

export function tempDir(prefix = 'kiosk-address-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A sample database of about `rooms` rooms (plus the fixtures) in a fresh folder. */
export function buildSmallSample(rooms = 20_000, file = join(tempDir(), 'addresses.sqlite')): string {
  buildSampleAddressDatabase(file, { streets, rooms, builtAt: BUILT_AT });
  return file;
}

/** A CSV file with the standard header followed by `lines`. */
export function writeAddressCsv(dir: string, name: string, lines: readonly string[], header = addressCsvHeader()): string {
  const file = join(dir, name);
  writeFileSync(file, [header, ...lines].join('\n') + '\n');
  return file;
}
