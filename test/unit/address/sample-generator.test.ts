import { describe, expect, it } from 'vitest';
import type { AddressRow } from '../../../core/address/address-csv';
import { ROOM_STATUSES, ROOM_USAGES } from '../../../core/address/address-record';
import { SAMPLE_FIXTURES, SAMPLE_UNKNOWN_BUILDING, SAMPLE_UNKNOWN_ROOM } from '../../../core/address/sample-fixtures';
import { generateSampleRows } from '../../../core/address/sample-generator';
import { allStreets } from '../../../core/address/street-list';
import { parseHouseCode } from '../../../rules/house-code';
import { streets } from '../../integration/address/address-test-kit';

const rows: AddressRow[] = [...generateSampleRows(streets, { rooms: 30_000 })];

describe('the sample address generator', () => {
  it('gives the same rows for the same size and seed, other rows for another seed', () => {
    expect([...generateSampleRows(streets, { rooms: 30_000 })]).toEqual(rows);
    expect([...generateSampleRows(streets, { rooms: 30_000, seed: 2 })].slice(0, 50)).not.toEqual(rows.slice(0, 50));
  });

  it('covers every street of the street list with valid, unique codes in code order', () => {
    const covered = new Set(rows.map((r) => r.houseCode.slice(0, 9)));
    expect([...covered].sort()).toEqual(allStreets(streets).map((s) => s.code));
    expect(allStreets(streets)).toHaveLength(79);
    expect(rows.every((r) => parseHouseCode(r.houseCode, streets).ok)).toBe(true);
    const codes = rows.map((r) => r.houseCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code, i) => i === 0 || (codes[i - 1] as string) < code)).toBe(true);
  });

  it('comes close to the size asked for', () => {
    expect(rows.length).toBeGreaterThan(25_000);
    expect(rows.length).toBeLessThan(45_000);
  });

  it('has communities, grids and buildings with roads, and a mix of usages and statuses', () => {
    const communities = new Set(rows.map((r) => r.houseCode.slice(0, 12)));
    expect(communities.size).toBeGreaterThanOrEqual(79 * 4);
    expect(new Set(rows.map((r) => r.houseCode.slice(0, 14))).size).toBeGreaterThan(communities.size * 2);
    expect(rows.every((r) => r.community.endsWith('社区') && r.road !== '' && /号$/.test(r.number) && r.room !== '')).toBe(true);
    const usages = new Set(rows.map((r) => r.usage));
    for (const usage of ['住宅', '商业', '办公', '工业', '商住', '仓储', '公共服务']) expect(usages).toContain(usage);
    expect([...usages].every((u) => (ROOM_USAGES as readonly string[]).includes(u))).toBe(true);
    const statuses = rows.map((r) => r.status);
    expect(new Set(statuses)).toEqual(new Set(ROOM_STATUSES));
    expect(statuses.filter((s) => s === 'normal').length / statuses.length).toBeGreaterThan(0.95);
  });

  it('holds every fixture room as the fixture describes it, whatever the size', () => {
    for (const size of [30_000, 2_000]) {
      const byCode = new Map([...(size === 30_000 ? rows : generateSampleRows(streets, { rooms: size }))].map((r) => [r.houseCode, r]));
      for (const fixture of SAMPLE_FIXTURES) {
        expect(byCode.get(fixture.houseCode)).toMatchObject({
          community: fixture.communityName,
          road: fixture.road,
          number: fixture.number,
          building: fixture.buildingName,
          room: fixture.roomLabel,
          usage: fixture.usage,
          status: fixture.status,
        });
      }
      expect(byCode.has(SAMPLE_UNKNOWN_ROOM)).toBe(false);
      expect([...byCode.keys()].some((code) => code.startsWith(SAMPLE_UNKNOWN_BUILDING.slice(0, 19)))).toBe(false);
    }
  });

  it('has commercial fixture rooms in three districts, and residential, demolished and flagged ones', () => {
    const commercial = SAMPLE_FIXTURES.filter((f) => f.usage === '商业' && f.status === 'normal');
    expect(new Set(commercial.map((f) => f.houseCode.slice(0, 6))).size).toBeGreaterThanOrEqual(3);
    expect(SAMPLE_FIXTURES.some((f) => f.usage === '住宅')).toBe(true);
    expect(SAMPLE_FIXTURES.some((f) => f.status === 'demolished')).toBe(true);
    expect(SAMPLE_FIXTURES.some((f) => f.status === 'flagged-for-inspection')).toBe(true);
  });
});
