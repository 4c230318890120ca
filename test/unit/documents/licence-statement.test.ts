import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleLicence, type Licence } from '../../../core/documents/licence';
import { keyIdOf, keyringOf } from '../../../core/signing/kiosk-keys';
import { canonicalLicence, licenceDigest, parseStatement, signLicence, verifyStatement } from '../../../core/signing/licence-statement';
import { qrModules } from '../../../core/documents/qr-drawing';

function kioskKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

const key = kioskKey();
const keyring = keyringOf(key);
const licence = sampleLicence();
const payload = signLicence(licence, key);

describe('the signed QR statement', () => {
  it('verifies with the kiosk public key and gives back the printed fields', () => {
    const check = verifyStatement(payload, keyring, licence);
    expect(check).toEqual({
      valid: true,
      statement: { kioskId: 'LG-PH-01', keyId: key.keyId, creditCode: licence.creditCode, registrationDate: '2019-03-20', name: '深圳市龙岗区精锐图文设计店', digest: licenceDigest(licence) },
    });
  });

  it('is one line of URL-safe ASCII, short enough for a QR code that prints well', () => {
    expect(payload).toMatch(/^MP1\.[A-Z0-9-]+\.[0-9a-f]{8}\.[0-9A-Z]{18}\.\d{8}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{86}$/);
    const longName = { ...licence, name: '深圳市龙岗区平湖街道某某某某某某某某某某某某文化传播中心' };
    const long = signLicence(longName, key);
    expect(long.length).toBeLessThan(300);
    // Version 13 (69 modules) at most: about 0.5 mm modules in 35 mm of paper.
    expect(qrModules(long).size).toBeLessThanOrEqual(69);
  });

  it('carries a business without a name as an empty field', () => {
    const nameless: Licence = { ...licence, name: null };
    const check = verifyStatement(signLicence(nameless, key), keyring, nameless);
    expect(check.valid && check.statement.name).toBe(null);
  });

  it('fails (not valid) after any one character of the payload is changed', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat(payload.length - 1), fc.constantFrom(...alphabet), (at, replacement) => {
        fc.pre(payload[at] !== replacement);
        const altered = payload.slice(0, at) + replacement + payload.slice(at + 1);
        expect(verifyStatement(altered, keyring).valid).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every other spelling of the same base64url bytes', () => {
    // The signature's last character carries 2 bits; the 15 characters after it in the
    // alphabet differ only in the 4 unused bits and decode to the same 64 bytes.
    const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = BASE64URL.indexOf(payload.at(-1) ?? '');
    expect(last % 16).toBe(0);
    for (let twin = last + 1; twin < last + 16; twin++) {
      const altered = payload.slice(0, -1) + BASE64URL.charAt(twin);
      expect(Buffer.from(altered.split('.').at(-1) ?? '', 'base64url')).toEqual(Buffer.from(payload.split('.').at(-1) ?? '', 'base64url'));
      expect(verifyStatement(altered, keyring).valid).toBe(false);
    }
  });

  it('names what is wrong: malformed, unknown key, bad signature, other licence', () => {
    expect(verifyStatement('https://example.com/licence', keyring)).toMatchObject({ valid: false, problem: 'malformed' });
    expect(verifyStatement(payload, keyringOf(kioskKey()))).toMatchObject({ valid: false, problem: 'unknown-key' });
    // Another key filed under this key's id: the signature does not match it.
    expect(verifyStatement(payload, new Map([[key.keyId, kioskKey().publicKey]]))).toMatchObject({ valid: false, problem: 'bad-signature' });
    expect(verifyStatement(payload, keyring, { ...licence, operatorName: '李四' })).toMatchObject({ valid: false, problem: 'licence-differs' });
  });

  it('a forger without the private key cannot sign: a statement signed by another key fails', () => {
    const forged = signLicence({ ...licence, name: '深圳市龙岗区假冒图文设计店' }, { keyId: key.keyId, privateKey: kioskKey().privateKey });
    expect(verifyStatement(forged, keyring)).toMatchObject({ valid: false, problem: 'bad-signature' });
  });

  it('binds every field through the digest', () => {
    const changes: Partial<Licence>[] = [
      { operatorName: '李四' },
      { compositionForm: '家庭经营' },
      { premisesAddress: `${licence.premisesAddress}之一` },
      { houseCode: '4403070030030400042000004' },
      { businessScope: [...licence.businessScope].reverse() },
      { permitScope: [] },
      { authorityName: '深圳市市场监督管理局福田监管局' },
      { issueDate: '2019-03-21' },
      { kioskId: 'LG-PH-02' },
    ];
    for (const change of changes) expect(licenceDigest({ ...licence, ...change }), JSON.stringify(change)).not.toBe(licenceDigest(licence));
  });

  it('has one canonical form: field order and Unicode composition do not matter', () => {
    const reordered = Object.fromEntries(Object.entries(licence).reverse()) as Licence;
    expect(canonicalLicence(reordered)).toBe(canonicalLicence(licence));
    const decomposed = { ...licence, premisesAddress: 'Cafe\u0301 101' };
    const composed = { ...licence, premisesAddress: 'Caf\u00e9 101' };
    expect(licenceDigest(decomposed)).toBe(licenceDigest(composed));
    expect(canonicalLicence(licence)).toMatch(/^\{"authorityName":"深圳市市场监督管理局龙岗监管局","businessScope":\["图文设计制作",/);
  });

  it('parses only well-formed statements', () => {
    expect(parseStatement(payload).ok).toBe(true);
    for (const broken of ['', 'MP1', payload.replace('MP1.', 'MP2.'), `${payload}.x`, payload.replace('20190320', '20190230'), payload.replace(key.keyId, 'XYZ12345')]) {
      expect(parseStatement(broken).ok, broken).toBe(false);
    }
  });
});
