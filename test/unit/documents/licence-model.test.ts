import { describe, expect, it } from 'vitest';
import { DocumentFontError, DOCUMENTS_PER_FACE, loadDocumentFont } from '../../../core/documents/document-font';
import { DeregistrationNotice, Licence, sampleDeregistrationNotice, sampleLicence } from '../../../core/documents/licence';
import { chineseDate, NO_NAME, printedName, scopeText } from '../../../core/documents/licence-text';
import { validateCreditCode } from '../../../rules/credit-code';

describe('the licence model', () => {
  it('has a sample licence with a valid credit code of a Shenzhen individual business', () => {
    const licence = sampleLicence();
    const code = validateCreditCode(licence.creditCode);
    expect(code.ok && code.parts).toMatchObject({ authority: '9', entityType: '2', regionCode: '440307' });
    expect(licence.type).toBe('个体工商户');
    expect(Licence.parse(licence)).toEqual(licence);
    expect(DeregistrationNotice.parse(sampleDeregistrationNotice()).creditCode).toBe(licence.creditCode);
  });

  it('rejects what cannot be printed on a licence, naming the field', () => {
    const bad = (change: Record<string, unknown>) => {
      const result = Licence.safeParse({ ...sampleLicence(), ...change });
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(bad({ creditCode: '92440307MA5G8K2L3D' })).toEqual(['creditCode']);
    expect(bad({ creditCode: '92440307ma5g8k2l3c' })).toEqual(['creditCode']);
    expect(bad({ registrationDate: '2019-02-30' })).toEqual(['registrationDate']);
    expect(bad({ businessScope: [] })).toEqual(['businessScope']);
    expect(bad({ compositionForm: '合伙经营' })).toEqual(['compositionForm']);
    expect(bad({ houseCode: '44030700300304000420000' })).toEqual(['houseCode']);
    expect(bad({ type: '有限责任公司' })).toEqual(['type']);
    expect(bad({ operatorName: '  ' })).toEqual(['operatorName']);
    expect(bad({ stamp: 'x' })).toEqual(['']);
    expect(bad({ name: null })).toEqual([]);
  });

  it('reads on paper as licences are written', () => {
    expect(chineseDate('2019-03-20')).toBe('2019年03月20日');
    expect(printedName(null)).toBe(NO_NAME);
    expect(printedName('深圳市龙岗区精锐图文设计店')).toBe('深圳市龙岗区精锐图文设计店');
    expect(scopeText({ businessScope: ['图文设计制作', '打字复印'], permitScope: [] })).toBe('一般经营项目是：图文设计制作；打字复印。');
    expect(scopeText({ businessScope: ['打字复印'], permitScope: ['包装装潢印刷品印刷'] })).toBe('一般经营项目是：打字复印。许可经营项目是：包装装潢印刷品印刷。');
  });

  it('fails to load a missing font with the command that installs it', () => {
    expect(() => loadDocumentFont('/nonexistent/NotoSerifCJK-Regular.ttc')).toThrow(DocumentFontError);
    expect(() => loadDocumentFont('/nonexistent/NotoSerifCJK-Regular.ttc')).toThrow(/run scripts\/setup-system/);
  });

  it('reads the font once and shares it, renewing the parsed face now and then so its glyph cache stays bounded', () => {
    const font = loadDocumentFont();
    expect(loadDocumentFont()).toBe(font);
    expect(font.postscriptName).toBe('NotoSerifCJKsc-Regular');
    const faces = new Set(Array.from({ length: DOCUMENTS_PER_FACE * 2 }, () => font.faceForDocument()));
    // Two renewals at most within 2 × DOCUMENTS_PER_FACE documents, wherever the count stood.
    expect(faces.size).toBeGreaterThanOrEqual(2);
    expect(faces.size).toBeLessThanOrEqual(3);
    for (const face of faces) expect(face.postscriptName).toBe('NotoSerifCJKsc-Regular');
  });

  it('starts each document without the glyphs the last one made, so a face does not grow with every new character', () => {
    const font = loadDocumentFont();
    const face = font.faceForDocument();
    face.layout('深圳市龙岗区精锐图文设计店');
    // fontkit's private memo of glyph objects (fontkit 2): what grew with every name and address.
    const memo = () => Object.keys((face as unknown as { _glyphs: object })._glyphs).length;
    expect(memo()).toBeGreaterThan(5);
    const next = font.faceForDocument();
    if (next === face) expect(memo()).toBe(0);
    expect((next.layout('平湖街道') as { glyphs: unknown[] }).glyphs).toHaveLength(4);
  });
});
