/**
 * FACE_FRAMEs as the renderer sends them, computed under Node with the same face module:
 * the analysis's quality, pose and descriptor, and for a good frame the JPEG of its face
 * region cut as renderer/src/face/face-picture.ts cuts it (nearest-neighbour here,
 * a canvas there).
 */
import jpeg from 'jpeg-js';
import type { SessionCommand } from '../../core/contract';
import type { FaceAnalyser, FaceBox } from '../../face/face-analyser';
import type { PixelBuffer } from '../../face/face-image';
import { facePictureRegion } from '../../renderer/src/face/face-picture';

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
