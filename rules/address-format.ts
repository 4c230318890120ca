/** The written forms of an address: what is stored, and the one line the licence prints (kiosk and centre alike). */

const PROVINCE_AND_CITY = '广东省深圳市';

export interface AddressLineParts {
  districtName: string;
  streetName: string;
  communityName: string;
  road: string;
  number: string;
  buildingName: string;
  roomLabel: string;
}

/** 广东省深圳市 + district + street + community + road + number + building + room. */
export function formatChineseAddress(parts: AddressLineParts): string {
  return (
    PROVINCE_AND_CITY +
    parts.districtName +
    parts.streetName +
    parts.communityName +
    parts.road +
    parts.number +
    parts.buildingName +
    roomWithSuffix(parts.roomLabel)
  );
}

/** '128' → '128号'; '128号' and '128-1号' stay as they are. */
export function normaliseRoadNumber(number: string): string {
  return /[0-9A-Za-z]$/.test(number) ? `${number}号` : number;
}

/** A bare building number '12' → '12栋'; names such as '华南城1号楼' stay. */
export function normaliseBuildingName(name: string): string {
  return /^[0-9]+$/.test(name) ? `${name}栋` : name;
}

/** '0301' → '0301室'; '301室' and '301房' stay. */
export function roomWithSuffix(label: string): string {
  return /[0-9A-Za-z]$/.test(label) ? `${label}室` : label;
}
