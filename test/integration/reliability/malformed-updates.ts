/**
 * Malformed updates of what the kiosk decides with: an address database that arrives
 * truncated, and rule-set files with schema errors. Each must be refused with a message
 * a technician can act on, and the version in force must keep answering, byte for byte
 * the same. Shared by malformed-updates.test.ts and `npm run reliability`.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { addressCsvHeader, addressCsvLine } from '../../../core/address/address-csv';
import { AddressDatabase, AddressDatabaseError } from '../../../core/address/address-database';
import { findAppRoot, shippedStreetListPath } from '../../../core/address/address-paths';
import { AddressService } from '../../../core/address/address-service';
import { importAddressCsv } from '../../../core/address/csv-import';
import { buildSampleAddressDatabase } from '../../../core/address/sample-database';
import { generateSampleRows } from '../../../core/address/sample-generator';
import { SAMPLE_FIXTURES } from '../../../core/address/sample-fixtures';
import { loadStreetDirectory } from '../../../core/address/street-list';
import { loadRuleSet, loadShippedRuleSet, shippedFile } from '../../../core/approval/approval-data';
import { DataFileError } from '../../../core/approval/data-file';

export interface UpdateTrial {
  update: string;
  /** The update was refused. */
  refused: boolean;
  /** The version in force is unchanged and still answers. */
  oldKept: boolean;
  /** What the technician is told. */
  message: string;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Temporary files an import left next to the live database (there must be none). */
function leftovers(target: string): string[] {
  return readdirSync(dirname(target)).filter((name) => name.startsWith(`.${basename(target)}.import-`));
}

export async function addressUpdateTrials(): Promise<UpdateTrial[]> {
  const streets = loadStreetDirectory(shippedStreetListPath(findAppRoot()));
  const dir = mkdtempSync(join(tmpdir(), 'reliability-addresses-'));
  const live = join(dir, 'addresses.sqlite');
  buildSampleAddressDatabase(live, { streets, rooms: 2_000, builtAt: '2026-05-01T08:00:00.000Z' });
  const probe = SAMPLE_FIXTURES[0]!.houseCode;
  const service = new AddressService({ databaseFile: live, streets });
  const before = { hash: sha256(live), answer: JSON.stringify(service.lookup(probe)) };
  const oldKept = () => sha256(live) === before.hash && JSON.stringify(service.lookup(probe)) === before.answer && leftovers(live).length === 0;

  const newRows = [...generateSampleRows(streets, { rooms: 3_000, seed: 7 })].map(addressCsvLine);
  const csv = [addressCsvHeader(), ...newRows].join('\n') + '\n';
  const importText = (text: string, beforeVerify?: (file: string) => void) =>
    importAddressCsv({ input: Readable.from([text]), target: live, streets, source: 'reliability', builtAt: '2026-06-01T03:00:00.000Z', beforeVerify });

  const trials: UpdateTrial[] = [];
  // The new database file torn in half before it could go live (disk full, power cut, bad copy).
  const torn = await importText(csv, (file) => truncateSync(file, Math.floor(statSync(file).size / 2)));
  trials.push({ update: 'address database truncated to half before the swap', refused: !torn.ok, oldKept: oldKept(), message: torn.ok ? '' : `${torn.problem}: ${torn.detail}` });

  // A prebuilt database file that arrives truncated: it must not open as a database.
  const copy = join(dir, 'arrived.sqlite');
  copyFileSync(live, copy);
  truncateSync(copy, Math.floor(statSync(copy).size * 0.6));
  let opened = '';
  try {
    AddressDatabase.open(copy).close();
  } catch (error) {
    if (!(error instanceof AddressDatabaseError)) throw error;
    opened = error.message;
  }
  trials.push({ update: 'prebuilt address database truncated in transfer', refused: opened !== '', oldKept: oldKept(), message: opened });

  // A CSV with its header cut off, and one that is cut off after the header.
  const headless = await importText(csv.slice(csv.indexOf('\n') + 1 + 20));
  trials.push({ update: 'address CSV without its header', refused: !headless.ok, oldKept: oldKept(), message: headless.ok ? '' : `${headless.problem}: ${headless.detail}` });
  const headerOnly = await importText(csv.slice(0, csv.indexOf('\n') + 1 + 40));
  trials.push({ update: 'address CSV cut off inside its first row', refused: !headerOnly.ok, oldKept: oldKept(), message: headerOnly.ok ? '' : `${headerOnly.problem}: ${headerOnly.detail}` });

  service.close();
  return trials;
}

/** Rule-set files with schema errors: each refused, naming the bad field, and the shipped set stays in force. */
export function ruleSetUpdateTrials(): UpdateTrial[] {
  const dir = mkdtempSync(join(tmpdir(), 'reliability-rules-'));
  const shipped = shippedFile('registration');
  const inForce = loadShippedRuleSet('registration');
  const shippedHash = sha256(shipped);
  const original = JSON.parse(readFileSync(shipped, 'utf8')) as { version: string; rules: Array<Record<string, unknown>> } & Record<string, unknown>;

  const broken: Array<[string, (rules: typeof original) => unknown]> = [
    ['rule set with an unknown rule field', (r) => ({ ...r, rules: [{ ...r.rules[0], efect: 'reject' }, ...r.rules.slice(1)] })],
    ['rule set with an effect that does not exist', (r) => ({ ...r, rules: [{ ...r.rules[0], onFail: 'approve-anyway' }, ...r.rules.slice(1)] })],
    ['rule set without its version', (r) => Object.fromEntries(Object.entries(r).filter(([key]) => key !== 'version'))],
    ['rule set with rules as an object', (r) => ({ ...r, rules: { first: r.rules[0] } })],
    ['rule set file truncated mid-JSON', () => undefined],
  ];
  return broken.map(([update, damage]) => {
    const file = join(dir, `${update.replace(/\W+/g, '-')}.json`);
    const damaged = damage(structuredClone(original));
    writeFileSync(file, damaged === undefined ? readFileSync(shipped, 'utf8').slice(0, 300) : JSON.stringify(damaged, null, 2));
    let message = '';
    try {
      loadRuleSet(file);
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      message = error.message.split('\n').slice(0, 3).join(' ');
    }
    const stillInForce = loadShippedRuleSet('registration');
    return { update, refused: message !== '', oldKept: sha256(shipped) === shippedHash && stillInForce.hash === inForce.hash, message };
  });
}
