/**
 * Structured logs (pino). Personal data is masked on the way out: ID numbers keep
 * their first six and last four characters, and anything biometric is dropped whole,
 * whatever the caller passed.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskIdNumber } from '../rules/id-number';

export type { Logger };

const ID_NUMBER_KEYS = ['idNumber', '*.idNumber', '*.*.idNumber'];
const BIOMETRIC_KEYS = ['photo', 'descriptor', 'image', 'frame'].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'miaopi-kiosk' },
      redact: {
        paths: [...ID_NUMBER_KEYS, ...BIOMETRIC_KEYS],
        censor: (value: unknown, path: string[]) =>
          path[path.length - 1] === 'idNumber' && typeof value === 'string' ? maskIdNumber(value) : '[removed]',
      },
    },
    destination ?? pino.destination(2),
  );
}
