/**
 * Builds the embedded default address database from the sample generator:
 *   node --import tsx scripts/build-sample-addresses.ts [OUT] [--streets FILE] [--rooms N]
 * OUT defaults to dist/data/addresses-sample.sqlite; the street list to the shipped one.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sampleDatabasePath, shippedStreetListPath } from '../core/address/address-paths';
import { buildSampleAddressDatabase } from '../core/address/sample-database';
import { SAMPLE_ROOMS } from '../core/address/sample-generator';
import { allStreets, loadStreetDirectory } from '../core/address/street-list';

const appRoot = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { streets: { type: 'string' }, rooms: { type: 'string' } },
});
const out = resolve(positionals[0] ?? sampleDatabasePath(appRoot));
const streetList = resolve(values.streets ?? shippedStreetListPath(appRoot));
const rooms = values.rooms ? Number(values.rooms) : SAMPLE_ROOMS;
if (!Number.isInteger(rooms) || rooms <= 0) {
  console.error(`build-sample-addresses: --rooms expects a positive whole number, got ${values.rooms}`);
  process.exit(2);
}

const started = performance.now();
const streets = loadStreetDirectory(streetList);
const built = buildSampleAddressDatabase(out, { streets, rooms, builtAt: new Date().toISOString() });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`addresses: ${built.rooms} rooms in ${allStreets(streets).length} streets → ${out} (${seconds} s)`);
