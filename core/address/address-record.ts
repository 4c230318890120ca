/**
 * What the address database knows about one room, and the answers a lookup gives.
 * The kiosk fills the business address from this record, so the applicant never types it.
 */
import type { HouseCodeProblem } from '../../rules/house-code';

/** What the room may be used for, as registered. Stored by position: append only. */
export const ROOM_USAGES = ['住宅', '商业', '办公', '工业', '商住', '仓储', '公共服务', '其他'] as const;
export type RoomUsage = (typeof ROOM_USAGES)[number];

/** Stored by position: append only. */
export const ROOM_STATUSES = ['normal', 'demolished', 'flagged-for-inspection'] as const;
export type RoomStatus = (typeof ROOM_STATUSES)[number];

/** The stored facts of one room, below the street level that the street list provides. */
export interface StoredRoom {
  communityName: string;
  gridName: string;
  road: string;
  /** With its 号, e.g. '128号'. */
  number: string;
  /** '华南城1号楼', '12栋', or '' when the road number alone names the building. */
  buildingName: string;
  /** As printed at the door: '0301', '301室'. */
  roomLabel: string;
  usage: RoomUsage;
  status: RoomStatus;
}

export interface RoomAddress extends StoredRoom {
  /** 25 digits. */
  houseCode: string;
  /** The first 19 digits. */
  buildingCode: string;
  districtCode: string;
  districtName: string;
  streetCode: string;
  streetName: string;
  /** 12 digits: street code + community. */
  communityCode: string;
  /** 14 digits: community code + grid. */
  gridCode: string;
  /** 广东省深圳市龙岗区平湖街道平湖社区平湖大街128号华南城1号楼103室 */
  formatted: string;
}

export type AddressProblem =
  | HouseCodeProblem
  /** A well-formed Shenzhen code that the database does not hold; buildingKnown tells a mistyped room from a wrong building. */
  | { code: 'not-found'; houseCode: string; buildingKnown: boolean };

export type AddressLookup = { ok: true; address: RoomAddress } | { ok: false; reason: AddressProblem };
