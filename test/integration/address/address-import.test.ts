import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addressCsvHeader } from '../../../core/address/address-csv';
import { AddressDatabase } from '../../../core/address/address-database';
import type { ImportOutcome } from '../../../core/address/address-import';
import { AddressService } from '../../../core/address/address-service';
import { importAddressCsv, type CsvImportOptions } from '../../../core/address/csv-import';
import { SAMPLE_COMMERCIAL_LONGGANG } from '../../../core/address/sample-fixtures';
import { buildSmallSample, BUILT_AT, streets, tempDir, writeAddressCsv } from './address-test-kit';

const SHOP = '4403070030030400042000003';
const FLAT = '4403040110010200017000012';

const GOOD = [
  `${SHOP},新平湖社区,,平湖大街,200,华南城9号楼,0103,商业,`,
  `4403070030030400042000004,新平湖社区,,平湖大街,200,华南城9号楼,0104,商业,flagged-for-inspection`,
  `${FLAT},华航社区,华航第2网格,华强北路,1019号,12,304室,住宅,normal`,
  `4403040110010200017000013,华航社区,华航第2网格,华强北路,1019号,12,"305,北",商住,demolished`,
];

const BAD: [string, RegExp][] = [
  ['4403070030030400042,平湖社区,,平湖大街,200,华南城9号楼,0105,商业,', /house_code: You entered the 19-digit building code/],
  ['4401070030030400042000005,平湖社区,,平湖大街,200,华南城9号楼,0105,商业,', /house_code: This is not a Shenzhen house code/],
  ['4403079990030400042000005,平湖社区,,平湖大街,200,华南城9号楼,0105,商业,', /house_code: Digits 7 to 9 \(999\)/],
  ['4403070030030400042000005,新平湖社区,,平湖大街,200,华南城9号楼,0105,居住,', /usage: expected one of 住宅 商业 .*, got "居住"/],
  ['4403070030030400042000005,新平湖社区,,平湖大街,200,华南城9号楼,0105,商业,gone', /status: expected one of normal, demolished, flagged-for-inspection or empty, got "gone"/],
  ['4403070030030400042000005,新平湖社区,,,200,华南城9号楼,0105,商业,', /road: empty/],
  ['4403070030030400042000005,新平湖社区,,平湖大街,200', /expected 9 fields, found 5/],
  ['4403070030030400042000005,新平湖社区,,平湖大街,202,华南城9号楼,0105,商业,', /building 4403070030030400042 is 平湖大街200号华南城9号楼 on line 2, here 平湖大街202号华南城9号楼/],
  ['4403070030030400043000001,老平湖社区,,平湖大街,210,华南城10号楼,0101,商业,', /community 440307003003 is 新平湖社区 on line 2, here 老平湖社区/],
  [`${SHOP},新平湖社区,,平湖大街,200,华南城9号楼,0103,商业,`, /house code 4403070030030400042000003 is listed twice/],
];

function options(input: CsvImportOptions['input'], target: string, extra: Partial<CsvImportOptions> = {}): CsvImportOptions {
  return { input, target, streets, source: 'test.csv', builtAt: BUILT_AT, ...extra };
}

async function importFile(csv: string, target: string, extra: Partial<CsvImportOptions> = {}): Promise<ImportOutcome> {
  return importAddressCsv(options(createReadStream(csv), target, extra));
}

function roomsIn(file: string): number {
  const database = AddressDatabase.open(file);
  const rooms = database.countRooms();
  database.close();
  return rooms;
}

/** Nothing but the database itself is left in its folder: no half-built files. */
function leftovers(target: string): string[] {
  return readdirSync(dirname(target)).filter((name) => name.includes('.import-'));
}

describe('importing an address CSV', () => {
  it('imports the good rows, normalised, and reports each bad row with its line and reason', async () => {
    const dir = tempDir();
    const csv = writeAddressCsv(dir, 'addresses.csv', [...GOOD, '', ...BAD.map(([line]) => line)]);
    const target = join(dir, 'live.sqlite');
    const outcome = await importFile(csv, target);

    expect(outcome).toMatchObject({ ok: true, rooms: 4, badRowCount: BAD.length, file: target, checkedLookups: 4 });
    // Lines: 1 header, 2-5 good, 6 blank, 7.. bad.
    expect(outcome.badRows.map((b) => b.line)).toEqual(BAD.map((_, i) => 7 + i));
    BAD.forEach(([, reason], i) => expect(outcome.badRows[i]?.reason).toMatch(reason));

    const service = new AddressService({ databaseFile: target, streets });
    const shop = service.lookup(SHOP);
    expect(shop.ok && shop.address).toMatchObject({
      gridName: '新平湖社区第4网格',
      number: '200号',
      roomLabel: '0103',
      status: 'normal',
      formatted: '广东省深圳市龙岗区平湖街道新平湖社区平湖大街200号华南城9号楼0103室',
    });
    const next = service.lookup('4403070030030400042000004');
    expect(next.ok && next.address.status).toBe('flagged-for-inspection');
    const flat = service.lookup(FLAT);
    expect(flat.ok && flat.address).toMatchObject({ gridName: '华航第2网格', buildingName: '12栋', usage: '住宅', formatted: expect.stringMatching(/华强北路1019号12栋304室$/) });
    const quoted = service.lookup('4403040110010200017000013');
    expect(quoted.ok && quoted.address).toMatchObject({ roomLabel: '305,北', usage: '商住', status: 'demolished' });
    expect(service.lookup('4403070030030400042000005').ok).toBe(false);
    expect(service.info()).toMatchObject({ rooms: 4, source: 'test.csv', builtAt: BUILT_AT, buildings: 2, communities: 2, streets: 2 });
    service.close();
    expect(leftovers(target)).toEqual([]);
  });

  it('lists only the first bad rows but counts them all', async () => {
    const dir = tempDir();
    const bad = Array.from({ length: 30 }, (_, i) => `44030700300304000420${String(i).padStart(5, '0')},x`);
    const outcome = await importFile(writeAddressCsv(dir, 'a.csv', [GOOD[0] as string, ...bad]), join(dir, 'live.sqlite'), { badRowLimit: 5 });
    expect(outcome).toMatchObject({ ok: true, rooms: 1, badRowCount: 30 });
    expect(outcome.badRows.map((b) => b.line)).toEqual([3, 4, 5, 6, 7]);
  });

  it('a file without valid rows, or with a wrong header, leaves the live database as it was', async () => {
    const target = buildSmallSample(2_000);
    const before = statSync(target);
    const dir = dirname(target);

    // The rows that are bad on their own, not only beside the good ones.
    const badAlone = BAD.slice(0, 7).map(([line]) => line);
    const noRows = await importFile(writeAddressCsv(dir, 'bad.csv', badAlone), target);
    expect(noRows).toMatchObject({ ok: false, problem: 'no-valid-rows', rooms: 0, badRowCount: badAlone.length });
    const empty = await importFile(writeAddressCsv(dir, 'empty.csv', [], ''), target);
    expect(empty).toMatchObject({ ok: false, problem: 'no-valid-rows' });
    const header = await importFile(writeAddressCsv(dir, 'header.csv', GOOD, 'code,community,grid,road,number,building,room,usage,status'), target);
    expect(header).toMatchObject({ ok: false, problem: 'bad-header', detail: expect.stringMatching(/^line 1: unknown column code/) });

    expect(statSync(target).ino).toBe(before.ino);
    expect(statSync(target).mtimeMs).toBe(before.mtimeMs);
    expect(new AddressService({ databaseFile: target, streets }).lookup(SAMPLE_COMMERCIAL_LONGGANG).ok).toBe(true);
    expect(leftovers(target)).toEqual([]);
  });

  it('a new file that fails verification is thrown away and the live one kept', async () => {
    const target = buildSmallSample(2_000);
    const rooms = roomsIn(target);
    const csv = writeAddressCsv(dirname(target), 'good.csv', GOOD);

    const lostRows = await importFile(csv, target, {
      beforeVerify: (file) => {
        const db = new Database(file);
        db.exec(`DELETE FROM rooms WHERE room = 4`);
        db.close();
      },
    });
    expect(lostRows).toMatchObject({ ok: false, problem: 'verification-failed', detail: 'the file holds 3 rooms, 4 were imported' });

    const changedRoom = await importFile(csv, target, {
      beforeVerify: (file) => {
        const db = new Database(file);
        db.exec(`UPDATE rooms SET label = 'X' WHERE room = 12`);
        db.close();
      },
    });
    expect(changedRoom).toMatchObject({ ok: false, problem: 'verification-failed', detail: expect.stringMatching(/^looking up 4403040110010200017000012 gave/) });

    expect(roomsIn(target)).toBe(rooms);
    expect(leftovers(target)).toEqual([]);
  });

  it('swaps the new database in under a running reader: old answers until the swap, new ones after', async () => {
    const target = buildSmallSample(2_000);
    const service = new AddressService({ databaseFile: target, streets });
    const before = service.lookup(SHOP);
    expect(before.ok && before.address.communityName).toBe('平湖社区');

    let lookedUpDuringImport: string | undefined;
    const outcome = await importFile(writeAddressCsv(dirname(target), 'new.csv', GOOD), target, {
      beforeVerify: () => {
        // The new file is complete but not yet live: the kiosk still gets the old answer.
        const during = service.lookup(SHOP);
        lookedUpDuringImport = during.ok ? during.address.communityName : 'not found';
      },
    });
    expect(outcome.ok).toBe(true);
    expect(lookedUpDuringImport).toBe('平湖社区');

    const after = service.lookup(SHOP);
    expect(after.ok && after.address.communityName).toBe('新平湖社区');
    expect(service.lookup('4403050070020300008000005').ok).toBe(false); // only in the old sample
    expect(service.info().rooms).toBe(4);
    service.close();
  });

  it('a connection opened before the swap keeps reading the old file whole', async () => {
    const target = buildSmallSample(2_000);
    const old = AddressDatabase.open(target);
    const oldRooms = old.countRooms();
    await importFile(writeAddressCsv(dirname(target), 'new.csv', GOOD), target);
    expect(old.countRooms()).toBe(oldRooms);
    expect(old.findRoom(SHOP)?.communityName).toBe('平湖社区');
    old.close();
    expect(roomsIn(target)).toBe(4);
  });

  it('streams: rows arriving in pieces over time are imported as they come', async () => {
    const dir = tempDir();
    const text = `${addressCsvHeader()}\r\n${GOOD.join('\r\n')}`;
    const pieces = text.match(/[\s\S]{1,7}/g) ?? [];
    async function* slowly(): AsyncGenerator<string> {
      for (const piece of pieces) {
        await new Promise((resolve) => setImmediate(resolve));
        yield piece;
      }
    }
    const seen: number[] = [];
    const outcome = await importAddressCsv(options(Readable.from(slowly()), join(dir, 'live.sqlite'), { progressEvery: 1, onProgress: (p) => seen.push(p.lines) }));
    expect(outcome).toMatchObject({ ok: true, rooms: 4, badRowCount: 0 });
    expect(seen).toEqual([2, 3, 4, 5]);
  });

  it('an unreadable input or a failure while writing is an error, and no half-built file stays behind', async () => {
    const target = buildSmallSample(2_000);
    await expect(importFile(join(dirname(target), 'missing.csv'), target)).rejects.toThrow(/ENOENT/);
    const failing = new Readable({
      read() {
        this.push(`${addressCsvHeader()}\n${GOOD[0]}\n`);
        this.destroy(new Error('disk went away'));
      },
    });
    await expect(importAddressCsv(options(failing, target))).rejects.toThrow(/disk went away/);
    const manyRows = writeAddressCsv(dirname(target), 'many.csv', GOOD);
    const failingWrite = importFile(manyRows, target, {
      progressEvery: 2,
      onProgress: () => {
        throw new Error('no space left on device');
      },
    });
    await expect(failingWrite).rejects.toThrow(/no space left/);
    expect(existsSync(target)).toBe(true);
    expect(new AddressService({ databaseFile: target, streets }).lookup(SAMPLE_COMMERCIAL_LONGGANG).ok).toBe(true);
    expect(leftovers(target)).toEqual([]);
  });
});
