// The document face keeps fontkit's index of glyph outlines in typed arrays (a fraction
// of the memory of one object per glyph); every glyph it draws must still be the font's
// own outline, as a face fontkit parsed untouched draws it.
import { readFileSync } from 'node:fs';
import { create } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FONT_FILE, DEFAULT_FONT_NAME, loadDocumentFont } from '../../../core/documents/document-font';
import { sampleLicence } from '../../../core/documents/licence';

interface Glyph {
  id: number;
  path: { toSVG(): string };
}
type Outlined = { layout(text: string): { glyphs: Glyph[] } };

const outlines = (face: unknown, text: string) => (face as Outlined).layout(text).glyphs.map((glyph) => [glyph.id, glyph.path.toSVG()]);

describe('the document face', () => {
  it('draws every glyph of a licence with the outline the font file holds', () => {
    const licence = sampleLicence();
    const text = [licence.name, licence.operatorName, licence.premisesAddress, ...licence.businessScope, '营业执照（副　本）统一社会信用代码 0123456789 ABCXYZ'].join('');
    const untouched = create(readFileSync(DEFAULT_FONT_FILE), DEFAULT_FONT_NAME);
    const drawn = outlines(loadDocumentFont().faceForDocument(), text);
    expect(drawn.filter(([, svg]) => svg !== '').length).toBeGreaterThan(40); // outlines, not only spaces
    expect(drawn).toEqual(outlines(untouched, text));
  });
});
