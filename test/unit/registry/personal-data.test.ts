import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../core/audit/canonical-json';
import { withoutPersonalData } from '../../../core/audit/personal-data';

describe('canonical JSON', () => {
  it('writes the same text whatever order the keys were set in', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true } })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
    expect(canonicalJson({ a: { c: true, d: [1, 'x', null] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true } }));
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(new Date() as never)).toThrow(TypeError);
  });
});

describe('personal data in records', () => {
  it('masks valid ID numbers wherever they appear, and leaves other numbers alone', () => {
    expect(
      withoutPersonalData({
        idNumber: '34052419800101001x',
        text: 'ID 34052419800101001X, house 4403070030030400042000003',
        typo: '340524198001010013',
        creditCode: '914403001922038216',
        list: ['34052419800101001X'],
      }),
    ).toEqual({
      idNumber: '340524********001x',
      text: 'ID 340524********001X, house 4403070030030400042000003',
      typo: '340524********0013',
      creditCode: '914403001922038216',
      list: ['340524********001X'],
    });
  });

  it('drops photos, frames, descriptors and binary data but keeps the face decision', () => {
    expect(
      withoutPersonalData({
        photo: 'x',
        idPhoto: Buffer.from([1]),
        liveFrame: new Uint8Array(4),
        faceDescriptor: [0.1, 0.2],
        landmarks: [[1, 2]],
        snapshot: 'data:image/png;base64,AAAA',
        face: { matched: true, distance: 0.42, frameCount: 12 },
        at: new Date('2026-03-20T00:00:00Z'),
      }),
    ).toEqual({ snapshot: '[image removed]', face: { matched: true, distance: 0.42, frameCount: 12 }, at: '2026-03-20T00:00:00.000Z' });
  });
});
