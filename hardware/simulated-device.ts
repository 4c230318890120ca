/**
 * The default driver for every device kind on a developer's machine: a device that is
 * ready once opened and takes injected faults, so the UI and the core can be driven
 * through every status without hardware.
 */
import type { DeviceKind, DevicePort, DeviceStatus, StatusLevel, StatusListener, StatusReason } from './device';
import { DeviceStatusTracker } from './device-status';

export interface SimulatedFault {
  level: Exclude<StatusLevel, 'ok'>;
  reasons: readonly StatusReason[];
  message?: string;
}

export class SimulatedDevice implements DevicePort {
  readonly driver = 'simulator';
  private readonly tracker: DeviceStatusTracker;
  private opened = false;

  constructor(readonly kind: DeviceKind) {
    this.tracker = new DeviceStatusTracker(kind, this.driver);
  }

  async open(): Promise<void> {
    this.opened = true;
    this.tracker.set('ok', [], 'simulated device ready');
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

  injectFault(fault: SimulatedFault): void {
    this.tracker.set(fault.level, fault.reasons, fault.message ?? `simulated fault: ${fault.reasons.join(', ')}`);
  }

  clearFault(): void {
    if (this.opened) this.tracker.set('ok', [], 'simulated device ready');
  }
}
