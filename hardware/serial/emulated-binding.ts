/**
 * A serialport binding (built on serialport's MockBinding) with a device emulator
 * behind it: what the driver writes reaches the emulator, what the emulator sends
 * arrives as received data. Tests use it to drive real drivers without a pty, and to
 * pull the plug.
 */
import { SerialPortMock } from 'serialport';
import type { SerialBinding, SerialBindingOpenOptions } from './serial-binding';
import type { SerialEmulator } from './serial-emulator';

/** The parts of MockBinding's port this module hooks into. */
interface MockPort {
  readonly isOpen: boolean;
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
  emitData(data: Buffer): void;
}

interface MockBinding {
  createPort(path: string): void;
  open(options: SerialBindingOpenOptions): Promise<MockPort>;
  list(): Promise<unknown[]>;
}

export interface EmulatedBinding {
  readonly binding: SerialBinding;
  readonly path: string;
  /** The open port fails like a pulled USB cable; opening fails until replug(). */
  unplug(): void;
  replug(): void;
}

const mock: MockBinding = SerialPortMock.binding;

export function emulatedBinding(path: string, emulator: SerialEmulator): EmulatedBinding {
  let unplugged = false;
  let current: MockPort | undefined;
  const unpluggedError = () => new Error(`${path}: device unplugged`);

  mock.createPort(path);

  const wire = (port: MockPort) => {
    const read = port.read.bind(port);
    const write = port.write.bind(port);
    // The mock re-enters port.read when data arrives, so this wrapper also ends a read that is waiting.
    port.read = async (buffer, offset, length) => {
      if (unplugged) throw unpluggedError();
      const result = await read(buffer, offset, length);
      if (unplugged) throw unpluggedError();
      return result;
    };
    port.write = async (buffer) => {
      if (unplugged) throw unpluggedError();
      await write(buffer);
      emulator.onData(new Uint8Array(buffer));
    };
    emulator.setSender((bytes) => {
      if (port.isOpen && !unplugged) port.emitData(Buffer.from(bytes));
    });
  };

  const binding: SerialBinding = {
    list: () => mock.list(),
    open: async (options) => {
      if (unplugged) throw new Error(`${path}: no such device`);
      const port = await mock.open(options);
      wire(port);
      current = port;
      return port;
    },
  };

  return {
    binding,
    path,
    unplug: () => {
      unplugged = true;
      if (current?.isOpen) current.emitData(Buffer.alloc(0));
    },
    replug: () => {
      unplugged = false;
    },
  };
}
