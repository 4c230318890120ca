/**
 * Frames of the SAM serial protocol spoken by 2nd-generation ID card readers.
 *
 *   request:  AA AA AA 96 69 | len(2, BE) | CMD PARA     | data | XOR
 *   response: AA AA AA 96 69 | len(2, BE) | SW1 SW2 SW3  | data | XOR
 *
 * len counts every byte after itself, checksum included; the XOR runs from the first
 * len byte to the last data byte.
 */

export const SAM_PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];

/** Above any real answer (the largest, text + photo + fingerprint, is about 2.3 KB). */
export const MAX_FRAME_LENGTH = 0x1000;

export interface SamRequest {
  readonly cmd: number;
  readonly para: number;
  readonly data: Uint8Array;
}

export interface SamResponse {
  readonly sw1: number;
  readonly sw2: number;
  readonly sw3: number;
  readonly data: Uint8Array;
}

export type SamFrameError =
  | { readonly kind: 'bad-checksum'; readonly expected: number; readonly actual: number }
  | { readonly kind: 'bad-length'; readonly length: number };

export type SamDecoded<F> =
  | { readonly type: 'frame'; readonly frame: F }
  | { readonly type: 'error'; readonly error: SamFrameError };

const PREAMBLE_SIZE = SAM_PREAMBLE.length;
const LENGTH_SIZE = 2;
const CHECKSUM_SIZE = 1;
const EMPTY = new Uint8Array(0);

function xor(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum ^= bytes[i] as number;
  return sum;
}

function encodeFrame(head: readonly number[], data: Uint8Array): Uint8Array {
  const length = head.length + data.length + CHECKSUM_SIZE;
  if (length > 0xffff) throw new RangeError(`SAM frame too long: ${length} bytes after the length field`);
  const frame = new Uint8Array(PREAMBLE_SIZE + LENGTH_SIZE + length);
  frame.set(SAM_PREAMBLE, 0);
  frame[PREAMBLE_SIZE] = length >> 8;
  frame[PREAMBLE_SIZE + 1] = length & 0xff;
  frame.set(head, PREAMBLE_SIZE + LENGTH_SIZE);
  frame.set(data, PREAMBLE_SIZE + LENGTH_SIZE + head.length);
  frame[frame.length - 1] = xor(frame, PREAMBLE_SIZE, frame.length - 1);
  return frame;
}

export function encodeRequest(request: SamRequest): Uint8Array {
  return encodeFrame([request.cmd, request.para], request.data);
}

export function encodeResponse(response: SamResponse): Uint8Array {
  return encodeFrame([response.sw1, response.sw2, response.sw3], response.data);
}

/** What distinguishes requests from responses: the fixed header after the length field. */
interface FrameLayout<F> {
  readonly headSize: number;
  build(head: Uint8Array, data: Uint8Array): F;
}

const requestLayout: FrameLayout<SamRequest> = {
  headSize: 2,
  build: (head, data) => ({ cmd: head[0] as number, para: head[1] as number, data }),
};

const responseLayout: FrameLayout<SamResponse> = {
  headSize: 3,
  build: (head, data) => ({ sw1: head[0] as number, sw2: head[1] as number, sw3: head[2] as number, data }),
};

function indexOfPreamble(bytes: Uint8Array): number {
  outer: for (let i = 0; i + PREAMBLE_SIZE <= bytes.length; i++) {
    for (let j = 0; j < PREAMBLE_SIZE; j++) if (bytes[i + j] !== SAM_PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/** Length of the longest tail of `bytes` that could be the start of a preamble. */
function preamblePrefixAtEnd(bytes: Uint8Array): number {
  for (let size = Math.min(PREAMBLE_SIZE - 1, bytes.length); size > 0; size--) {
    let matches = true;
    for (let j = 0; j < size && matches; j++) matches = bytes[bytes.length - size + j] === SAM_PREAMBLE[j];
    if (matches) return size;
  }
  return 0;
}

/**
 * Streaming decoder: feed it bytes in any chunks, get frames and frame errors back.
 * Bytes before a preamble are skipped. After an error it resumes the search one byte
 * after the rejected preamble, so a corrupted length cannot swallow the next frame.
 * It never throws on input.
 */
export class SamFrameDecoder<F> {
  private buffer: Uint8Array = EMPTY;

  constructor(
    private readonly layout: FrameLayout<F>,
    private readonly maxLength = MAX_FRAME_LENGTH,
  ) {}

  push(chunk: Uint8Array): SamDecoded<F>[] {
    this.append(chunk);
    const results: SamDecoded<F>[] = [];
    for (;;) {
      const start = indexOfPreamble(this.buffer);
      if (start < 0) {
        this.buffer = this.buffer.subarray(this.buffer.length - preamblePrefixAtEnd(this.buffer));
        return results;
      }
      this.buffer = this.buffer.subarray(start);
      const result = this.takeFrame();
      if (result === undefined) return results;
      results.push(result);
    }
  }

  /** Bytes of a frame whose preamble has arrived but whose end has not. */
  partialFrameBytes(): number {
    return indexOfPreamble(this.buffer) === 0 ? this.buffer.length : 0;
  }

  reset(): void {
    this.buffer = EMPTY;
  }

  private append(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
  }

  /** With the buffer starting at a preamble: one result, or undefined while incomplete. */
  private takeFrame(): SamDecoded<F> | undefined {
    const bytes = this.buffer;
    const lengthAt = PREAMBLE_SIZE;
    if (bytes.length < lengthAt + LENGTH_SIZE) return undefined;

    const length = ((bytes[lengthAt] as number) << 8) | (bytes[lengthAt + 1] as number);
    if (length < this.layout.headSize + CHECKSUM_SIZE || length > this.maxLength) {
      this.buffer = bytes.subarray(1);
      return { type: 'error', error: { kind: 'bad-length', length } };
    }

    const end = lengthAt + LENGTH_SIZE + length;
    if (bytes.length < end) return undefined;

    const expected = xor(bytes, lengthAt, end - 1);
    const actual = bytes[end - 1] as number;
    if (expected !== actual) {
      this.buffer = bytes.subarray(1);
      return { type: 'error', error: { kind: 'bad-checksum', expected, actual } };
    }

    const headAt = lengthAt + LENGTH_SIZE;
    const dataAt = headAt + this.layout.headSize;
    const frame = this.layout.build(bytes.slice(headAt, dataAt), bytes.slice(dataAt, end - 1));
    this.buffer = bytes.subarray(end);
    return { type: 'frame', frame };
  }
}

export const createRequestDecoder = (maxLength?: number) => new SamFrameDecoder(requestLayout, maxLength);
export const createResponseDecoder = (maxLength?: number) => new SamFrameDecoder(responseLayout, maxLength);
