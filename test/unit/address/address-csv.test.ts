import { describe, expect, it } from 'vitest';
import {
  ADDRESS_CSV_COLUMNS,
  addressCsvHeader,
  addressCsvLine,
  readAddressHeader,
  readAddressLine,
  splitCsvLine,
  type AddressRow,
  type CsvLayout,
} from '../../../core/address/address-csv';

const row: AddressRow = {
  houseCode: '4403070030030400042000003',
  community: '平湖社区',
  grid: '平湖社区第4网格',
  road: '平湖大街',
  number: '128号',
  building: '华南城1号楼',
  room: '103室',
  usage: '商业',
  status: 'normal',
};

function layoutOf(header: string): CsvLayout {
  const parsed = readAddressHeader(header);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.layout;
}

describe('the address import CSV', () => {
  it('has the nine documented columns', () => {
    expect(ADDRESS_CSV_COLUMNS).toEqual(['house_code', 'community', 'grid', 'road', 'number', 'building', 'room', 'usage', 'status']);
  });

  it('reads back what it writes, quoting fields with commas and quotes', () => {
    const tricky = { ...row, building: '华南城1号楼,"北"区' };
    const line = addressCsvLine(tricky);
    expect(line).toContain('"华南城1号楼,""北""区"');
    expect(readAddressLine(line, layoutOf(addressCsvHeader()))).toEqual({ ok: true, row: tricky });
  });

  it('takes the columns in any order, with a BOM, in any letter case, and trims the fields', () => {
    const layout = layoutOf('\uFEFFStatus,usage,room,building,number,road,grid,community,HOUSE_CODE');
    const parsed = readAddressLine(' normal , 商业,103室,华南城1号楼,128号,平湖大街,平湖社区第4网格,平湖社区, 4403070030030400042000003 ', layout);
    expect(parsed).toEqual({ ok: true, row });
  });

  it('names a missing or unknown column in the header', () => {
    expect(readAddressHeader('house_code,community,grid,road,number,building,room,usage')).toEqual({ ok: false, problem: expect.stringMatching(/lacks column status/) });
    expect(readAddressHeader(`${addressCsvHeader()},remarks`)).toEqual({ ok: false, problem: expect.stringMatching(/unknown column remarks/) });
  });

  it('rejects a line with the wrong number of fields or an unclosed quote', () => {
    const layout = layoutOf(addressCsvHeader());
    expect(readAddressLine('4403070030030400042000003,平湖社区', layout)).toEqual({ ok: false, problem: 'expected 9 fields, found 2' });
    expect(readAddressLine('4403070030030400042000003,"平湖社区,,,,,,,', layout)).toEqual({ ok: false, problem: 'a quoted field is not closed' });
  });

  it('splits plain and quoted fields alike', () => {
    expect(splitCsvLine('a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine('"a,1",b,"say ""hi"""')).toEqual(['a,1', 'b', 'say "hi"']);
  });
});
