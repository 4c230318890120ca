/** The street list file (data/shenzhen-streets.csv) as a StreetDirectory, and every street in it. */
import { readFileSync } from 'node:fs';
import { streetDirectoryFromCsv, type Street, type StreetDirectory } from '../../rules/street-directory';

export class StreetListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreetListError';
  }
}

export function loadStreetDirectory(file: string): StreetDirectory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new StreetListError(`cannot read the street list ${file}: ${(error as Error).message}`);
  }
  try {
    return streetDirectoryFromCsv(text);
  } catch (error) {
    throw new StreetListError(`the street list ${file} is not valid: ${(error as Error).message}`);
  }
}

/**
 * Every Shenzhen street the directory knows, by code. The directory answers lookups only,
 * so this asks it for each of the 100,000 possible 4403dd sss codes (a few milliseconds).
 */
export function allStreets(streets: StreetDirectory): Street[] {
  const found: Street[] = [];
  for (let district = 0; district < 100; district++) {
    const districtCode = `4403${String(district).padStart(2, '0')}`;
    if (!streets.district(districtCode)) continue;
    for (let street = 0; street < 1000; street++) {
      const entry = streets.street(`${districtCode}${String(street).padStart(3, '0')}`);
      if (entry) found.push(entry);
    }
  }
  return found;
}
