/**
 * The picture of a good frame's face that goes to the core with its descriptor, so the
 * core can describe the face itself (the renderer's numbers only advise): the face
 * region with a margin, at most FACE_PICTURE_MAX_SIDE pixels a side, as JPEG in base64.
 * The margin keeps enough of the head around the face for the core's detector (with
 * less, it found no face in some sample frames); 320 px keeps the face above the
 * recognition network's 150 px input at about 20 KB.
 */
import type { FaceBox } from '../../../face/face-analyser';

export const FACE_PICTURE_MARGIN = 0.5;
export const FACE_PICTURE_MAX_SIDE = 320;
const JPEG_QUALITY = 0.85;

/** The source rectangle (the face box widened by the margin, inside the frame) and the size it is drawn at. */
export interface PictureRegion {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
  width: number;
  height: number;
}

export function facePictureRegion(box: FaceBox, frameWidth: number, frameHeight: number): PictureRegion {
  const sx = Math.max(0, Math.floor(box.x - FACE_PICTURE_MARGIN * box.width));
  const sy = Math.max(0, Math.floor(box.y - FACE_PICTURE_MARGIN * box.height));
  const sw = Math.min(frameWidth, Math.ceil(box.x + box.width * (1 + FACE_PICTURE_MARGIN))) - sx;
  const sh = Math.min(frameHeight, Math.ceil(box.y + box.height * (1 + FACE_PICTURE_MARGIN))) - sy;
  const scale = Math.min(1, FACE_PICTURE_MAX_SIDE / Math.max(sw, sh));
  return { sx, sy, sw, sh, width: Math.max(1, Math.round(sw * scale)), height: Math.max(1, Math.round(sh * scale)) };
}

/** A still of the camera: the frame the face module judges is the frame whose face is sent. */
export class FrameGrabber {
  private readonly canvas = document.createElement('canvas');
  private readonly picture = document.createElement('canvas');

  /** Draws the video's current frame; analyse the returned canvas. */
  grab(video: HTMLVideoElement): HTMLCanvasElement {
    this.canvas.width = video.videoWidth;
    this.canvas.height = video.videoHeight;
    this.canvas.getContext('2d')?.drawImage(video, 0, 0);
    return this.canvas;
  }

  /** The face region of the last grabbed frame as base64 JPEG; the drawing is cleared at once. */
  faceJpeg(box: FaceBox): string {
    const region = facePictureRegion(box, this.canvas.width, this.canvas.height);
    this.picture.width = region.width;
    this.picture.height = region.height;
    const context = this.picture.getContext('2d');
    context?.drawImage(this.canvas, region.sx, region.sy, region.sw, region.sh, 0, 0, region.width, region.height);
    const url = this.picture.toDataURL('image/jpeg', JPEG_QUALITY);
    context?.clearRect(0, 0, region.width, region.height);
    return url.slice(url.indexOf(',') + 1);
  }

  /** Overwrites the last frame (pixels of a face are not left in a canvas). */
  clear(): void {
    this.canvas.getContext('2d')?.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }
}
