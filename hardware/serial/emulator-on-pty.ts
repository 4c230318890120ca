/**
 * Any device emulator on a real pseudo-terminal: the emulator holds one end, a driver
 * opens hostPath as if the device were plugged in there.
 */
import { attachEmulatorToPath, openPtyPair } from './pty';
import type { SerialEmulator } from './serial-emulator';

export interface EmulatorOnPty<E extends SerialEmulator> {
  readonly emulator: E;
  /** For the driver: its serial path. */
  readonly hostPath: string;
  /** Stops the pty pair; to the driver this looks like the device being unplugged. */
  close(): Promise<void>;
}

export interface EmulatorOnPtyOptions {
  /** A stable symlink for hostPath, so a re-plugged device appears at the same path. */
  readonly hostLink?: string;
  readonly baudRate?: number;
}

export async function startEmulatorOnPty<E extends SerialEmulator>(emulator: E, options: EmulatorOnPtyOptions = {}): Promise<EmulatorOnPty<E>> {
  const pair = await openPtyPair(options.hostLink ? { hostLink: options.hostLink } : {});
  try {
    const attached = await attachEmulatorToPath(pair.devicePath, emulator, { baudRate: options.baudRate ?? 115200 });
    return {
      emulator,
      hostPath: pair.hostPath,
      close: async () => {
        await pair.close();
        await attached.close();
      },
    };
  } catch (error) {
    await pair.close();
    throw error;
  }
}
