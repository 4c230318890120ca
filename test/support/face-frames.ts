/**
 * FACE_FRAMEs as the renderer sends them, computed under Node with the same face module:
 * the analysis's quality, pose and descriptor, and for a good frame the JPEG of its face
 * region cut as renderer/src/face/face-picture.ts cuts it (nearest-neighbour here,
 * a canvas there).
 */
import jpeg from 'jpeg-js';
import type { SessionCommand, SessionSnapshot } from '../../core/contract';
import type { FaceAnalyser, FaceBox } from '../../face/face-analyser';
import type { PixelBuffer } from '../../face/face-image';
import { facePictureRegion } from '../../renderer/src/face/face-picture';
import { headTurnFrames } from './face-samples';

export type FaceFrame = Extract<SessionCommand, { type: 'FACE_FRAME' }>['frame'];

/** The face region of `picture` as base64 JPEG, as the renderer sends it. */
export function facePicture(picture: PixelBuffer, box: FaceBox): string {
  const r = facePictureRegion(box, picture.width, picture.height);
  const data = new Uint8Array(r.width * r.height * 4);
  for (let y = 0; y < r.height; y += 1) {
    for (let x = 0; x < r.width; x += 1) {
      const from = ((r.sy + Math.floor((y * r.sh) / r.height)) * picture.width + r.sx + Math.floor((x * r.sw) / r.width)) * 4;
      data.set(picture.data.subarray(from, from + 4), (y * r.width + x) * 4);
    }
  }
  return Buffer.from(jpeg.encode({ width: r.width, height: r.height, data }, 85).data).toString('base64');
}

/** What the renderer would send for `picture`; `withPicture` false for the liveness steps. */
export async function rendererFrame(analyser: FaceAnalyser, picture: PixelBuffer, withPicture = true): Promise<FaceFrame> {
  const analysis = await analyser.analyseFrame(picture);
  const pose = analysis.face?.readings.pose;
  return {
    faceCount: analysis.faces.length,
    quality: analysis.reasons,
    pose: pose ? { yaw: pose.yaw, pitch: pose.pitch, mouthOpen: pose.mouthOpen } : null,
    descriptor: analysis.descriptor ? Array.from(analysis.descriptor) : null,
    image: withPicture && analysis.descriptor && analysis.face ? facePicture(picture, analysis.face.box) : null,
  };
}

/** A copy to send: the core overwrites a frame's descriptor once used. */
export function copyFrame(frame: FaceFrame): FaceFrame {
  return { ...frame, descriptor: frame.descriptor && [...frame.descriptor] };
}

/**
 * Liveness steps a test can do with pictures drawn from one photo: a head turn can be
 * synthesised (face-samples.ts turnHead), an open mouth cannot. A core that is to pass
 * its liveness challenge with livenessFrames() is started with this.
 */
export const TURNS_ONLY_ENV = { KIOSK__FACE__LIVENESS__ACTIONS: '["turn-left","turn-right"]' } as const;

export type TurnAction = 'turn-left' | 'turn-right';

/** Frames of the face in `image` with the head fully turned each way, as the renderer sends them during the steps (picture included). */
export type LivenessFrames = Record<TurnAction, FaceFrame[]>;

export async function livenessFrames(analyser: FaceAnalyser, image: string): Promise<LivenessFrames> {
  const turned = (await headTurnFrames(image)).filter((frame, i, all) => Math.abs(frame.turn) === 1 && all[i - 1]?.turn !== frame.turn);
  const frames: LivenessFrames = { 'turn-left': [], 'turn-right': [] };
  for (const { turn, picture } of turned) {
    const analysis = await analyser.analyseFrame(picture, { describe: false });
    const pose = analysis.face?.readings.pose;
    if (!analysis.face || !pose) throw new Error(`no face in the head of ${image} turned ${turn}`);
    frames[turn > 0 ? 'turn-left' : 'turn-right'].push({
      faceCount: analysis.faces.length,
      quality: analysis.reasons,
      pose: { yaw: pose.yaw, pitch: pose.pitch, mouthOpen: pose.mouthOpen },
      descriptor: null,
      image: facePicture(picture, analysis.face.box),
    });
  }
  return frames;
}

/** A camera's pace: the renderer sends its next frame about this much later. */
const FRAME_INTERVAL_MS = 100;

/**
 * Does the liveness steps the session asks for with `frames` (the action of each step,
 * frame after frame at a camera's pace, as the renderer does) until the session leaves
 * the liveness phase; resolves with the snapshot then. The core decides a step when it
 * has described the pictures, between frames; a step it never sees done fails on its
 * timeout, which the next frame brings.
 */
export async function doLiveness(
  frames: Partial<LivenessFrames>,
  send: (command: SessionCommand) => unknown,
  current: () => SessionSnapshot | Promise<SessionSnapshot>,
): Promise<SessionSnapshot> {
  let snapshot = await current();
  for (let i = 0; snapshot.face?.phase === 'liveness'; i += 1) {
    const action = snapshot.face.challenge?.action;
    const shown = action === 'turn-left' || action === 'turn-right' ? frames[action] : undefined;
    if (!shown?.length) throw new Error(`no frames for the liveness action ${action}`);
    await send({ type: 'FACE_FRAME', frame: copyFrame(shown[i % shown.length] as FaceFrame) });
    await new Promise((resolve) => setTimeout(resolve, FRAME_INTERVAL_MS));
    snapshot = await current();
  }
  return snapshot;
}
