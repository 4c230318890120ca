/**
 * Waits for a device's status by its status events, not by polling a clock: under load
 * a status takes longer to change, but the test still sees the change and nothing else.
 */
import type { DevicePort, DeviceStatus } from '../../hardware/device';

export function untilStatus(port: Pick<DevicePort, 'status' | 'onStatus'>, predicate: (status: DeviceStatus) => boolean): Promise<DeviceStatus> {
  return new Promise((resolve) => {
    if (predicate(port.status())) return resolve(port.status());
    const stop = port.onStatus((status) => {
      if (!predicate(status)) return;
      stop();
      resolve(status);
    });
  });
}
