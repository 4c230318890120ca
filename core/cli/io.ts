/** Where a command's answer goes; swapped for a recorder in tests. */
export interface CliIo {
  result(value: unknown, json?: boolean): void;
  error(message: string): void;
  exit(code: number): never;
}

export class ExitSignal extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export const processIo: CliIo = {
  result(value, json) {
    process.stdout.write(`${json || typeof value !== 'string' ? JSON.stringify(value, null, 2) : value}\n`);
  },
  error(message) {
    process.stderr.write(`${message}\n`);
  },
  exit(code) {
    // Thrown, not process.exit: lets pending output flush and keeps commands testable.
    throw new ExitSignal(code);
  },
};
