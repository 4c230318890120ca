/**
 * The camera as a device port. The camera itself lives in the renderer (getUserMedia),
 * so the core cannot probe it: the renderer reports what it found, and this port turns
 * the report into the shared status model. In simulation the face module reads frames
 * from image files (core/face/image-file.ts), which are always there, so the simulated
 * camera is ready once opened and renderer reports do not change it.
 */
import type { DevicePort, DeviceStatus, StatusListener, StatusReason } from '../device';
import { DeviceStatusTracker } from '../device-status';

/** What the renderer can find out about its camera. */
export type CameraProblem = 'no-camera' | 'permission-denied' | 'camera-failed';

export const CAMERA_PROBLEMS: readonly CameraProblem[] = ['no-camera', 'permission-denied', 'camera-failed'];

export interface CameraReport {
  readonly present: boolean;
  readonly error?: CameraProblem;
  /** The browser's own words, for technicians. */
  readonly detail?: string;
}

const PROBLEM_REASON: Readonly<Record<CameraProblem, StatusReason>> = {
  'no-camera': 'no-camera',
  'permission-denied': 'permission-denied',
  // The camera is there but would not start (busy, unplugged mid-stream, driver error).
  'camera-failed': 'disconnected',
};

const PROBLEM_MESSAGE: Readonly<Record<CameraProblem, string>> = {
  'no-camera': 'the kiosk screen finds no camera',
  'permission-denied': 'the kiosk screen may not use the camera (permission denied)',
  'camera-failed': 'the camera is there but does not start',
};

export type CameraDriver = 'browser' | 'simulator';

export class ReportedCamera implements DevicePort {
  readonly kind = 'camera' as const;
  private readonly tracker: DeviceStatusTracker;
  private opened = false;

  constructor(readonly driver: CameraDriver) {
    this.tracker = new DeviceStatusTracker(this.kind, driver);
  }

  async open(): Promise<void> {
    if (this.opened) return;
    this.opened = true;
    if (this.driver === 'simulator') this.tracker.set('ok', [], 'simulated camera: frames come from image files');
    else this.tracker.set('error', ['not-open'], 'waiting for the kiosk screen to report its camera');
  }

  async close(): Promise<void> {
    this.opened = false;
    this.tracker.set('error', ['not-open'], 'closed');
  }

  status(): DeviceStatus {
    return this.tracker.get();
  }

  onStatus(listener: StatusListener): () => void {
    return this.tracker.onChange(listener);
  }

  /** Applies the renderer's report (a real camera only) and returns the resulting status. */
  report(report: CameraReport): DeviceStatus {
    if (!this.opened || this.driver === 'simulator') return this.status();
    if (report.present && !report.error) {
      this.tracker.set('ok', [], 'camera ready');
    } else {
      const problem = report.error ?? 'no-camera';
      const detail = report.detail ? `: ${report.detail}` : '';
      this.tracker.set('error', [PROBLEM_REASON[problem]], `${PROBLEM_MESSAGE[problem]}${detail}`);
    }
    return this.status();
  }
}
