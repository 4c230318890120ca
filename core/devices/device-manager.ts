/**
 * Builds one port per device kind from the configuration and merges their statuses
 * into one list for the contract. Which class stands behind a port is decided here
 * and nowhere else.
 */
import { DEVICE_KINDS, type DeviceKind, type DevicePort, type DeviceStatus } from '../../hardware/device';
import { SimulatedDevice } from '../../hardware/simulated-device';
import type { KioskConfig } from '../config/schema';

type DeviceConfig = KioskConfig['devices'][DeviceKind];

export class DriverUnavailableError extends Error {
  constructor(kind: DeviceKind, driver: string) {
    super(`devices.${kind}.driver: "${driver}" is not available in this build; use "simulator"`);
    this.name = 'DriverUnavailableError';
  }
}

export class DeviceManager {
  private readonly ports = new Map<DeviceKind, DevicePort>();
  private readonly listeners = new Set<(statuses: DeviceStatus[], changed: DeviceStatus) => void>();

  constructor(config: KioskConfig['devices']) {
    // Build every port before opening any, so a bad driver stops the start-up cleanly.
    for (const kind of DEVICE_KINDS) this.ports.set(kind, createPort(kind, config[kind]));
    for (const port of this.ports.values()) port.onStatus((changed) => this.emit(changed));
  }

  async openAll(): Promise<void> {
    await Promise.all([...this.ports.values()].map((port) => port.open()));
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.ports.values()].map((port) => port.close()));
    this.listeners.clear();
  }

  statuses(): DeviceStatus[] {
    return [...this.ports.values()].map((port) => port.status());
  }

  port(kind: DeviceKind): DevicePort {
    const port = this.ports.get(kind);
    if (!port) throw new Error(`no ${kind} device`);
    return port;
  }

  /** The simulator behind a kind, for tests, demos and `kioskctl sim`; undefined on real hardware. */
  simulator(kind: DeviceKind): SimulatedDevice | undefined {
    const port = this.ports.get(kind);
    return port instanceof SimulatedDevice ? port : undefined;
  }

  allSimulated(): boolean {
    return [...this.ports.values()].every((port) => port instanceof SimulatedDevice);
  }

  onChange(listener: (statuses: DeviceStatus[], changed: DeviceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(changed: DeviceStatus): void {
    const statuses = this.statuses();
    for (const listener of this.listeners) listener(statuses, changed);
  }
}

function createPort(kind: DeviceKind, config: DeviceConfig): DevicePort {
  if (config.driver === 'simulator') return new SimulatedDevice(kind);
  throw new DriverUnavailableError(kind, config.driver);
}
