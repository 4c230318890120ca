import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { idNumberLookupHash, loadOrCreateIdLookupKey } from '../../../core/registry/id-number-lookup';

const ID = '34052419800101001X';
const keyFile = () => join(mkdtempSync(join(tmpdir(), 'kiosk-key-')), 'keys', 'id-lookup.key');

describe('the ID-number lookup key', () => {
  it('is created once, readable by the kiosk user only, and the same on every later load', () => {
    const file = keyFile();
    const key = loadOrCreateIdLookupKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateIdLookupKey(file).equals(key)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(key.toString('hex'));
  });

  it('refuses a damaged key file instead of silently making a new one', () => {
    const file = keyFile();
    loadOrCreateIdLookupKey(file);
    writeFileSync(file, 'not a key');
    expect(() => loadOrCreateIdLookupKey(file)).toThrow(/damaged/);
  });

  it('hashes an ID number the same however it was typed, and differently under another key', () => {
    const key = loadOrCreateIdLookupKey(keyFile());
    const hash = idNumberLookupHash(key, ID);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(ID);
    expect(idNumberLookupHash(key, '340524 19800101 001x')).toBe(hash);
    expect(idNumberLookupHash(loadOrCreateIdLookupKey(keyFile()), ID)).not.toBe(hash);
    expect(() => idNumberLookupHash(key, '340524198001010013')).toThrow(RangeError);
  });
});
