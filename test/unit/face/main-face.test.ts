import { describe, expect, it } from 'vitest';
import { mainFace } from '../../../face/main-face';

const face = (x: number, y: number, size: number, score: number) => ({ detection: { box: { x, y, width: size, height: size }, score } });

describe('the main face of a still photo', () => {
  const main = face(100, 100, 200, 0.9);

  it('ignores a detection inside the face, one overlapping it, and one scoring far below it', () => {
    expect(mainFace([face(150, 150, 60, 0.85), main])).toEqual({ main, others: [] });
    expect(mainFace([main, face(250, 120, 120, 0.8)])).toEqual({ main, others: [] });
    expect(mainFace([main, face(400, 100, 180, 0.4)])).toEqual({ main, others: [] });
  });

  it('counts a clear, strong second face as another person', () => {
    const other = face(400, 100, 180, 0.6);
    expect(mainFace([main, other])).toEqual({ main, others: [other] });
  });

  it('finds nothing in no detections', () => {
    expect(mainFace([])).toBeUndefined();
  });
});
