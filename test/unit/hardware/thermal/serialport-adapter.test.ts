import { Printer } from '@node-escpos/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emulatedBinding } from '../../../../hardware/serial/emulated-binding';
import type { ByteSender, SerialEmulator } from '../../../../hardware/serial/serial-emulator';
import { SerialPortAdapter } from '../../../../hardware/thermal/serialport-adapter';

let portNumber = 0;
const adapters: SerialPortAdapter[] = [];

/** A device that keeps what it hears and can talk back. */
class Listener implements SerialEmulator {
  readonly heard: number[] = [];
  send: ByteSender = () => undefined;
  onData(bytes: Uint8Array): void {
    this.heard.push(...bytes);
  }
  setSender(send: ByteSender): void {
    this.send = send;
  }
}

function rig() {
  const device = new Listener();
  const link = emulatedBinding(`/dev/ttyMOCKADAPTER${++portNumber}`, device);
  const adapter = new SerialPortAdapter({ path: link.path, binding: link.binding, baudRate: 9600 });
  adapters.push(adapter);
  return { device, link, adapter };
}

const opened = (adapter: SerialPortAdapter) =>
  new Promise<void>((resolve, reject) => adapter.open((error) => (error ? reject(error) : resolve())));

afterEach(async () => {
  for (const adapter of adapters.splice(0)) await new Promise((resolve) => adapter.close(resolve));
});

describe('SerialPortAdapter', () => {
  it('opens, and calls back from write once the bytes are out', async () => {
    const { device, adapter } = rig();
    await opened(adapter);
    expect(adapter.isOpen).toBe(true);
    await new Promise<void>((resolve, reject) => adapter.write(Buffer.from([1, 2, 3]), (error) => (error ? reject(error) : resolve())));
    expect(device.heard).toEqual([1, 2, 3]);
  });

  it('is the transport of @node-escpos/core Printer', async () => {
    const { device, adapter } = rig();
    await opened(adapter);
    await new Printer(adapter, { encoding: 'GB18030' }).align('ct').text('营业执照').flush();
    expect(Buffer.from(device.heard).toString('hex')).toBe('1b6101' + 'd3aad2b5d6b4d5d5' + '0a');
  });

  it("passes what the device sends on as 'data', and to a one-shot read()", async () => {
    const { device, adapter } = rig();
    await opened(adapter);
    const data: number[] = [];
    adapter.on('data', (chunk: Buffer) => data.push(...chunk));
    const once = new Promise<Buffer>((resolve) => adapter.read(resolve));
    device.send(Uint8Array.of(0x12));
    expect([...(await once)]).toEqual([0x12]);
    device.send(Uint8Array.of(0x16));
    await vi.waitFor(() => expect(data).toEqual([0x12, 0x16]), { timeout: 30_000 }); // a hung adapter's limit, not a speed check
  });

  it("says 'close' after close() and 'disconnect' when the device goes away", async () => {
    const first = rig();
    await opened(first.adapter);
    const closed = vi.fn();
    const disconnected = vi.fn();
    first.adapter.on('close', closed);
    first.adapter.on('disconnect', disconnected);
    await new Promise((resolve) => first.adapter.close(resolve));
    expect(first.adapter.isOpen).toBe(false);
    expect(closed).toHaveBeenCalledOnce();
    expect(disconnected).not.toHaveBeenCalled();

    const second = rig();
    await opened(second.adapter);
    const gone = new Promise((resolve) => second.adapter.on('disconnect', resolve));
    // Let the stream's first read reach the mock port, which is what an unplug interrupts.
    await new Promise((resolve) => setTimeout(resolve, 10));
    second.link.unplug();
    await gone;
    expect(second.adapter.isOpen).toBe(false);
  });

  it('reports a port that cannot be opened through the open callback', async () => {
    const { link, adapter } = rig();
    link.unplug();
    await expect(opened(adapter)).rejects.toThrow('no such device');
  });

  it('closes without complaint when it is not open', async () => {
    const { adapter } = rig();
    await expect(new Promise((resolve) => adapter.close(resolve))).resolves.toBeNull();
  });
});
