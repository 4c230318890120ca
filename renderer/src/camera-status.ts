/**
 * Tells the core once at start-up whether this screen has a working camera: only the
 * renderer can ask (getUserMedia), and the core shows the answer as the camera's
 * device status like any other device.
 */
import { useEffect } from 'react';
import type { KioskBridge, Params } from './contract';
import { cameraProblemOf } from './face/camera';

export type CameraReport = Params<'devices.reportCamera'>;

/** Looks for a camera and opens it for a moment, so a missing permission shows too. */
export async function checkCamera(media: MediaDevices | undefined = navigator.mediaDevices): Promise<CameraReport> {
  if (!media?.enumerateDevices || !media.getUserMedia) return { present: false, error: 'no-camera', detail: 'no camera access in this browser' };
  try {
    const devices = await media.enumerateDevices();
    if (!devices.some((device) => device.kind === 'videoinput')) return { present: false, error: 'no-camera' };
    const stream = await media.getUserMedia({ audio: false, video: true });
    stream.getTracks().forEach((track) => track.stop());
    return { present: true };
  } catch (error) {
    return { present: false, error: cameraProblemOf(error), detail: String(error).slice(0, 200) };
  }
}

export function useCameraReport(bridge: KioskBridge): void {
  useEffect(() => {
    let live = true;
    void checkCamera().then((report) => {
      if (live) void bridge.call('devices.reportCamera', report).catch(() => undefined);
    });
    return () => {
      live = false;
    };
  }, [bridge]);
}
