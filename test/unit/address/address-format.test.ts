import { describe, expect, it } from 'vitest';
import { formatChineseAddress, normaliseBuildingName, normaliseRoadNumber } from '../../../core/address/address-format';

const parts = {
  districtName: '龙岗区',
  streetName: '平湖街道',
  communityName: '平湖社区',
  road: '平湖大街',
  number: '128号',
  buildingName: '华南城1号楼',
  roomLabel: '0301',
};

describe('the written address', () => {
  it('reads province, city, district, street, community, road, number, building and room in that order', () => {
    expect(formatChineseAddress(parts)).toBe('广东省深圳市龙岗区平湖街道平湖社区平湖大街128号华南城1号楼0301室');
  });

  it('adds 室 to a bare room number but not to a label that already has it', () => {
    expect(formatChineseAddress({ ...parts, roomLabel: '301室' })).toMatch(/华南城1号楼301室$/);
    expect(formatChineseAddress({ ...parts, roomLabel: 'B205' })).toMatch(/B205室$/);
    expect(formatChineseAddress({ ...parts, roomLabel: '301房' })).toMatch(/301房$/);
  });

  it('leaves the building out when the road number names it', () => {
    expect(formatChineseAddress({ ...parts, buildingName: '', roomLabel: '301' })).toBe('广东省深圳市龙岗区平湖街道平湖社区平湖大街128号301室');
  });

  it('writes road numbers with 号 and bare building numbers with 栋, and leaves written ones alone', () => {
    expect(normaliseRoadNumber('128')).toBe('128号');
    expect(normaliseRoadNumber('128号')).toBe('128号');
    expect(normaliseRoadNumber('128-1')).toBe('128-1号');
    expect(normaliseBuildingName('12')).toBe('12栋');
    expect(normaliseBuildingName('12栋')).toBe('12栋');
    expect(normaliseBuildingName('华南城1号楼')).toBe('华南城1号楼');
    expect(normaliseBuildingName('')).toBe('');
  });
});
