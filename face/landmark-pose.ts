/**
 * Head pose and mouth opening from face-api's 68 landmarks (iBUG layout), in the frame
 * as the camera sees it (not mirrored). Ratios, not angles: the landmarks of a single
 * 2-D image give no true angle, and the gates and liveness steps only need a scale
 * that is 0 for a frontal face and grows with the movement.
 * Eye blinks are deliberately absent: with these models closed eyes still read open.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface FacePose {
  /** Nose tip across the jaw: 0 frontal; > 0 the nose points to the frame's right (the applicant turns to their own left). */
  yaw: number;
  /** Nose tip between eyes and chin, relative to a frontal face: > 0 head bowed, < 0 chin raised. */
  pitch: number;
  /** Tilt of the eye line, in degrees; positive is clockwise in the frame. */
  rollDegrees: number;
  /** Inner-lip opening over mouth width: about 0 closed, above 0.3 clearly open. */
  mouthOpen: number;
}

const JAW_FIRST = 0;
const JAW_LAST = 16;
const CHIN = 8;
const NOSE_TIP = 30;
const EYE_A = [36, 42] as const;
const EYE_B = [42, 48] as const;
const MOUTH_CORNERS = [60, 64] as const;
const INNER_LIP_PAIRS = [
  [61, 67],
  [62, 66],
  [63, 65],
] as const;
const LANDMARK_COUNT = 68;

/** Where the nose tip sits between eye line and chin in a frontal face (measured on the sample faces). */
const FRONTAL_NOSE_HEIGHT = 0.42;

export function measurePose(landmarks: readonly Point[]): FacePose {
  if (landmarks.length !== LANDMARK_COUNT) throw new RangeError(`expected ${LANDMARK_COUNT} landmarks, got ${landmarks.length}`);
  const eyeA = centroid(landmarks.slice(...EYE_A));
  const eyeB = centroid(landmarks.slice(...EYE_B));
  const roll = Math.atan2(eyeB.y - eyeA.y, eyeB.x - eyeA.x);
  const eyes = centroid([eyeA, eyeB]);
  // Undo the tilt first, so a tilted head does not read as turned or bowed.
  const p = landmarks.map((point) => rotate(point, eyes, -roll));
  const at = (index: number): Point => p[index] as Point;

  const jawWidth = at(JAW_LAST).x - at(JAW_FIRST).x;
  const yaw = jawWidth > 0 ? (2 * (at(NOSE_TIP).x - at(JAW_FIRST).x)) / jawWidth - 1 : 0;
  const faceHeight = at(CHIN).y - eyes.y;
  const noseHeight = faceHeight > 0 ? (at(NOSE_TIP).y - eyes.y) / faceHeight : FRONTAL_NOSE_HEIGHT;
  const mouthWidth = distance(at(MOUTH_CORNERS[0]), at(MOUTH_CORNERS[1]));
  const lipGap = INNER_LIP_PAIRS.reduce((sum, [top, bottom]) => sum + distance(at(top), at(bottom)), 0) / INNER_LIP_PAIRS.length;

  return {
    yaw,
    pitch: noseHeight / FRONTAL_NOSE_HEIGHT - 1,
    rollDegrees: (roll * 180) / Math.PI,
    mouthOpen: mouthWidth > 0 ? lipGap / mouthWidth : 0,
  };
}

function centroid(points: readonly Point[]): Point {
  const sum = points.reduce((acc, p) => ({ x: acc.x + p.x, y: acc.y + p.y }), { x: 0, y: 0 });
  return { x: sum.x / points.length, y: sum.y / points.length };
}

function rotate(point: Point, centre: Point, angle: number): Point {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const dx = point.x - centre.x;
  const dy = point.y - centre.y;
  return { x: centre.x + dx * cos - dy * sin, y: centre.y + dx * sin + dy * cos };
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}
