/**
 * Rooms the built sample address database always holds, so that tests of every feature
 * can rely on a real address. Each fixture's building is 6 floors of 4 rooms (101室 to
 * 604室), all of the fixture's usage and status.
 */
import type { RoomStatus, RoomUsage } from './address-record';

export interface SampleFixture {
  houseCode: string;
  communityName: string;
  road: string;
  number: string;
  buildingName: string;
  roomLabel: string;
  usage: RoomUsage;
  status: RoomStatus;
  /** What a lookup gives as the formatted address. */
  formatted: string;
}

/** The domain brief's example: Longgang, 平湖街道; a shop. */
export const SAMPLE_COMMERCIAL_LONGGANG = '4403070030030400042000003';
export const SAMPLE_COMMERCIAL_FUTIAN = '4403040110010200017000012';
export const SAMPLE_COMMERCIAL_NANSHAN = '4403050070020300008000005';
/** A flat: usage 住宅 only. */
export const SAMPLE_RESIDENTIAL = '4403030030040100023000010';
/** A shop in a demolished building. */
export const SAMPLE_DEMOLISHED = '4403060180050200031000004';
/** A shop the grid inspectors have flagged for inspection. */
export const SAMPLE_FLAGGED = '4403090020030100009000007';
/** 商住: residential and commercial. */
export const SAMPLE_MIXED_USE = '4403100010020300012000006';
/** Well-formed, its building is in the database, the room is not. */
export const SAMPLE_UNKNOWN_ROOM = '4403070030030400042000999';
/** Well-formed and in a real street, but no such building. */
export const SAMPLE_UNKNOWN_BUILDING = '4403070030030499999000001';

export const SAMPLE_FIXTURES: readonly SampleFixture[] = [
  {
    houseCode: SAMPLE_COMMERCIAL_LONGGANG,
    communityName: '平湖社区',
    road: '平湖大街',
    number: '128号',
    buildingName: '华南城1号楼',
    roomLabel: '103室',
    usage: '商业',
    status: 'normal',
    formatted: '广东省深圳市龙岗区平湖街道平湖社区平湖大街128号华南城1号楼103室',
  },
  {
    houseCode: SAMPLE_COMMERCIAL_FUTIAN,
    communityName: '华航社区',
    road: '华强北路',
    number: '1019号',
    buildingName: '华强广场A座',
    roomLabel: '304室',
    usage: '商业',
    status: 'normal',
    formatted: '广东省深圳市福田区华强北街道华航社区华强北路1019号华强广场A座304室',
  },
  {
    houseCode: SAMPLE_COMMERCIAL_NANSHAN,
    communityName: '科技园社区',
    road: '科苑路',
    number: '15号',
    buildingName: '科兴科学园B栋',
    roomLabel: '201室',
    usage: '商业',
    status: 'normal',
    formatted: '广东省深圳市南山区粤海街道科技园社区科苑路15号科兴科学园B栋201室',
  },
  {
    houseCode: SAMPLE_RESIDENTIAL,
    communityName: '湖贝社区',
    road: '湖贝路',
    number: '1033号',
    buildingName: '湖贝新村12栋',
    roomLabel: '302室',
    usage: '住宅',
    status: 'normal',
    formatted: '广东省深圳市罗湖区东门街道湖贝社区湖贝路1033号湖贝新村12栋302室',
  },
  {
    houseCode: SAMPLE_DEMOLISHED,
    communityName: '固戍社区',
    road: '固戍一路',
    number: '88号',
    buildingName: '固戍村8栋',
    roomLabel: '104室',
    usage: '商业',
    status: 'demolished',
    formatted: '广东省深圳市宝安区西乡街道固戍社区固戍一路88号固戍村8栋104室',
  },
  {
    houseCode: SAMPLE_FLAGGED,
    communityName: '民治社区',
    road: '民治大道',
    number: '328号',
    buildingName: '民治商业中心C栋',
    roomLabel: '203室',
    usage: '商业',
    status: 'flagged-for-inspection',
    formatted: '广东省深圳市龙华区民治街道民治社区民治大道328号民治商业中心C栋203室',
  },
  {
    houseCode: SAMPLE_MIXED_USE,
    communityName: '六和社区',
    road: '东纵路',
    number: '230号',
    buildingName: '六和城2栋',
    roomLabel: '202室',
    usage: '商住',
    status: 'normal',
    formatted: '广东省深圳市坪山区坪山街道六和社区东纵路230号六和城2栋202室',
  },
];
