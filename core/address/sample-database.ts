/** Builds the sample address database (the embedded default, and small ones for tests). */
import type { StreetDirectory } from '../../rules/street-directory';
import { AddressImport } from './address-import';
import { generateSampleRows, SAMPLE_ROOMS, type SampleOptions } from './sample-generator';

export interface SampleBuildOptions extends SampleOptions {
  streets: StreetDirectory;
  /** ISO timestamp recorded in the file. */
  builtAt: string;
}

export interface SampleBuild {
  file: string;
  rooms: number;
}

/** Writes, verifies and swaps in a sample database at `file`. A rejected row is a generator bug and throws. */
export function buildSampleAddressDatabase(file: string, options: SampleBuildOptions): SampleBuild {
  const { streets, builtAt, rooms = SAMPLE_ROOMS, seed = 1 } = options;
  const build = new AddressImport({ target: file, streets, badRowLimit: 5 });
  let line = 0;
  for (const row of generateSampleRows(streets, { rooms, seed })) build.add(row, ++line);
  if (build.badRowTotal > 0) {
    const { badRows } = build.abandon('verification-failed', 'the generator made bad rows');
    throw new Error(`the sample generator made ${build.badRowTotal} bad rows: ${badRows.map((r) => `row ${r.line}: ${r.reason}`).join('; ')}`);
  }
  const outcome = build.finish({ source: `sample generator (about ${rooms} rooms, seed ${seed})`, builtAt });
  if (!outcome.ok) throw new Error(`the sample address database was not built: ${outcome.detail}`);
  return { file, rooms: outcome.rooms };
}
