import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_FRAME_LENGTH,
  createRequestDecoder,
  createResponseDecoder,
  encodeRequest,
  encodeResponse,
  type SamDecoded,
  type SamResponse,
} from '../../../../hardware/idcard/sam-frame';

const bytes = (hex: string) => Uint8Array.from(hex.trim().split(/\s+/u).map((b) => parseInt(b, 16)));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function decodeAll(stream: Uint8Array, cuts: readonly number[] = []) {
  const decoder = createResponseDecoder();
  const results: SamDecoded<SamResponse>[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    results.push(...decoder.push(stream.subarray(from, cut)));
    from = cut;
  }
  results.push(...decoder.push(stream.subarray(from)));
  return { results, decoder };
}

const frameOf = (response: SamResponse): SamDecoded<SamResponse> => ({ type: 'frame', frame: response });

// No 0xAA in head or data bytes: a frame then cannot hold a second preamble, so what the
// decoder must find is unambiguous.
const nonPreambleByte = fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0xaa);
const responseArb: fc.Arbitrary<SamResponse> = fc.record({
  sw1: nonPreambleByte,
  sw2: nonPreambleByte,
  sw3: nonPreambleByte,
  data: fc.array(nonPreambleByte, { maxLength: 80 }).map((a) => Uint8Array.from(a)),
});
// Garbage without 0x69 cannot hold a whole preamble, but may end in a partial one.
const garbageArb = fc
  .array(fc.oneof(fc.constantFrom(0xaa, 0x96), fc.integer({ min: 0, max: 255 })), { maxLength: 20 })
  .map((a) => Uint8Array.from(a.filter((b) => b !== 0x69)));

describe('SAM frame encoding', () => {
  it('encodes the three requests the kiosk sends exactly as readers expect them', () => {
    const empty = new Uint8Array(0);
    expect(encodeRequest({ cmd: 0x20, para: 0x01, data: empty })).toEqual(bytes('AA AA AA 96 69 00 03 20 01 22'));
    expect(encodeRequest({ cmd: 0x20, para: 0x02, data: empty })).toEqual(bytes('AA AA AA 96 69 00 03 20 02 21'));
    expect(encodeRequest({ cmd: 0x30, para: 0x01, data: empty })).toEqual(bytes('AA AA AA 96 69 00 03 30 01 32'));
  });

  it('encodes responses with SW1 SW2 SW3 and the length counting the checksum', () => {
    expect(encodeResponse({ sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) })).toEqual(
      bytes('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'),
    );
    expect(encodeResponse({ sw1: 0, sw2: 0, sw3: 0x80, data: new Uint8Array(0) })).toEqual(
      bytes('AA AA AA 96 69 00 04 00 00 80 84'),
    );
  });

  it('refuses to encode a frame whose length does not fit in two bytes', () => {
    expect(() => encodeRequest({ cmd: 1, para: 2, data: new Uint8Array(0xfffd) })).toThrow(RangeError);
  });
});

describe('SAM frame decoding', () => {
  it('decodes a request and a response', () => {
    expect(createRequestDecoder().push(bytes('AA AA AA 96 69 00 03 20 01 22'))).toEqual([
      { type: 'frame', frame: { cmd: 0x20, para: 0x01, data: new Uint8Array(0) } },
    ]);
    expect(createResponseDecoder().push(bytes('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97'))).toEqual([
      frameOf({ sw1: 0, sw2: 0, sw3: 0x9f, data: new Uint8Array(4) }),
    ]);
  });

  it('skips garbage, including bytes that look like the start of a preamble', () => {
    const { results } = decodeAll(bytes('01 AA AA 96 AA AA AA AA 96 69 00 04 00 00 80 84'));
    expect(results).toEqual([frameOf({ sw1: 0, sw2: 0, sw3: 0x80, data: new Uint8Array(0) })]);
  });

  it('reports a bad checksum and still finds the frame after it', () => {
    const { results } = decodeAll(bytes('AA AA AA 96 69 00 04 00 00 80 85  AA AA AA 96 69 00 04 00 00 90 94'));
    expect(results).toEqual([
      { type: 'error', error: { kind: 'bad-checksum', expected: 0x84, actual: 0x85 } },
      frameOf({ sw1: 0, sw2: 0, sw3: 0x90, data: new Uint8Array(0) }),
    ]);
  });

  it('does not let a corrupted length swallow the frame after it', () => {
    // Length 4 corrupted to 9 reaches into the next frame's preamble.
    const { results } = decodeAll(bytes('AA AA AA 96 69 00 09 00 00 80 84  AA AA AA 96 69 00 04 00 00 90 94'));
    expect(results).toEqual([
      { type: 'error', error: { kind: 'bad-checksum', expected: 0x31, actual: 0x69 } },
      frameOf({ sw1: 0, sw2: 0, sw3: 0x90, data: new Uint8Array(0) }),
    ]);
  });

  it('reports lengths too short for the header and too long for any reader', () => {
    expect(createResponseDecoder().push(bytes('AA AA AA 96 69 00 03 00 00 03'))).toEqual([
      { type: 'error', error: { kind: 'bad-length', length: 3 } },
    ]);
    expect(createRequestDecoder().push(bytes('AA AA AA 96 69 00 02 00 02'))).toEqual([
      { type: 'error', error: { kind: 'bad-length', length: 2 } },
    ]);
    expect(createResponseDecoder().push(bytes('AA AA AA 96 69 FF FF'))).toEqual([
      { type: 'error', error: { kind: 'bad-length', length: 0xffff } },
    ]);
  });

  it('waits for the rest of a frame and tells how much of it has arrived', () => {
    const decoder = createResponseDecoder();
    const frame = encodeResponse({ sw1: 0, sw2: 0, sw3: 0x90, data: new Uint8Array(1288 - 4) });
    expect(decoder.push(frame.subarray(0, 600))).toEqual([]);
    expect(decoder.partialFrameBytes()).toBe(600);
    expect(decoder.push(frame.subarray(600))).toHaveLength(1);
    expect(decoder.partialFrameBytes()).toBe(0);
  });

  it('forgets a partial frame on reset', () => {
    const decoder = createResponseDecoder();
    decoder.push(bytes('AA AA AA 96 69 00 04 00'));
    decoder.reset();
    expect(decoder.partialFrameBytes()).toBe(0);
    expect(decoder.push(bytes('AA AA AA 96 69 00 04 00 00 80 84'))).toHaveLength(1);
  });
});

describe('SAM frame decoding, properties', () => {
  it('round-trips any response, after any garbage, in any chunks', () => {
    fc.assert(
      fc.property(garbageArb, fc.array(responseArb, { minLength: 1, maxLength: 4 }), fc.array(fc.nat()), (garbage, responses, cuts) => {
        const stream = concat(garbage, ...responses.map(encodeResponse));
        const { results } = decodeAll(stream, cuts.map((c) => c % (stream.length + 1)));
        expect(results).toEqual(responses.map(frameOf));
      }),
    );
  });

  it('gives the same results whatever position a stream is split at', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(responseArb.map(encodeResponse), garbageArb), { minLength: 1, maxLength: 5 }), (parts) => {
        const stream = concat(...parts);
        const whole = decodeAll(stream).results;
        for (let cut = 0; cut <= stream.length; cut++) expect(decodeAll(stream, [cut]).results).toEqual(whole);
        expect(decodeAll(stream, [...stream.keys()]).results).toEqual(whole);
      }),
    );
  });

  it('never throws on random bytes and yields only typed results with valid frames', () => {
    const preambleHeavy = fc.array(
      fc.oneof(fc.constant(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69)), fc.uint8Array({ maxLength: 12 })),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 2000 }), preambleHeavy.map((p) => concat(...p))), fc.array(fc.nat()), (stream, cuts) => {
        for (const decoder of [createRequestDecoder(), createResponseDecoder()]) {
          let from = 0;
          const results: SamDecoded<unknown>[] = [];
          for (const cut of cuts.map((c) => c % (stream.length + 1)).sort((a, b) => a - b)) {
            results.push(...decoder.push(stream.subarray(from, cut)));
            from = cut;
          }
          results.push(...decoder.push(stream.subarray(from)));
          for (const result of results) {
            if (result.type === 'error') {
              expect(['bad-checksum', 'bad-length']).toContain(result.error.kind);
            } else {
              expect(result.type).toBe('frame');
            }
          }
          expect(decoder.partialFrameBytes()).toBeLessThanOrEqual(stream.length);
        }
      }),
    );
  });

  it('never yields a frame with one byte flipped, and recovers for the next frame', () => {
    fc.assert(
      fc.property(responseArb, responseArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (first, second, at, mask) => {
        const corrupted = encodeResponse(first);
        const position = at % corrupted.length;
        corrupted[position] = (corrupted[position] as number) ^ mask;
        const { results, decoder } = decodeAll(concat(corrupted, encodeResponse(second)));

        expect(results).not.toContainEqual(frameOf(first));
        if (position < 5) {
          // A broken preamble turns the frame into skipped garbage.
          expect(results).toEqual([frameOf(second)]);
        } else if (position >= 7) {
          expect(results).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'bad-checksum' }) }, frameOf(second)]);
        } else {
          // A broken length may even pass the XOR by chance; the driver resets after each
          // exchange, and from there the decoder is sound again.
          decoder.reset();
          expect(decoder.push(encodeResponse(second))).toEqual([frameOf(second)]);
        }
      }),
    );
  });

  it('rejects announced lengths above the maximum without waiting for them', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_FRAME_LENGTH + 1, max: 0xffff }), (length) => {
        const results = createResponseDecoder().push(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, length >> 8, length & 0xff));
        expect(results).toEqual([{ type: 'error', error: { kind: 'bad-length', length } }]);
      }),
    );
  });
});
