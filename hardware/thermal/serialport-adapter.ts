/**
 * @node-escpos transport over serialport 13 (its own serialport adapter pins
 * serialport 10). The binding is configurable, so tests run it on MockBinding.
 *
 * Events: 'data' (Buffer) for every chunk received, 'disconnect' when the port goes
 * away without close() being called (unplugged cable, hung-up pty), 'close' after close().
 */
import { Adapter } from '@node-escpos/adapter';
import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import type { SerialBinding } from '../serial/serial-binding';

export interface SerialPortAdapterOptions {
  readonly path: string;
  readonly baudRate?: number;
  /** serialport binding; the platform's by default, MockBinding-based in tests. */
  readonly binding?: SerialBinding;
}

type Callback = (error: Error | null) => void;

export class SerialPortAdapter extends Adapter<[]> {
  readonly path: string;
  private readonly port: SerialPortStream;

  constructor(options: SerialPortAdapterOptions) {
    super();
    this.path = options.path;
    this.port = new SerialPortStream({
      binding: options.binding ?? SerialPort.binding,
      path: options.path,
      baudRate: options.baudRate ?? 115200,
      autoOpen: false,
    });
    this.port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    this.port.on('close', (disconnectError: Error | null) => this.emit(disconnectError ? 'disconnect' : 'close', disconnectError));
    // Disconnects also arrive as 'close' with an error; other errors reach whoever writes.
    this.port.on('error', () => undefined);
  }

  get isOpen(): boolean {
    return this.port.isOpen;
  }

  open(callback?: Callback): this {
    this.port.open((error) => callback?.(error ?? null));
    return this;
  }

  /** Calls back once the bytes have left for the device (drained), not merely been queued. */
  write(data: Buffer | string, callback?: Callback): this {
    this.port.write(data, (error) => {
      if (error) callback?.(error);
      else this.port.drain((drainError) => callback?.(drainError ?? null));
    });
    return this;
  }

  close(callback?: Callback): this {
    if (!this.port.isOpen) {
      queueMicrotask(() => callback?.(null));
      return this;
    }
    this.port.close((error) => callback?.(error ?? null));
    return this;
  }

  /** The next chunk received, once. */
  read(callback?: (data: Buffer) => void): void {
    if (callback) this.port.once('data', callback);
  }
}
