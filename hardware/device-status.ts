/**
 * Keeps one device's current status and tells listeners when it changes. Drivers and
 * simulators both use it, so every device reports in the same way.
 */
import type { DeviceKind, DeviceStatus, StatusLevel, StatusListener, StatusReason } from './device';

export class DeviceStatusTracker {
  private current: DeviceStatus;
  private readonly listeners = new Set<StatusListener>();

  constructor(kind: DeviceKind, driver: string, now: () => Date = () => new Date()) {
    this.now = now;
    this.current = { kind, driver, level: 'error', reasons: ['not-open'], message: 'not opened yet', since: now().toISOString() };
  }

  private readonly now: () => Date;

  get(): DeviceStatus {
    return this.current;
  }

  set(level: StatusLevel, reasons: readonly StatusReason[], message: string): void {
    const unchanged =
      level === this.current.level &&
      message === this.current.message &&
      reasons.length === this.current.reasons.length &&
      reasons.every((r, i) => r === this.current.reasons[i]);
    if (unchanged) return;
    this.current = { ...this.current, level, reasons: [...reasons], message, since: this.now().toISOString() };
    for (const listener of this.listeners) listener(this.current);
  }

  onChange(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
