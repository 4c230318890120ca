// Shenzhen's districts and streets (national statistics codes), looked up by code.
import { splitCsvLine } from './csv-line';

export interface District {
  /** Six digits, e.g. '440307'. */
  code: string;
  name: string;
}

export interface Street {
  /** Nine digits: the district code followed by three street digits, e.g. '440307003'. */
  code: string;
  name: string;
  districtCode: string;
}

export interface StreetDirectory {
  district(code6: string): District | undefined;
  street(code9: string): Street | undefined;
}

/** One row of the street list, named as in the CSV header. */
export interface StreetEntry {
  streetCode: string;
  streetName: string;
  districtCode: string;
  districtName: string;
}

export class StreetDirectoryFormatError extends Error {
  /** 1-based line of the CSV text, or 0 when the problem is not on one line. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(line > 0 ? `line ${line}: ${message}` : message);
    this.name = 'StreetDirectoryFormatError';
    this.line = line;
  }
}

/**
 * Builds a directory from rows. Throws StreetDirectoryFormatError on codes of the wrong
 * shape, a street outside its district, a duplicate street, or a district with two names.
 * `lines` (same order as entries) only improves the error messages.
 */
export function streetDirectoryFromEntries(entries: readonly StreetEntry[], lines?: readonly number[]): StreetDirectory {
  const districts = new Map<string, District>();
  const streets = new Map<string, Street>();

  entries.forEach((entry, index) => {
    const line = lines?.[index] ?? 0;
    const { streetCode, streetName, districtCode, districtName } = entry;
    if (!/^[0-9]{6}$/.test(districtCode)) throw new StreetDirectoryFormatError(`district code ${JSON.stringify(districtCode)} is not six digits`, line);
    if (!/^[0-9]{9}$/.test(streetCode)) throw new StreetDirectoryFormatError(`street code ${JSON.stringify(streetCode)} is not nine digits`, line);
    if (!streetCode.startsWith(districtCode)) throw new StreetDirectoryFormatError(`street ${streetCode} does not lie in district ${districtCode}`, line);
    if (streetName === '' || districtName === '') throw new StreetDirectoryFormatError(`street ${streetCode} has an empty name`, line);

    const knownDistrict = districts.get(districtCode);
    if (knownDistrict && knownDistrict.name !== districtName) {
      throw new StreetDirectoryFormatError(`district ${districtCode} is named both ${knownDistrict.name} and ${districtName}`, line);
    }
    if (streets.has(streetCode)) throw new StreetDirectoryFormatError(`street ${streetCode} is listed twice`, line);

    districts.set(districtCode, { code: districtCode, name: districtName });
    streets.set(streetCode, { code: streetCode, name: streetName, districtCode });
  });

  return {
    district: (code6) => districts.get(code6),
    street: (code9) => streets.get(code9),
  };
}

const COLUMNS = ['street_code', 'street_name', 'district_code', 'district_name'] as const;

/**
 * Parses the format of data/shenzhen-streets.csv: a header naming the columns
 * street_code, street_name, district_code, district_name (in any order), one street per
 * line. Tolerates a BOM, CRLF line ends, blank lines and double-quoted fields.
 */
export function streetDirectoryFromCsv(text: string): StreetDirectory {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  if (headerIndex < 0) throw new StreetDirectoryFormatError('the street list is empty', 0);

  const header = fieldsOf(lines[headerIndex] ?? '', headerIndex + 1).map((name) => name.trim());
  const columnIndex = (name: (typeof COLUMNS)[number]): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new StreetDirectoryFormatError(`the header has no column ${name}`, headerIndex + 1);
    return index;
  };
  const [streetCodeAt, streetNameAt, districtCodeAt, districtNameAt] = COLUMNS.map(columnIndex);

  const entries: StreetEntry[] = [];
  const entryLines: number[] = [];
  lines.forEach((line, index) => {
    if (index <= headerIndex || line.trim() === '') return;
    const lineNumber = index + 1;
    const fields = fieldsOf(line, lineNumber).map((field) => field.trim());
    if (fields.length !== header.length) {
      throw new StreetDirectoryFormatError(`expected ${header.length} fields, found ${fields.length}`, lineNumber);
    }
    const field = (at: number | undefined): string => (at === undefined ? '' : (fields[at] ?? ''));
    entries.push({
      streetCode: field(streetCodeAt),
      streetName: field(streetNameAt),
      districtCode: field(districtCodeAt),
      districtName: field(districtNameAt),
    });
    entryLines.push(lineNumber);
  });
  if (entries.length === 0) throw new StreetDirectoryFormatError('the street list has a header but no streets', 0);

  return streetDirectoryFromEntries(entries, entryLines);
}

function fieldsOf(line: string, lineNumber: number): string[] {
  const fields = splitCsvLine(line);
  if (!fields) throw new StreetDirectoryFormatError('a quoted field is not closed', lineNumber);
  return fields;
}
