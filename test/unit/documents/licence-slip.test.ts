import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleLicence, type Licence } from '../../../core/documents/licence';
import { licenceSlip, SLIP_VERIFY_HINT, SLIP_WIDTH_DOTS } from '../../../core/documents/licence-slip';
import { keyIdOf, keyringOf } from '../../../core/signing/kiosk-keys';
import { signLicence, verifyStatement } from '../../../core/signing/licence-statement';
import { decodeEscPos } from '../../../hardware/thermal/escpos-decoder';
import { blocksQrPayloads, blocksText, type PaperBlock } from '../../../hardware/thermal/paper-model';
import { encodeSlip } from '../../../hardware/thermal/slip-escpos';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key = { keyId: keyIdOf(publicKey), privateKey, publicKey };

/** What the thermal printer puts on paper for this licence's slip. */
function printed(licence: Licence): { blocks: readonly PaperBlock[]; payload: string } {
  const payload = signLicence(licence, key);
  const decoded = decodeEscPos(encodeSlip(licenceSlip(licence, payload)));
  expect(decoded.errors).toEqual([]);
  expect(decoded.slips).toHaveLength(1);
  return { blocks: decoded.slips[0]?.blocks ?? [], payload };
}

const dotsOf = (line: string): number => Array.from(line).reduce((dots, char) => dots + (char.charCodeAt(0) < 0x80 ? 12 : 24), 0);

describe('the licence slip on the thermal printer', () => {
  it('prints the key fields in Chinese (GB18030) with their labels', () => {
    const licence = sampleLicence();
    const text = blocksText(printed(licence).blocks);
    expect(text).toContain('营业执照');
    expect(text).toContain(licence.creditCode);
    expect(text).toContain('名    称：深圳市龙岗区精锐图文设计店');
    expect(text).toContain('经 营 者：张伟');
    expect(text).toContain('组成形式：个人经营');
    expect(text).toContain('注册日期：2019年03月20日');
    expect(text).toContain('登记机关：深圳市市场监督管理局龙岗监管局');
    expect(text.join('').replace(/[\s\u3000]/g, '')).toContain(licence.premisesAddress);
    expect(text).toContain(SLIP_VERIFY_HINT);
    expect(text.some((line) => line.includes(licence.kioskId))).toBe(true);
  });

  it('prints a QR code whose payload verifies with the kiosk key', () => {
    const { blocks, payload } = printed(sampleLicence());
    const [scanned] = blocksQrPayloads(blocks);
    expect(scanned).toBe(payload);
    expect(verifyStatement(scanned ?? '', keyringOf(key)).valid).toBe(true);
  });

  it('breaks long values itself, by the CJK rules, so the printer never wraps a line', () => {
    const licence = { ...sampleLicence(), premisesAddress: '深圳市龙岗区平湖街道平湖社区平安大道（平湖商业中心）42号1栋101、102、103、104、105号铺', name: null };
    const text = blocksText(printed(licence).blocks);
    for (const line of text) expect(dotsOf(line), line).toBeLessThanOrEqual(SLIP_WIDTH_DOTS);
    const addressLines = text.slice(text.findIndex((l) => l.startsWith('经营场所：')));
    // Continuation lines line up under the value and never start with closing punctuation.
    expect(addressLines[1]).toMatch(/^\u3000{5}[^，、；：。）]/);
    expect(text).toContain('名    称：（无）');
  });
});
