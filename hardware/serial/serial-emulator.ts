/**
 * The device side of a serial link: an emulator takes the bytes the host wrote and
 * answers through a sender. This module puts such an emulator on a real serial path
 * (one end of a pty pair).
 */
import { SerialPort } from 'serialport';

export type ByteSender = (bytes: Uint8Array) => void;

export interface SerialEmulator {
  /** Bytes written by the host, in whatever chunks the line delivers them. */
  onData(bytes: Uint8Array): void;
  /** Where the emulator's answers go; replaced when the emulator is moved or detached. */
  setSender(send: ByteSender): void;
}

export interface AttachedEmulator {
  readonly path: string;
  close(): Promise<void>;
}

const detachedSender: ByteSender = () => undefined;

export async function attachEmulatorToPath(
  path: string,
  emulator: SerialEmulator,
  options: { baudRate?: number } = {},
): Promise<AttachedEmulator> {
  const port = new SerialPort({ path, baudRate: options.baudRate ?? 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));

  port.on('data', (chunk: Buffer) => emulator.onData(new Uint8Array(chunk)));
  // The host end hanging up (socat stopped) is expected in tests; nothing to report.
  port.on('error', () => undefined);
  emulator.setSender((bytes) => {
    if (port.isOpen) port.write(Buffer.from(bytes));
  });

  return {
    path,
    close: async () => {
      emulator.setSender(detachedSender);
      if (!port.isOpen) return;
      await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
}
