/**
 * An emulated ID card reader on a real pseudo-terminal: the emulator holds one end,
 * the driver opens hostPath as if a reader were plugged in there.
 */
import { attachEmulatorToPath, openPtyPair } from '../serial/pty';
import { SamEmulator } from './sam-emulator';

export interface SamEmulatorOnPty {
  readonly emulator: SamEmulator;
  /** For the driver: SamReaderOptions.path. */
  readonly hostPath: string;
  /** Stops the pty pair; to the driver this looks like the reader being unplugged. */
  close(): Promise<void>;
}

export interface SamEmulatorOnPtyOptions {
  /** Reuse an emulator (and its card and faults), e.g. to plug the same reader in again. */
  readonly emulator?: SamEmulator;
  /** A stable symlink for hostPath, so a re-plugged reader appears at the same path. */
  readonly hostLink?: string;
  readonly baudRate?: number;
}

export async function startSamEmulatorOnPty(options: SamEmulatorOnPtyOptions = {}): Promise<SamEmulatorOnPty> {
  const emulator = options.emulator ?? new SamEmulator();
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
