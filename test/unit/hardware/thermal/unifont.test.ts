import { describe, expect, it } from 'vitest';
import { Unifont, systemUnifont } from '../../../../hardware/thermal/unifont';

/** A glyph as text, '#' for ink, so a failing test shows the picture. */
function art(char: string): string[] {
  const glyph = systemUnifont().glyph(char);
  if (!glyph) throw new Error(`no glyph for ${char}`);
  return Array.from({ length: glyph.height }, (_, y) =>
    Array.from({ length: glyph.width }, (_, x) => (glyph.dot(x, y) ? '#' : '.')).join(''),
  );
}

describe('Unifont', () => {
  it('reads 中 as a 16 x 16 dot glyph: a box crossed by a full-height stroke', () => {
    const rows = art('中');
    expect(rows).toHaveLength(16);
    expect(rows[0]).toBe('.......#........');
    expect(rows[4]).toBe('..###########...');
    expect(rows[5]).toBe('..#....#....#...');
    expect(rows[9]).toBe('..#....#....#...');
    expect(rows[10]).toBe('..###########...');
    expect(rows[15]).toBe('.......#........');
  });

  it('reads a Latin letter as a half-width 8 x 16 glyph', () => {
    const rows = art('é');
    expect(rows.every((row) => row.length === 8)).toBe(true);
    expect(rows.join('')).toContain('#');
  });

  it('has no glyph for characters outside the Basic Multilingual Plane or in private use', () => {
    expect(systemUnifont().glyph('😀')).toBeUndefined();
    expect(systemUnifont().glyph('\u{E000}')).toBeUndefined();
  });

  it('says how to install unifont when its file is missing', () => {
    expect(() => Unifont.load('/nonexistent/unifont.hex')).toThrow('unifont is not installed: run scripts/setup-system');
  });
});
