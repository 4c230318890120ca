/**
 * A pair of connected pseudo-terminals made by socat, so a device emulator can sit on
 * one end and a real serial driver on the other, exactly as with a USB-serial adapter.
 */
import { spawn } from 'node:child_process';

export { attachEmulatorToPath } from './serial-emulator';
export type { SerialEmulator, AttachedEmulator } from './serial-emulator';

export interface PtyPair {
  /** The end the emulator opens. */
  readonly devicePath: string;
  /** The end the driver under test opens. */
  readonly hostPath: string;
  /** Stops socat; both ends hang up, which the driver sees as an unplugged device. */
  close(): Promise<void>;
}

export interface PtyPairOptions {
  /** Stable symlinks for the two ends, so a new pair can stand in for a re-plugged device. */
  readonly deviceLink?: string;
  readonly hostLink?: string;
  readonly startTimeoutMs?: number;
}

export const SOCAT_MISSING_MESSAGE = 'socat is not installed: run scripts/setup-system';

const PTY_LINE = /PTY is (\/dev\/pts\/\d+)/g;
// socat announces each pty before it makes that pty's symlink; once it starts copying data,
// both ends and their links exist. Resolving earlier let a driver open a missing link.
const TRANSFER_STARTED = /starting data transfer loop/;

export function openPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const end = (link?: string) => (link ? `pty,raw,echo=0,link=${link}` : 'pty,raw,echo=0');
  const socat = spawn('socat', ['-d', '-d', end(options.deviceLink), end(options.hostLink)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => socat.once('close', () => resolve()));

  const close = async (): Promise<void> => {
    if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGTERM');
    await exited;
  };

  return new Promise<PtyPair>((resolve, reject) => {
    let log = '';
    const fail = (error: Error) => {
      clearTimeout(timer);
      void close();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`socat did not create two ptys in time; its log: ${log}`)),
      options.startTimeoutMs ?? 5000,
    );

    socat.once('error', (error: NodeJS.ErrnoException) => {
      fail(error.code === 'ENOENT' ? new Error(SOCAT_MISSING_MESSAGE) : error);
    });
    const exitedEarly = (code: number | null) =>
      fail(new Error(`socat exited (${String(code)}) before the ptys were ready; its log: ${log}`));
    socat.once('close', exitedEarly);
    socat.stderr.setEncoding('utf8');
    socat.stderr.on('data', (text: string) => {
      log += text;
      const paths = [...log.matchAll(PTY_LINE)].map((match) => match[1] as string);
      if (paths.length < 2 || !TRANSFER_STARTED.test(log)) return;
      clearTimeout(timer);
      socat.removeListener('close', exitedEarly);
      // Keep draining stderr so socat never blocks on a full pipe.
      socat.stderr.removeAllListeners('data');
      socat.stderr.resume();
      resolve({
        devicePath: options.deviceLink ?? (paths[0] as string),
        hostPath: options.hostLink ?? (paths[1] as string),
        close,
      });
    });
  });
}
