import { describe, expect, it } from 'vitest';
import { measurePose, type Point } from '../../../face/landmark-pose';

interface FaceShape {
  /** Nose tip moved sideways, as a fraction of the half jaw width (a head turned). */
  noseShift?: number;
  /** Nose tip height between eye line and chin (0.42 is frontal). */
  noseHeight?: number;
  /** Inner lip gap over mouth width. */
  mouthGap?: number;
}

/** A schematic 68-point face in face-api's (iBUG) order, eyes on y = 100, chin at y = 200. */
function face({ noseShift = 0, noseHeight = 0.42, mouthGap = 0 }: FaceShape = {}): Point[] {
  const cx = 100;
  const eyeY = 100;
  const halfWidth = 80;
  const height = 100;
  const p: Point[] = [];
  for (let i = 0; i <= 16; i += 1) {
    const a = (Math.PI * i) / 16;
    p.push({ x: cx - halfWidth * Math.cos(a), y: eyeY + height * Math.sin(a) });
  }
  for (let i = 0; i < 10; i += 1) p.push({ x: cx - 60 + i * 13, y: eyeY - 20 });
  const tip = { x: cx + noseShift * halfWidth, y: eyeY + noseHeight * height };
  for (let i = 0; i < 4; i += 1) p.push({ x: cx + (tip.x - cx) * (i / 3), y: eyeY + 5 + ((tip.y - eyeY - 5) * i) / 3 });
  for (let i = 0; i < 5; i += 1) p.push({ x: tip.x - 12 + i * 6, y: tip.y + 6 });
  for (const eyeX of [cx - 30, cx + 30]) {
    for (let i = 0; i < 6; i += 1) {
      const a = (2 * Math.PI * i) / 6;
      p.push({ x: eyeX - 12 * Math.cos(a), y: eyeY - 4 * Math.sin(a) });
    }
  }
  const mouthY = eyeY + 0.72 * height;
  for (let i = 0; i < 12; i += 1) {
    const a = (2 * Math.PI * i) / 12;
    p.push({ x: cx - 25 * Math.cos(a), y: mouthY - 8 * Math.sin(a) });
  }
  const gap = (mouthGap * 40) / 2;
  p.push({ x: cx - 20, y: mouthY });
  for (const dx of [-8, 0, 8]) p.push({ x: cx + dx, y: mouthY - gap });
  p.push({ x: cx + 20, y: mouthY });
  for (const dx of [8, 0, -8]) p.push({ x: cx + dx, y: mouthY + gap });
  return p;
}

function rotate(points: Point[], degrees: number): Point[] {
  const a = (degrees * Math.PI) / 180;
  return points.map(({ x, y }) => ({ x: 320 + (x - 320) * Math.cos(a) - (y - 240) * Math.sin(a), y: 240 + (x - 320) * Math.sin(a) + (y - 240) * Math.cos(a) }));
}

describe('head pose from 68 landmarks', () => {
  it('reads a frontal face with a closed mouth as all zeros', () => {
    const pose = measurePose(face());
    expect(pose.yaw).toBeCloseTo(0, 5);
    expect(pose.pitch).toBeCloseTo(0, 5);
    expect(pose.rollDegrees).toBeCloseTo(0, 5);
    expect(pose.mouthOpen).toBeCloseTo(0, 5);
  });

  it('yaw grows with the nose moving across the jaw, positive towards the frame\'s right', () => {
    expect(measurePose(face({ noseShift: 0.3 })).yaw).toBeCloseTo(0.3, 5);
    expect(measurePose(face({ noseShift: -0.5 })).yaw).toBeCloseTo(-0.5, 5);
  });

  it('pitch is positive for a bowed head (nose nearer the chin) and negative for a raised chin', () => {
    expect(measurePose(face({ noseHeight: 0.55 })).pitch).toBeGreaterThan(0.25);
    expect(measurePose(face({ noseHeight: 0.3 })).pitch).toBeLessThan(-0.25);
  });

  it('a tilted head reads as roll, not as a turn or a bow', () => {
    const pose = measurePose(rotate(face({ noseShift: 0.2 }), 25));
    expect(pose.rollDegrees).toBeCloseTo(25, 5);
    expect(pose.yaw).toBeCloseTo(0.2, 5);
    expect(pose.pitch).toBeCloseTo(0, 5);
  });

  it('mouth opening is the inner lip gap over the mouth width', () => {
    expect(measurePose(face({ mouthGap: 0.5 })).mouthOpen).toBeCloseTo(0.5, 5);
  });

  it('refuses anything but 68 landmarks', () => {
    expect(() => measurePose(face().slice(0, 67))).toThrow(RangeError);
  });
});
