import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDeregistrationPdf } from '../../../core/documents/deregistration-pdf';
import { loadDocumentFont } from '../../../core/documents/document-font';
import { sampleDeregistrationNotice, sampleLicence, type Licence } from '../../../core/documents/licence';
import { renderLicencePdf } from '../../../core/documents/licence-pdf';
import { ANNUAL_REPORT_NOTICE, QR_CAPTION, SUPERVISED_BY, SYSTEM_ADDRESS } from '../../../core/documents/licence-text';
import { pdfBytes, type PaperSize } from '../../../core/documents/pdf-document';
import { keyIdOf, keyringOf } from '../../../core/signing/kiosk-keys';
import { signLicence, verifyStatement } from '../../../core/signing/licence-statement';
import { pdfFonts, pdfInfo, pdfText, scanQrCodes } from './poppler';

const dir = mkdtempSync(join(tmpdir(), 'licence-pdf-'));
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const key = { keyId: keyIdOf(publicKey), privateKey, publicKey };
const font = loadDocumentFont();

async function render(licence: Licence, size: PaperSize, name: string): Promise<{ file: string; payload: string }> {
  const payload = signLicence(licence, key);
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await pdfBytes(renderLicencePdf(licence, payload, { size, font })));
  return { file, payload };
}

/** Text without the spaces, line breaks and justification gaps of the layout. */
const squeezed = (text: string): string => text.replace(/[\s\u3000]/g, '');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['A4', '副本', { width: 842, height: 595 }],
  ['A3', '正本', { width: 1191, height: 842 }],
] as const)('the licence PDF, %s (%s)', (size, copy, page) => {
  const licence = sampleLicence();
  let file = '';
  let payload = '';
  beforeAll(async () => {
    ({ file, payload } = await render(licence, size, `licence-${size}`));
  });

  it(`is one landscape ${size} page`, () => {
    const info = pdfInfo(file);
    expect(info.pages).toBe(1);
    expect(Math.round(info.widthPt)).toBe(page.width);
    expect(Math.round(info.heightPt)).toBe(page.height);
  });

  it('shows every field of the licence in Chinese', () => {
    const text = squeezed(pdfText(file, 'raw'));
    const expected = [
      '营业执照', copy, '统一社会信用代码', licence.creditCode,
      '名称', '深圳市龙岗区精锐图文设计店', '类型', '个体工商户', '经营者', '张伟', '组成形式', '个人经营',
      '经营场所', licence.premisesAddress, licence.houseCode, '注册日期', '2019年03月20日',
      '经营范围', '一般经营项目是：', ...licence.businessScope, '许可经营项目是：', ...licence.permitScope,
      '登记机关', squeezed(QR_CAPTION), squeezed(SYSTEM_ADDRESS), squeezed(ANNUAL_REPORT_NOTICE), SUPERVISED_BY, licence.kioskId,
    ];
    for (const piece of expected) expect(text, piece).toContain(squeezed(piece));
    // The whole scope reads as one paragraph, in order, across its lines.
    expect(text).toContain(`一般经营项目是：${licence.businessScope.join('；')}。`);
  });

  it('carries the authority name on the seal, drawn as text on the arc', () => {
    expect(squeezed(pdfText(file, 'raw'))).toContain(licence.authorityName);
  });

  it('embeds only subsets of its fonts', () => {
    const fonts = pdfFonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.name).toMatch(/^[A-Z]{6}\+NotoSerifCJKsc-Regular$/);
      expect(f).toMatchObject({ embedded: true, subset: true });
    }
  });

  it('has a QR code that scans to the signed statement, which verifies', () => {
    const scanned = scanQrCodes(file, size === 'A4' ? 200 : 150);
    expect(scanned).toEqual([payload]);
    expect(verifyStatement(scanned[0] ?? '', keyringOf(key), licence).valid).toBe(true);
  });
});

describe('the licence PDF, other licences', () => {
  it('prints （无） for a business without a name, and 家庭经营', async () => {
    const { file } = await render({ ...sampleLicence(), name: null, compositionForm: '家庭经营' }, 'A4', 'nameless');
    const text = squeezed(pdfText(file, 'raw'));
    expect(text).toContain('名称（无）');
    expect(text).toContain('家庭经营');
  });

  it('fits a long business scope on the one page, every item still there', async () => {
    const items = Array.from({ length: 30 }, (_, i) => `第${i + 1}项经营范围的规范表述（含说明文字）`);
    const licence = { ...sampleLicence(), businessScope: items };
    const { file, payload } = await render(licence, 'A4', 'long-scope');
    expect(pdfInfo(file).pages).toBe(1);
    const text = squeezed(pdfText(file, 'raw'));
    for (const item of items) expect(text).toContain(item);
    expect(scanQrCodes(file)).toEqual([payload]);
  });

  it('never sets closing punctuation at the start of a scope line', async () => {
    const { file } = await render(sampleLicence(), 'A4', 'punctuation');
    const lines = pdfText(file, 'raw').split('\n').map((line) => line.trim());
    for (const line of lines) expect(line, line).not.toMatch(/^[。，、；：？！）」』】]/);
  });
});

describe('the deregistration notice PDF', () => {
  const notice = sampleDeregistrationNotice();
  let file = '';
  beforeAll(async () => {
    file = join(dir, 'notice.pdf');
    writeFileSync(file, await pdfBytes(renderDeregistrationPdf(notice, font)));
  });

  it('is one A4 portrait page with the decision and the business\'s particulars', () => {
    expect(pdfInfo(file)).toMatchObject({ pages: 1 });
    expect(Math.round(pdfInfo(file).widthPt)).toBe(595);
    const text = squeezed(pdfText(file, 'raw'));
    for (const piece of ['准予注销登记通知书', notice.noticeNumber, '准予注销登记', notice.name ?? '', notice.creditCode, notice.operatorName, notice.premisesAddress, '2019年03月20日', '2024年06月18日', notice.authorityName, '作废', notice.kioskId]) {
      expect(text, piece).toContain(squeezed(piece));
    }
  });

  it('embeds only subsets of its fonts', () => {
    for (const f of pdfFonts(file)) expect(f).toMatchObject({ embedded: true, subset: true });
  });
});
