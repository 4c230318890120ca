import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRestrictedList, restrictedListReader, RestrictedListError } from '../../../core/approval/restricted-list';

const BARRED = '11010519491231002X';
const OTHER = '440307199001010010';
let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe("the authority's restricted list", () => {
  it('reads one ID number a line, with comments and blank lines, in upper case', () => {
    expect(parseRestrictedList(`# court order 2026-17\n\n${BARRED.toLowerCase()}  # revoked\n`, 'list.txt')).toEqual([BARRED]);
  });

  it('refuses the whole file for one mistyped number, naming the line', () => {
    expect(() => parseRestrictedList(`${BARRED}\n110105194912310021\n`, 'list.txt')).toThrow(/list\.txt:2: "110105194912310021" is not a valid ID number/);
  });

  it('restricts nobody when none is configured, and stops the start when a configured one is missing', () => {
    expect(restrictedListReader(undefined, '/nowhere')().numbers).toEqual([]);
    expect(() => restrictedListReader('restricted.txt', '/nowhere')).toThrow(RestrictedListError);
  });

  it('takes a changed file on the next decision, without a restart', () => {
    dir = mkdtempSync(join(tmpdir(), 'restricted-'));
    const file = join(dir, 'restricted.txt');
    writeFileSync(file, `${BARRED}\n`);
    const read = restrictedListReader('restricted.txt', dir);
    expect(read().numbers).toEqual([BARRED]);
    writeFileSync(file, `${BARRED}\n${OTHER}\n`);
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(read().numbers).toEqual([BARRED, OTHER]);
  });

  it('is known to a decision by its version and the SHA-256 of the file, not by its numbers', () => {
    dir = mkdtempSync(join(tmpdir(), 'restricted-'));
    const file = join(dir, 'restricted.txt');
    writeFileSync(file, `# version: 2026-17\n${BARRED}\n`);
    const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(restrictedListReader(file, dir)().stamp).toEqual({ version: '2026-17', hash: sha256(file) });
    writeFileSync(file, `${BARRED}\n`);
    const modified = new Date('2026-03-20T01:02:03Z');
    utimesSync(file, modified, modified);
    expect(restrictedListReader(file, dir)().stamp).toEqual({ version: 'modified 2026-03-20T01:02:03.000Z', hash: sha256(file) });
    expect(restrictedListReader(undefined, dir)().stamp).toEqual({ version: 'none', hash: createHash('sha256').update('').digest('hex') });
  });
});
