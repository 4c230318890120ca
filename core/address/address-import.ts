/**
 * Replaces the live address database without a moment of a half-built one: rows go into
 * a new file next to the live one, the finished file is checked (room count, SQLite's
 * integrity check, a sample of lookups), and only then renamed over the live file. A
 * kiosk reading the old file keeps reading it until its next lookup notices the swap.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { StreetDirectory } from '../../rules/street-directory';
import { AddressDatabaseBuilder, type BuildMeta, type BuiltRoom } from './address-builder';
import type { AddressRow } from './address-csv';
import { AddressDatabase, AddressDatabaseError } from './address-database';
import type { StoredRoom } from './address-record';

export interface BadRow {
  /** 1-based line of the input file. */
  line: number;
  reason: string;
}

export interface ImportReport {
  rooms: number;
  badRowCount: number;
  /** The first few bad rows in file order (see badRowLimit); badRowCount counts them all. */
  badRows: BadRow[];
}

export type ImportProblem = 'bad-header' | 'no-valid-rows' | 'verification-failed';

export type ImportOutcome =
  | (ImportReport & { ok: true; file: string; checkedLookups: number; verifyMs: number })
  | (ImportReport & { ok: false; problem: ImportProblem; detail: string });

export interface AddressImportOptions {
  /** The live database file; it is only ever replaced whole. */
  target: string;
  streets: StreetDirectory;
  /** How many bad rows the report lists (default 100). */
  badRowLimit?: number;
  /** How many imported rooms are looked up again in the finished file (default 200). */
  sampleSize?: number;
  /** Apply the rows as a delta onto this database (added or replaced by house code) instead of building a new one. */
  base?: string;
}

export interface FinishOptions extends BuildMeta {
  /** Runs on the finished file before it is verified; lets tests damage it. */
  beforeVerify?: (file: string) => void;
}

export class AddressImport {
  private readonly builder: AddressDatabaseBuilder;
  private readonly badRows: BadRow[] = [];
  private badRowCount = 0;
  private readonly sample: BuiltRoom[] = [];
  private readonly badRowLimit: number;
  private readonly sampleSize: number;

  constructor(private readonly options: AddressImportOptions) {
    this.badRowLimit = options.badRowLimit ?? 100;
    this.sampleSize = options.sampleSize ?? 200;
    const temp = join(dirname(options.target), `.${basename(options.target)}.import-${randomBytes(4).toString('hex')}`);
    if (options.base) {
      // A delta goes into a copy of the base; the base itself is never written.
      copyFileSync(options.base, temp);
      this.builder = AddressDatabaseBuilder.update(temp, options.streets);
    } else this.builder = AddressDatabaseBuilder.create(temp, options.streets);
  }

  get rooms(): number {
    return this.builder.rooms;
  }

  get badRowTotal(): number {
    return this.badRowCount;
  }

  get newFile(): string {
    return this.builder.file;
  }

  add(row: AddressRow, line: number): void {
    const verdict = this.builder.add(row, line);
    if (verdict.ok) this.keepForSample(verdict.built);
    else this.reject(line, verdict.reason);
  }

  reject(line: number, reason: string): void {
    this.badRowCount += 1;
    if (this.badRows.length < this.badRowLimit) this.badRows.push({ line, reason });
  }

  /** Finishes, verifies and swaps the new file in; on any failure the live file is left as it was. */
  finish(options: FinishOptions): ImportOutcome {
    if (this.builder.rooms === 0) return this.abandon('no-valid-rows', 'the file has no valid rows');
    const file = this.builder.file;
    try {
      this.builder.finish(options);
      options.beforeVerify?.(file);
      const started = performance.now();
      const problem = verifyDatabase(file, this.builder.rooms, this.sample);
      const verifyMs = performance.now() - started;
      if (problem) return this.abandon('verification-failed', problem);
      replaceFile(file, this.options.target);
      return { ok: true, file: this.options.target, checkedLookups: this.sample.length, verifyMs, ...this.report() };
    } catch (error) {
      this.builder.abandon();
      throw error;
    }
  }

  /** Gives up: the new file is deleted, the live one untouched. */
  abandon(problem: ImportProblem, detail: string): ImportOutcome {
    this.builder.abandon();
    return { ok: false, problem, detail, ...this.report() };
  }

  private report(): ImportReport {
    return { rooms: this.builder.rooms, badRowCount: this.badRowCount, badRows: this.badRows };
  }

  // Reservoir sampling: every imported room is equally likely to be checked.
  private keepForSample(room: BuiltRoom): void {
    const seen = this.builder.rooms;
    if (this.sample.length < this.sampleSize) this.sample.push(room);
    else {
      const slot = Math.floor(Math.random() * seen);
      if (slot < this.sampleSize) this.sample[slot] = room;
    }
  }
}

/** Why the finished file must not go live, or undefined when it may. */
function verifyDatabase(file: string, expectedRooms: number, sample: readonly BuiltRoom[]): string | undefined {
  let database: AddressDatabase;
  try {
    database = AddressDatabase.open(file);
  } catch (error) {
    if (error instanceof AddressDatabaseError) return error.message;
    throw error;
  }
  try {
    const recorded = database.info().rooms;
    if (recorded !== expectedRooms) return `the file records ${recorded} rooms, ${expectedRooms} were imported`;
    const counted = database.countRooms();
    if (counted !== expectedRooms) return `the file holds ${counted} rooms, ${expectedRooms} were imported`;
    const integrity = database.integrityProblems();
    if (integrity.length > 0) return `SQLite integrity check: ${integrity.slice(0, 3).join('; ')}`;
    for (const { houseCode, room } of sample) {
      const found = database.findRoom(houseCode);
      if (!found || !sameRoom(found, room)) return `looking up ${houseCode} gave ${JSON.stringify(found ?? null)}, expected ${JSON.stringify(room)}`;
    }
    return undefined;
  } finally {
    database.close();
  }
}

function sameRoom(a: StoredRoom, b: StoredRoom): boolean {
  return (Object.keys(b) as (keyof StoredRoom)[]).every((key) => a[key] === b[key]);
}

/** rename(2) over the live file, with the data and the directory entry on disk first. */
function replaceFile(file: string, target: string): void {
  const data = openSync(file, 'r');
  fsyncSync(data);
  closeSync(data);
  // A stale rollback journal would be replayed into the new file by its first reader.
  rmSync(`${target}-journal`, { force: true });
  renameSync(file, target);
  const directory = openSync(dirname(target), 'r');
  fsyncSync(directory);
  closeSync(directory);
}
