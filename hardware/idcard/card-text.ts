/**
 * The 256-byte text block of a 2nd-generation ID card: 128 UTF-16LE code units in
 * fixed-width, space-padded fields.
 */
import { ethnicGroupName } from './ethnic-groups';

export const CARD_TEXT_BYTES = 256;
export const LONG_TERM = '长期';

export type Sex = 'male' | 'female';

export interface IdCardText {
  readonly name: string;
  readonly sex: Sex;
  /** GB 3304 code, e.g. '01'. */
  readonly ethnicityCode: string;
  /** The name for ethnicityCode, e.g. '汉'. Derived on decoding; ignored on encoding. */
  readonly ethnicity: string;
  /** YYYYMMDD */
  readonly birthDate: string;
  readonly address: string;
  readonly idNumber: string;
  readonly issuingAuthority: string;
  /** YYYYMMDD */
  readonly validFrom: string;
  /** YYYYMMDD, or LONG_TERM for a card without expiry. */
  readonly validTo: string;
  readonly reserved: string;
}

export type CardTextResult =
  | { readonly ok: true; readonly card: IdCardText }
  | { readonly ok: false; readonly problem: string };

/** Field widths in UTF-16 code units, in card order. */
const FIELDS = [
  ['name', 15],
  ['sex', 1],
  ['ethnicityCode', 2],
  ['birthDate', 8],
  ['address', 35],
  ['idNumber', 18],
  ['issuingAuthority', 15],
  ['validFrom', 8],
  ['validTo', 8],
  ['reserved', 18],
] as const;

type FieldName = (typeof FIELDS)[number][0];
type RawFields = Record<FieldName, string>;

const SEX_BY_CODE: Readonly<Record<string, Sex>> = { '1': 'male', '2': 'female' };
const CODE_BY_SEX: Readonly<Record<Sex, string>> = { male: '1', female: '2' };

const DATE = /^\d{8}$/;
const ID_NUMBER = /^\d{17}[\dX]$/;
const PADDING = /^[\s\0]+|[\s\0]+$/gu;

const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });

function splitFields(block: Uint8Array): RawFields {
  const fields = {} as RawFields;
  let offset = 0;
  for (const [name, width] of FIELDS) {
    fields[name] = utf16le.decode(block.subarray(offset, offset + width * 2)).replace(PADDING, '');
    offset += width * 2;
  }
  return fields;
}

/** Problems name the field, never its content: that is personal data. */
function problemIn(fields: RawFields): string | undefined {
  if (!SEX_BY_CODE[fields.sex]) return 'sex code is neither 1 nor 2';
  if (!ethnicGroupName(fields.ethnicityCode)) return 'unknown ethnicity code';
  if (!DATE.test(fields.birthDate)) return 'birth date is not YYYYMMDD';
  if (!ID_NUMBER.test(fields.idNumber)) return 'ID number is malformed';
  if (!DATE.test(fields.validFrom)) return 'valid-from is not YYYYMMDD';
  if (fields.validTo !== LONG_TERM && !DATE.test(fields.validTo)) return `valid-to is neither YYYYMMDD nor ${LONG_TERM}`;
  return undefined;
}

export function decodeCardText(block: Uint8Array): CardTextResult {
  if (block.length !== CARD_TEXT_BYTES) {
    return { ok: false, problem: `text block has ${block.length} bytes, expected ${CARD_TEXT_BYTES}` };
  }
  const fields = splitFields(block);
  const problem = problemIn(fields);
  if (problem) return { ok: false, problem };
  return {
    ok: true,
    card: {
      ...fields,
      sex: SEX_BY_CODE[fields.sex] as Sex,
      ethnicity: ethnicGroupName(fields.ethnicityCode) as string,
    },
  };
}

/** Inverse of decodeCardText, for the emulator. Throws RangeError when a field is too long. */
export function encodeCardText(card: IdCardText): Uint8Array {
  const fields: RawFields = { ...card, sex: CODE_BY_SEX[card.sex] };
  const block = new Uint8Array(CARD_TEXT_BYTES);
  let offset = 0;
  for (const [name, width] of FIELDS) {
    const value = fields[name];
    if (value.length > width) {
      throw new RangeError(`card field ${name} holds at most ${width} characters: ${JSON.stringify(value)}`);
    }
    const padded = value.padEnd(width, ' ');
    for (let i = 0; i < width; i++) {
      const unit = padded.charCodeAt(i);
      block[offset++] = unit & 0xff;
      block[offset++] = unit >> 8;
    }
  }
  return block;
}
