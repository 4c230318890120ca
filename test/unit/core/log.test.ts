// The logger masks personal data by pattern, under any key and at any depth: a caller
// who names a field differently, nests it deeper or writes the number into the message
// still leaks nothing. None of the keys below is one the logger knows by name.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/log';

const ID = '440307198803150133';
const MASKED = '440307********0133';

function capture(): { lines: () => Record<string, unknown>[]; text: () => string; stream: Writable } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text, lines: () => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('the log', () => {
  it('masks ID numbers wherever they are: any key, any depth, inside text, in the message and in errors', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logger.info({ operator: { card: { holder: { number: ID, note: `card ${ID} read` } } }, list: [[`x${ID}`]] }, `looked up ${ID}`);
    logger.error(new RangeError(`not a valid ID number: ${ID}`));
    logger.child({ applicant: ID }).warn({ err: new Error(`for ${ID}`) }, 'failed');
    expect(out.text()).not.toContain(ID);
    expect(out.text()).not.toContain('19880315');
    const [first, second, third] = out.lines();
    expect(first).toMatchObject({ msg: `looked up ${MASKED}`, operator: { card: { holder: { number: MASKED, note: `card ${MASKED} read` } } }, list: [[`x${MASKED}`]] });
    expect(second).toMatchObject({ msg: `not a valid ID number: ${MASKED}`, err: { type: 'RangeError', message: `not a valid ID number: ${MASKED}` } });
    expect(third).toMatchObject({ applicant: MASKED, err: { message: `for ${MASKED}` } });
  });

  it('leaves numbers that are not ID numbers alone (credit codes, house codes)', () => {
    const out = capture();
    createLogger('info', out.stream).info({ creditCode: '914403001922038216', houseCode: '4403070030030400042000003' }, 'issued');
    expect(out.lines()[0]).toMatchObject({ creditCode: '914403001922038216', houseCode: '4403070030030400042000003' });
  });

  it('removes biometric data and birth dates at any depth, and any binary data whatever its key', () => {
    const out = capture();
    const descriptor = Float32Array.from({ length: 128 }, (_, i) => i / 128);
    createLogger('info', out.stream).info(
      {
        session: { step: { face: { attempt: { idPhoto: Buffer.from('jpeg'), liveFrames: [{ w: 640 }], faceDescriptor: [...descriptor], landmarks: [[1, 2]] } } } },
        card: { holder: { birthDate: '19880315' } },
        vector: descriptor,
        snapshot: 'data:image/jpeg;base64,/9j/4AAQ',
        distance: 0.31,
      },
      'face attempt',
    );
    const [line] = out.lines();
    expect(line).toMatchObject({
      session: { step: { face: { attempt: { idPhoto: '[removed]', liveFrames: '[removed]', faceDescriptor: '[removed]', landmarks: '[removed]' } } } },
      card: { holder: { birthDate: '[removed]' } },
      vector: '[removed]',
      snapshot: '[image removed]',
      distance: 0.31,
    });
    expect(out.text()).not.toMatch(/(-?\d+(\.\d+)?(e-?\d+)?\s*,\s*){16}/);
  });

  it('survives an object that refers to itself', () => {
    const out = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    createLogger('info', out.stream).info({ loop }, 'cyclic');
    expect(out.lines()[0]).toMatchObject({ loop: { name: 'loop', self: '[circular]' } });
  });
});
