/**
 * Structured logs (pino). Personal data is masked on the way out, by pattern and at any
 * depth, whatever the caller passed and under whatever key: an ID number keeps its first
 * six and last four characters wherever it appears in a value or the message, and
 * anything biometric (photos, frames, descriptors, landmarks, typed arrays) or a birth
 * date is replaced by `[removed]` (core/audit/personal-data.ts).
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { maskIdNumbersIn, redactedForLog } from './audit/personal-data';

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'miaopi-kiosk' },
      // Errors, at any depth, are turned into { type, message, stack } by the formatter,
      // which runs first: pino's own error serializer would only call them "Object".
      serializers: { err: (value: unknown) => value },
      formatters: {
        log: redactedForLog,
        bindings: redactedForLog,
      },
      // The finished line once more, for what the formatters do not see: the message
      // (an error's message becomes it when none is given).
      hooks: { streamWrite: maskIdNumbersIn },
    },
    destination ?? pino.destination(2),
  );
}
