// Shenzhen's 25-digit house code (房屋编码): one code per room, read left to right as
// province 2 | city 2 | district 2 | street 3 | community 3 | grid 2 | building 5 | room 6.
// No check digit is known, so a typo can only be caught when it leaves Shenzhen's
// districts and streets.

import type { Language } from './language';
import type { StreetDirectory } from './street-directory';
import { isAsciiDigit, isSpaceOrHyphen, significantCharacters } from './typed-input';

export const HOUSE_CODE_LENGTH = 25;
/** The first 19 digits identify the building; rental papers often show only those. */
export const BUILDING_CODE_LENGTH = 19;
const SHENZHEN_PREFIX = '4403';
// Groups as printed for display: district, street, community, grid, building, room.
const DISPLAY_GROUPS = [6, 3, 3, 2, 5, 6] as const;

export interface HouseCodeParts {
  province: string;
  city: string;
  district: string;
  street: string;
  community: string;
  grid: string;
  building: string;
  room: string;
}

export interface HouseCode {
  /** The 25 digits without separators. */
  code: string;
  parts: HouseCodeParts;
  /** Six digits, e.g. '440307'. */
  districtCode: string;
  /** Nine digits, the national statistics street code, e.g. '440307003'. */
  streetCode: string;
  /** The first 19 digits. */
  buildingCode: string;
  districtName: string;
  streetName: string;
}

export type HouseCodeProblem =
  | { code: 'empty' }
  /** position is 1-based within the code, ignoring spaces and hyphens. */
  | { code: 'bad-characters'; position: number; character: string }
  | { code: 'building-code-only'; buildingCode: string }
  | { code: 'wrong-length'; expectedLength: typeof HOUSE_CODE_LENGTH; actualLength: number }
  | { code: 'not-shenzhen'; prefix: string }
  | { code: 'unknown-district'; districtCode: string }
  | { code: 'unknown-street'; streetCode: string; districtCode: string; districtName: string };

export type HouseCodeParse = ({ ok: true } & HouseCode) | { ok: false; reason: HouseCodeProblem };

/** Accepts the digits as the applicant types them, grouped with spaces or hyphens or not. */
export function parseHouseCode(input: string, streets: StreetDirectory): HouseCodeParse {
  const typed = significantCharacters(input, isSpaceOrHyphen);
  if (typed.length === 0) return fail({ code: 'empty' });

  const badIndex = typed.findIndex((t) => !isAsciiDigit(t.char));
  if (badIndex >= 0) {
    return fail({ code: 'bad-characters', position: badIndex + 1, character: typed[badIndex]?.typed ?? '' });
  }
  const code = typed.map((t) => t.char).join('');

  if (code.length === BUILDING_CODE_LENGTH) return fail({ code: 'building-code-only', buildingCode: code });
  if (code.length !== HOUSE_CODE_LENGTH) {
    return fail({ code: 'wrong-length', expectedLength: HOUSE_CODE_LENGTH, actualLength: code.length });
  }
  if (!code.startsWith(SHENZHEN_PREFIX)) return fail({ code: 'not-shenzhen', prefix: code.slice(0, 4) });

  const districtCode = code.slice(0, 6);
  const district = streets.district(districtCode);
  if (!district) return fail({ code: 'unknown-district', districtCode });

  const streetCode = code.slice(0, 9);
  const street = streets.street(streetCode);
  if (!street) return fail({ code: 'unknown-street', streetCode, districtCode, districtName: district.name });

  return {
    ok: true,
    code,
    parts: {
      province: code.slice(0, 2),
      city: code.slice(2, 4),
      district: code.slice(4, 6),
      street: code.slice(6, 9),
      community: code.slice(9, 12),
      grid: code.slice(12, 14),
      building: code.slice(14, 19),
      room: code.slice(19, 25),
    },
    districtCode,
    streetCode,
    buildingCode: code.slice(0, BUILDING_CODE_LENGTH),
    districtName: district.name,
    streetName: street.name,
  };
}

function fail(reason: HouseCodeProblem): HouseCodeParse {
  return { ok: false, reason };
}

/**
 * '4403070030030400042000003' → '440307 003 003 04 00042 000003'. Spaces and hyphens in
 * the input are dropped first; a partial code is grouped as far as it goes, so the
 * screen can echo the digits while they are being typed.
 */
export function formatHouseCodeGroups(code: string): string {
  const chars = significantCharacters(code, isSpaceOrHyphen).map((t) => t.char);
  const groups: string[] = [];
  let start = 0;
  for (const size of DISPLAY_GROUPS) {
    if (start >= chars.length) break;
    groups.push(chars.slice(start, start + size).join(''));
    start += size;
  }
  if (start < chars.length) groups.push(chars.slice(start).join(''));
  return groups.join(' ');
}

// ---- Messages for the applicant ----

export function describeHouseCodeProblem(problem: HouseCodeProblem, lang: Language): string {
  return lang === 'zh-CN' ? describeInChinese(problem) : describeInEnglish(problem);
}

function describeInChinese(problem: HouseCodeProblem): string {
  switch (problem.code) {
    case 'empty':
      return '请输入经营场所的25位房屋编码。';
    case 'bad-characters':
      return `房屋编码只含数字，第${problem.position}位“${problem.character}”不是数字，请核对。`;
    case 'building-code-only':
      return (
        '您输入的是19位楼栋编码，只能确定到楼栋，不能用于登记。请输入精确到房间的25位房屋编码：' +
        '可在门口张贴的房屋编码标签、租赁备案（房屋租赁合同备案）凭证或《深圳市房屋编码》告知书上找到。'
      );
    case 'wrong-length':
      return `房屋编码应为25位数字，您输入了${problem.actualLength}位，请核对。`;
    case 'not-shenzhen':
      return `这不是深圳市的房屋编码（深圳的编码以4403开头，您输入的以${problem.prefix}开头）。本机只能登记深圳市内的经营场所。`;
    case 'unknown-district':
      return `房屋编码前6位（${problem.districtCode}）不是深圳市的区，请核对。`;
    case 'unknown-street':
      return `房屋编码第7至9位（${problem.streetCode.slice(6)}）在${problem.districtName}没有对应的街道，请核对。`;
  }
}

function describeInEnglish(problem: HouseCodeProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'Please enter the 25-digit house code (房屋编码) of your business premises.';
    case 'bad-characters':
      return `A house code has only digits; character ${problem.position} ("${problem.character}") is not a digit. Please check it.`;
    case 'building-code-only':
      return (
        'You entered the 19-digit building code, which only identifies the building and is not enough to register. ' +
        'Please enter the full 25-digit house code of the room. You can find it on the house code label (房屋编码) ' +
        'at the door, on the rental contract record (租赁备案), or on the Shenzhen house code notice (深圳市房屋编码).'
      );
    case 'wrong-length':
      return `A house code has 25 digits; you entered ${problem.actualLength}. Please check it.`;
    case 'not-shenzhen':
      return `This is not a Shenzhen house code (Shenzhen codes start with 4403, yours starts with ${problem.prefix}). This kiosk can only register business premises in Shenzhen.`;
    case 'unknown-district':
      return `The first six digits (${problem.districtCode}) are not a Shenzhen district. Please check them.`;
    case 'unknown-street':
      return `Digits 7 to 9 (${problem.streetCode.slice(6)}) are not a street of ${problem.districtName}. Please check them.`;
  }
}
