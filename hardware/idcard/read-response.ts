/**
 * The data of the answer to "read text and photo" (30 01). The two length words come
 * right after SW1 SW2 SW3, i.e. they are the first bytes of the response data:
 *
 *   AA AA AA 96 69 | 05 08 | 00 00 90 | 01 00 | 04 00 | text (256) | photo (1024) | XOR
 *   preamble         len      SW         text len photo len
 *
 * 5 + 2 + 3 + 4 + 256 + 1024 + 1 = 1295 bytes, len = 0x0508 = 1288. Both the driver
 * and the emulator go through this module, so they cannot disagree on the layout.
 */
import { CARD_TEXT_BYTES } from './card-text';

export const WLT_PHOTO_BYTES = 1024;
export const READ_RESPONSE_FRAME_BYTES = 1295;

const LENGTH_WORDS_BYTES = 4;

export interface ReadPayload {
  readonly text: Uint8Array;
  /** The photo as the card stores it: WLT, decodable only by the vendor's library. */
  readonly wlt: Uint8Array;
}

export type ReadPayloadResult =
  | { readonly ok: true; readonly payload: ReadPayload }
  | { readonly ok: false; readonly problem: string };

export function encodeReadPayload(payload: ReadPayload): Uint8Array {
  const { text, wlt } = payload;
  const data = new Uint8Array(LENGTH_WORDS_BYTES + text.length + wlt.length);
  const view = new DataView(data.buffer);
  view.setUint16(0, text.length);
  view.setUint16(2, wlt.length);
  data.set(text, LENGTH_WORDS_BYTES);
  data.set(wlt, LENGTH_WORDS_BYTES + text.length);
  return data;
}

export function decodeReadPayload(data: Uint8Array): ReadPayloadResult {
  if (data.length < LENGTH_WORDS_BYTES) {
    return { ok: false, problem: `read answer has ${data.length} data bytes, too short for the length words` };
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const textLength = view.getUint16(0);
  const photoLength = view.getUint16(2);
  if (textLength !== CARD_TEXT_BYTES || photoLength !== WLT_PHOTO_BYTES) {
    return {
      ok: false,
      problem: `read answer announces ${textLength} text and ${photoLength} photo bytes, expected ${CARD_TEXT_BYTES} and ${WLT_PHOTO_BYTES}`,
    };
  }
  if (data.length !== LENGTH_WORDS_BYTES + textLength + photoLength) {
    return { ok: false, problem: `read answer has ${data.length} data bytes, its length words announce ${LENGTH_WORDS_BYTES + textLength + photoLength}` };
  }
  const photoAt = LENGTH_WORDS_BYTES + textLength;
  return { ok: true, payload: { text: data.slice(LENGTH_WORDS_BYTES, photoAt), wlt: data.slice(photoAt) } };
}
