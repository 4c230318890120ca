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
    throw new CameraError(cameraProblemOf(error), String(error));
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

/** What a getUserMedia failure means for the kiosk. */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name = (error as DOMException | undefined)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'permission-denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-camera';
  return 'camera-failed';
}

async function findDevice(label: string): Promise<string | undefined> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.find((d) => d.kind === 'videoinput' && d.label.includes(label))?.deviceId;
}
