import type { CallErrorCode } from '../contract';

/** The core answered a call with an error. */
export class KioskCallError extends Error {
  constructor(
    readonly code: CallErrorCode | 'disconnected' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'KioskCallError';
  }
}
