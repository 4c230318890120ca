/**
 * An emulated ID card reader on a real pseudo-terminal: the emulator holds one end,
 * the driver opens hostPath as if a reader were plugged in there.
 */
import { startEmulatorOnPty, type EmulatorOnPty, type EmulatorOnPtyOptions } from '../serial/emulator-on-pty';
import { SamEmulator } from './sam-emulator';

export type SamEmulatorOnPty = EmulatorOnPty<SamEmulator>;

export interface SamEmulatorOnPtyOptions extends EmulatorOnPtyOptions {
  /** Reuse an emulator (and its card and faults), e.g. to plug the same reader in again. */
  readonly emulator?: SamEmulator;
}

export function startSamEmulatorOnPty(options: SamEmulatorOnPtyOptions = {}): Promise<SamEmulatorOnPty> {
  const { emulator, ...pty } = options;
  return startEmulatorOnPty(emulator ?? new SamEmulator(), pty);
}
