import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressDatabase, AddressDatabaseError } from '../../../core/address/address-database';
import { findAppRoot, sampleDatabasePath } from '../../../core/address/address-paths';
import { createConfiguredAddressService } from '../../../core/address/configured-address-service';
import { loadConfig } from '../../../core/config/load';
import { describeAddressProblem } from '../../../core/address/address-messages';
import type { AddressLookup, AddressProblem } from '../../../core/address/address-record';
import { AddressService } from '../../../core/address/address-service';
import {
  SAMPLE_COMMERCIAL_LONGGANG,
  SAMPLE_FIXTURES,
  SAMPLE_UNKNOWN_BUILDING,
  SAMPLE_UNKNOWN_ROOM,
} from '../../../core/address/sample-fixtures';
import { buildSmallSample, BUILT_AT, streets, tempDir } from './address-test-kit';

let file: string;
let service: AddressService;

beforeAll(() => {
  file = buildSmallSample();
  service = new AddressService({ databaseFile: file, streets });
});
afterAll(() => service.close());

function problemOf(result: AddressLookup): AddressProblem {
  if (result.ok) throw new Error(`expected no address, got ${result.address.formatted}`);
  return result.reason;
}

describe('looking up a house code in the address database', () => {
  it('gives the domain example down to the room, as a typed record and a written address', () => {
    expect(service.lookup(SAMPLE_COMMERCIAL_LONGGANG)).toEqual({
      ok: true,
      address: {
        houseCode: '4403070030030400042000003',
        buildingCode: '4403070030030400042',
        districtCode: '440307',
        districtName: '龙岗区',
        streetCode: '440307003',
        streetName: '平湖街道',
        communityCode: '440307003003',
        communityName: '平湖社区',
        gridCode: '44030700300304',
        gridName: '平湖社区第4网格',
        road: '平湖大街',
        number: '128号',
        buildingName: '华南城1号楼',
        roomLabel: '103室',
        usage: '商业',
        status: 'normal',
        formatted: '广东省深圳市龙岗区平湖街道平湖社区平湖大街128号华南城1号楼103室',
      },
    });
  });

  it('gives every fixture room with its usage and status', () => {
    for (const fixture of SAMPLE_FIXTURES) {
      const result = service.lookup(fixture.houseCode);
      expect(result.ok && result.address).toMatchObject({
        formatted: fixture.formatted,
        roomLabel: fixture.roomLabel,
        usage: fixture.usage,
        status: fixture.status,
      });
    }
  });

  it('accepts the code as typed: grouped with spaces or hyphens, in full-width digits', () => {
    const grouped = service.lookup('440307 003 003 04 00042 000003');
    const fullWidth = service.lookup('４４０３０７－００３－００３－０４－０００４２－０００００３');
    expect(grouped.ok && grouped.address.houseCode).toBe(SAMPLE_COMMERCIAL_LONGGANG);
    expect(fullWidth.ok && fullWidth.address.houseCode).toBe(SAMPLE_COMMERCIAL_LONGGANG);
  });

  it('answers a well-formed code it does not hold with not-found, telling a wrong room from a wrong building', () => {
    expect(problemOf(service.lookup(SAMPLE_UNKNOWN_ROOM))).toEqual({ code: 'not-found', houseCode: SAMPLE_UNKNOWN_ROOM, buildingKnown: true });
    expect(problemOf(service.lookup(SAMPLE_UNKNOWN_BUILDING))).toEqual({ code: 'not-found', houseCode: SAMPLE_UNKNOWN_BUILDING, buildingKnown: false });
  });

  it('explains every kind of malformed code before looking anything up', () => {
    const cases: [string, AddressProblem['code']][] = [
      ['', 'empty'],
      ['   ', 'empty'],
      ['44030700300304000420000O3', 'bad-characters'],
      ['4403070030030400042', 'building-code-only'],
      ['440307003003040004200000', 'wrong-length'],
      ['44030700300304000420000031', 'wrong-length'],
      ['4401060030030400042000003', 'not-shenzhen'],
      ['4403990030030400042000003', 'unknown-district'],
      ['4403079990030400042000003', 'unknown-street'],
    ];
    for (const [input, code] of cases) {
      const problem = problemOf(service.lookup(input));
      expect(problem.code, input).toBe(code);
      expect(describeAddressProblem(problem, 'zh-CN')).not.toBe('');
    }
    expect(describeAddressProblem(problemOf(service.lookup('4403079990030400042000003')), 'zh-CN')).toContain('龙岗区没有对应的街道');
  });

  it('says what the file holds', () => {
    expect(service.info()).toMatchObject({
      file,
      formatVersion: 1,
      builtAt: BUILT_AT,
      source: expect.stringContaining('sample generator'),
      streets: 79,
      rooms: expect.any(Number),
    });
    expect(service.info().rooms).toBeGreaterThan(15_000);
  });

  it('a missing file or a file that is not an address database is an operations error, not a not-found', () => {
    const dir = tempDir();
    expect(() => new AddressService({ databaseFile: join(dir, 'none.sqlite'), streets }).lookup(SAMPLE_COMMERCIAL_LONGGANG)).toThrow(AddressDatabaseError);
    const other = join(dir, 'other.sqlite');
    new Database(other).exec('CREATE TABLE t (x)');
    expect(() => AddressDatabase.open(other)).toThrow(/not an address database/);
    writeFileSync(join(dir, 'text.sqlite'), 'hello');
    expect(() => AddressDatabase.open(join(dir, 'text.sqlite'))).toThrow(AddressDatabaseError);
  });

  it('opens the file read only: it is never changed by lookups', () => {
    const copy = join(tempDir(), 'copy.sqlite');
    copyFileSync(file, copy);
    const database = AddressDatabase.open(copy);
    expect(database.integrityProblems()).toEqual([]);
    expect(() => (database as unknown as { db: Database.Database }).db.exec('DELETE FROM rooms')).toThrow(/readonly/);
    database.close();
  });
});

describe('the address service the configuration describes', () => {
  it('uses the configured database, relative to the data folder', () => {
    const dataDir = tempDir();
    buildSmallSample(2_000, join(dataDir, 'addresses.sqlite'));
    const loaded = loadConfig({ userDataDir: dataDir, env: { KIOSK__ADDRESSES__DATABASE: 'addresses.sqlite' } });
    const configured = createConfiguredAddressService(loaded);
    expect(configured.databaseFile).toBe(join(dataDir, 'addresses.sqlite'));
    expect(configured.lookup(SAMPLE_COMMERCIAL_LONGGANG).ok).toBe(true);
    configured.close();
  });

  it('without configuration, uses the built sample and the shipped street list', () => {
    const configured = createConfiguredAddressService(loadConfig({ userDataDir: tempDir(), env: {} }));
    expect(configured.databaseFile).toBe(sampleDatabasePath(findAppRoot()));
    configured.close();
  });
});
