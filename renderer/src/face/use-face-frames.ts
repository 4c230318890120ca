/**
 * The face step's camera loop: opens the camera, analyses frames with the face module
 * and reports each one to the core as FACE_FRAME with the picture of its face
 * (face-picture.ts), which the core describes itself: while the core matches, a good
 * frame's; during the liveness steps, any frame's with one face (turned faces fail the
 * quality gates, and the core judges the turn from the picture). The descriptor and the picture leave this function only inside that command
 * and are wiped right after (the picture's canvases cleared); nothing is kept in React
 * state. The camera stops when the face step unmounts.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { wipe } from '../../../face/descriptor';
import type { FaceAnalyser, FrameAnalysis } from '../../../face/face-analyser';
import type { KioskBridge, SessionCommand } from '../contract';
import { openCamera, type Camera } from './camera';
import { FrameGrabber } from './face-picture';

type FaceFrame = Extract<SessionCommand, { type: 'FACE_FRAME' }>['frame'];
export type CameraState = 'starting' | 'running' | 'failed';

let analyser: Promise<FaceAnalyser> | undefined;

/** Starts loading the models early (while the applicant reads the consent), so the face step opens ready. */
export function preloadFaceAnalyser(): Promise<FaceAnalyser> {
  // Loaded on demand: tfjs and face-api are most of the renderer's code, and the attract screen needs none of it.
  analyser ??= import('./browser-face-api').then((module) => module.loadBrowserFaceAnalyser());
  // A failed load is retried by the next caller instead of being cached for good.
  analyser.catch(() => (analyser = undefined));
  return analyser;
}

/** `image`: the base64 JPEG of the face, for a good frame while the core matches. */
export function toFaceFrame(analysis: FrameAnalysis, image: string | null = null): FaceFrame {
  const pose = analysis.face?.readings.pose;
  return {
    faceCount: Math.min(analysis.faces.length, 20),
    quality: analysis.reasons,
    pose: pose ? { yaw: pose.yaw, pitch: pose.pitch, mouthOpen: pose.mouthOpen } : null,
    descriptor: analysis.descriptor ? Array.from(analysis.descriptor) : null,
    image,
  };
}

/** Which frames' pictures the core wants: good frames' while it matches, every single face's during the liveness steps. */
export type PicturesOf = 'good-frames' | 'every-face';

/** `collecting`: whether the core wants frames now (matching or liveness); `pictures`: of which frames. */
export function useFaceFrames(
  bridge: KioskBridge,
  collecting: boolean,
  pictures: PicturesOf,
): { videoRef: RefObject<HTMLVideoElement | null>; camera: CameraState } {
  const videoRef = useRef<HTMLVideoElement>(null);
  const collectingRef = useRef(collecting);
  collectingRef.current = collecting;
  const picturesRef = useRef(pictures);
  picturesRef.current = pictures;
  const [camera, setCamera] = useState<CameraState>('starting');

  useEffect(() => {
    let stopped = false;
    let opened: Camera | undefined;
    const grabber = new FrameGrabber();
    (async () => {
      const faces = await preloadFaceAnalyser();
      if (stopped) return;
      opened = await openCamera(videoRef.current as HTMLVideoElement);
      if (stopped) return opened.stop();
      setCamera('running');
      while (!stopped) {
        if (!collectingRef.current) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          continue;
        }
        const analysis = await faces.analyseFrame(grabber.grab(opened.video));
        const face = analysis.descriptor || picturesRef.current === 'every-face' ? analysis.face : undefined;
        const frame = toFaceFrame(analysis, face ? grabber.faceJpeg(face.box) : null);
        grabber.clear();
        wipe(analysis.descriptor);
        if (stopped) break;
        // One frame in flight at a time: the core's answer paces the loop.
        await bridge.call('session.send', { type: 'FACE_FRAME', frame });
        frame.descriptor?.fill(0);
      }
    })().catch(() => {
      if (!stopped) setCamera('failed');
    });
    return () => {
      stopped = true;
      opened?.stop();
      grabber.clear();
    };
  }, [bridge]);

  return { videoRef, camera };
}
