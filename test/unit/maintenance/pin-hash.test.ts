// The maintenance PIN as stored in the configuration: scrypt, self-describing, checked in constant time.
import { describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../core/config/schema';
import { DEV_PIN_HASH } from '../../../core/maintenance/pin-format';
import { hashPin, parsePinHash, PinHashError, verifyPin } from '../../../core/maintenance/pin-hash';

const FAST = { N: 1024, r: 8, p: 1 };

describe('the maintenance PIN hash', () => {
  it('accepts the PIN it was made from and nothing else', async () => {
    const stored = await hashPin('731904', FAST);
    expect(stored).toMatch(/^scrypt:1024:8:1:[\w-]+:[\w-]+$/);
    expect(await verifyPin('731904', stored)).toBe(true);
    expect(await verifyPin('731905', stored)).toBe(false);
    expect(await verifyPin('7319040', stored)).toBe(false);
    expect(await verifyPin('', stored)).toBe(false);
  });

  it('salts every hash, so the same PIN never gives the same hash twice', async () => {
    const [a, b] = await Promise.all([hashPin('731904', FAST), hashPin('731904', FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPin('731904', b)).toBe(true);
  });

  it('keeps its parameters in the hash, so stronger ones can come later', async () => {
    const stored = await hashPin('2468', { N: 2048, r: 4, p: 2 });
    expect(parsePinHash(stored)).toMatchObject({ N: 2048, r: 4, p: 2 });
    expect(await verifyPin('2468', stored)).toBe(true);
  });

  it('refuses to hash something a PIN pad cannot type', async () => {
    await expect(hashPin('12a4', FAST)).rejects.toThrow('4 to 12 digits');
    await expect(hashPin('123', FAST)).rejects.toThrow(PinHashError);
  });

  it('says what is wrong with a malformed stored hash instead of denying every PIN', async () => {
    await expect(verifyPin('1234', 'sha1:abcd')).rejects.toThrow('scrypt:N:r:p:salt:hash');
    expect(() => parsePinHash('scrypt:1000:8:1:a2lvc2stZGV2LXBpbi1zYWx0:tQdjBkVFEvyjoAGnJSUn7lxfl02jLLpbM7l4z2BMJh4')).toThrow('power of two');
  });

  it('opens with the documented development PIN by default, and the configuration rejects a bad hash', async () => {
    expect(KioskConfig.parse({}).maintenance.pinHash).toBe(DEV_PIN_HASH);
    expect(await verifyPin('246810', DEV_PIN_HASH)).toBe(true);
    const bad = KioskConfig.safeParse({ maintenance: { pinHash: '246810' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('kioskctl maintenance set-pin');
  });
});
