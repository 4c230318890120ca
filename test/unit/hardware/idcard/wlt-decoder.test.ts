import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError } from '../../../../hardware/device';
import { FIXTURE_CARDS, fixturePhotoPaths } from '../../../../hardware/idcard/fixtures';
import { loadWltDecoder, simulatedWlt, simulatedWltDecoder } from '../../../../hardware/idcard/wlt-decoder';

const photoDir = fileURLToPath(new URL('../../../../hardware/idcard/fixture-photos', import.meta.url));
const wlt = new Uint8Array(1024).fill(0x11);

const PLUGINS: Record<string, string> = {
  'named.mjs': 'export async function decode(wlt) { return { mime: "image/bmp", bytes: Uint8Array.of(0x42, 0x4d, wlt[0]) }; }',
  'default.mjs': 'export default { decode(wlt) { return { mime: "image/bmp", bytes: Uint8Array.of(0x42, 0x4d, wlt[1]) }; } };',
  'commonjs.cjs': 'module.exports = { decode: async (wlt) => ({ mime: "image/bmp", bytes: Buffer.from([0x42, 0x4d, wlt[2]]) }) };',
  'nothing.mjs': 'export const version = 3;',
  'crashes-on-load.mjs': 'throw new Error("licence dongle not found");',
  'fails.mjs': 'export function decode() { throw new Error("bad WLT"); }',
  'returns-junk.mjs': 'export function decode() { return "a bitmap"; }',
};

let dir: string;
const plugin = (name: string) => join(dir, name);

async function rejection(promise: Promise<unknown>): Promise<DeviceError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DeviceError);
  return error as DeviceError;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wlt-plugins-'));
  for (const [name, source] of Object.entries(PLUGINS)) await writeFile(plugin(name), source);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadWltDecoder', () => {
  it.each([
    ['a named export', 'named.mjs'],
    ['a default export', 'default.mjs'],
    ['a CommonJS module', 'commonjs.cjs'],
  ])('loads a vendor decoder with %s', async (_, file) => {
    const decoder = await loadWltDecoder(plugin(file));
    const photo = await decoder.decode(wlt);
    expect(photo.mime).toBe('image/bmp');
    expect([...photo.bytes]).toEqual([0x42, 0x4d, 0x11]);
  });

  it.each([
    ['no path', undefined, /no WLT photo decoder configured/],
    ['an empty path', '  ', /no WLT photo decoder configured/],
  ])('says decoder-missing for %s', async (_, path, message) => {
    const error = await rejection(loadWltDecoder(path));
    expect(error.reason).toBe('decoder-missing');
    expect(error.message).toMatch(message);
  });

  it('says decoder-missing when the file does not exist or is a directory', async () => {
    expect((await rejection(loadWltDecoder(plugin('absent.mjs')))).message).toMatch(/not found at .*absent\.mjs/);
    expect((await rejection(loadWltDecoder(dir))).reason).toBe('decoder-missing');
  });

  it('says decoder-missing when the module exports no decode function', async () => {
    const error = await rejection(loadWltDecoder(plugin('nothing.mjs')));
    expect(error.reason).toBe('decoder-missing');
    expect(error.message).toMatch(/exports no decode function/);
  });

  it('says decoder-missing when the module fails to load', async () => {
    const error = await rejection(loadWltDecoder(plugin('crashes-on-load.mjs')));
    expect(error.reason).toBe('decoder-missing');
    expect(error.message).toMatch(/licence dongle not found/);
  });

  it('turns a failing or misbehaving vendor decode into protocol-error', async () => {
    const failing = await loadWltDecoder(plugin('fails.mjs'));
    expect(await rejection(failing.decode(wlt))).toMatchObject({ reason: 'protocol-error', message: expect.stringMatching(/bad WLT/) });
    const junk = await loadWltDecoder(plugin('returns-junk.mjs'));
    expect((await rejection(junk.decode(wlt))).reason).toBe('protocol-error');
  });
});

describe('simulatedWltDecoder', () => {
  const zhang = FIXTURE_CARDS.zhangWei;

  it('puts a small deterministic token into the 1024 photo bytes', () => {
    const token = simulatedWlt(zhang.text.idNumber);
    expect(token).toHaveLength(1024);
    expect(token).toEqual(simulatedWlt(zhang.text.idNumber));
    expect(Buffer.from(token.subarray(0, 26)).toString('ascii')).toBe(`SIMWLT1:${zhang.text.idNumber}`);
    expect(token.subarray(26).every((b) => b === 0)).toBe(true);
  });

  it('maps the token back to the fixture photo file', async () => {
    const decoder = simulatedWltDecoder(fixturePhotoPaths(photoDir));
    const photo = await decoder.decode(simulatedWlt(zhang.text.idNumber));
    expect(photo.mime).toBe('image/png');
    expect(Buffer.from(photo.bytes).equals(await readFile(join(photoDir, zhang.photoFile)))).toBe(true);
  });

  it('has a photo for every fixture card', async () => {
    const decoder = simulatedWltDecoder(fixturePhotoPaths(photoDir));
    for (const card of Object.values(FIXTURE_CARDS)) {
      expect((await decoder.decode(simulatedWlt(card.text.idNumber))).bytes.length).toBeGreaterThan(100);
    }
  });

  it('takes a function instead of a table', async () => {
    const decoder = simulatedWltDecoder((idNumber) => ({ mime: 'image/jpeg', bytes: Buffer.from(idNumber) }));
    expect(Buffer.from((await decoder.decode(simulatedWlt('X1'))).bytes).toString()).toBe('X1');
  });

  it('cannot decode real WLT, nor a card it has no photo for', async () => {
    const decoder = simulatedWltDecoder(fixturePhotoPaths(photoDir));
    expect((await rejection(decoder.decode(wlt))).reason).toBe('decoder-missing');
    expect((await rejection(decoder.decode(simulatedWlt('34052419800101001X')))).reason).toBe('decoder-missing');
    const broken = simulatedWltDecoder({ '34052419800101001X': join(photoDir, 'missing.png') });
    expect((await rejection(broken.decode(simulatedWlt('34052419800101001X')))).reason).toBe('decoder-missing');
  });
});
