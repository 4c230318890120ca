/** The kiosk camera through getUserMedia, shown in a <video> the face analyser reads from. */

export interface Camera {
  readonly video: HTMLVideoElement;
  stop(): void;
}

export type CameraProblem = 'no-camera' | 'permission-denied' | 'camera-failed';

export class CameraError extends Error {
  constructor(readonly problem: CameraProblem, detail: string) {
    super(detail);
    this.name = 'CameraError';
  }
}

/** Opens the camera (the one whose label contains `deviceLabel`, if given) at 640 x 480. */
export async function openCamera(video: HTMLVideoElement, deviceLabel?: string): Promise<Camera> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('no-camera', 'this browser offers no camera access');
  let stream: MediaStream;
  try {
    const deviceId = deviceLabel ? await findDevice(deviceLabel) : undefined;
    stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { width: { ideal: 640 }, height: { ideal: 480 }, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) },
    });
  } catch (error) {
    const name = (error as DOMException).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new CameraError('permission-denied', String(error));
    if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new CameraError('no-camera', String(error));
    throw new CameraError('camera-failed', String(error));
  }
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  return {
    video,
    stop() {
      stream.getTracks().forEach((track) => track.stop());
      video.srcObject = null;
    },
  };
}

async function findDevice(label: string): Promise<string | undefined> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.find((d) => d.kind === 'videoinput' && d.label.includes(label))?.deviceId;
}
