import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { StreetDirectoryFormatError, streetDirectoryFromCsv } from '../../../rules/street-directory';

const REAL_CSV = readFileSync('assets/data/shenzhen-streets.csv', 'utf8');
const HEADER = 'street_code,street_name,district_code,district_name';

function formatErrorOf(text: string): StreetDirectoryFormatError {
  try {
    streetDirectoryFromCsv(text);
  } catch (error) {
    if (error instanceof StreetDirectoryFormatError) return error;
    throw error;
  }
  throw new Error('expected the CSV to be rejected');
}

describe('streetDirectoryFromCsv on the real Shenzhen street list', () => {
  const directory = streetDirectoryFromCsv(REAL_CSV);

  it('finds every district and street listed in the file', () => {
    const rows = REAL_CSV.trim().split('\n').slice(1).map((line) => line.trim().split(','));
    expect(rows.length).toBeGreaterThan(70);
    for (const [streetCode, streetName, districtCode, districtName] of rows) {
      expect(directory.street(streetCode ?? '')).toEqual({ code: streetCode, name: streetName, districtCode });
      expect(directory.district(districtCode ?? '')).toEqual({ code: districtCode, name: districtName });
    }
  });

  it('knows Longgang and its 平湖街道, and nothing outside the list', () => {
    expect(directory.district('440307')).toEqual({ code: '440307', name: '龙岗区' });
    expect(directory.street('440307003')).toEqual({ code: '440307003', name: '平湖街道', districtCode: '440307' });
    expect(directory.district('440106')).toBeUndefined();
    expect(directory.street('440307999')).toBeUndefined();
    expect(directory.street('440307')).toBeUndefined();
  });
});

describe('streetDirectoryFromCsv tolerance', () => {
  it('accepts a BOM, CRLF line ends, blank lines, reordered columns and quoted fields', () => {
    const text = '\uFEFFdistrict_name,district_code,street_name,street_code\r\n\r\n"龙岗区",440307,"平湖街道",440307003\r\n 罗湖区 , 440303 ,桂园街道,440303001\r\n';
    const directory = streetDirectoryFromCsv(text);
    expect(directory.street('440307003')).toEqual({ code: '440307003', name: '平湖街道', districtCode: '440307' });
    expect(directory.district('440303')).toEqual({ code: '440303', name: '罗湖区' });
  });
});

describe('streetDirectoryFromCsv rejects broken data, naming the line', () => {
  it.each([
    ['an empty file', '', 0, /empty/],
    ['a header without streets', `${HEADER}\n`, 0, /no streets/],
    ['a missing column', 'street_code,street_name,district_code\n440307003,平湖街道,440307', 1, /district_name/],
    ['a row with too few fields', `${HEADER}\n440307003,平湖街道,440307`, 2, /fields/],
    ['a district code that is not six digits', `${HEADER}\n440307003,平湖街道,44030,龙岗区`, 2, /six digits/],
    ['a street code that is not nine digits', `${HEADER}\n44030700A,平湖街道,440307,龙岗区`, 2, /nine digits/],
    ['a street outside its district', `${HEADER}\n440303001,桂园街道,440307,龙岗区`, 2, /does not lie/],
    ['an empty name', `${HEADER}\n440307003,,440307,龙岗区`, 2, /empty name/],
    ['a street listed twice', `${HEADER}\n440307003,平湖街道,440307,龙岗区\n440307003,平湖街道,440307,龙岗区`, 3, /twice/],
    ['a district with two names', `${HEADER}\n440307003,平湖街道,440307,龙岗区\n440307006,坪地街道,440307,龙港区`, 3, /named both/],
    ['an unclosed quote', `${HEADER}\n440307003,"平湖街道,440307,龙岗区`, 2, /quoted/],
  ])('%s', (_name, text, line, message) => {
    const error = formatErrorOf(text);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
  });
});
