/**
 * What serialport needs from a binding (the platform's, or MockBinding in tests).
 * serialport's own type package for it does not resolve under its "exports" map, so
 * the part the kiosk relies on is spelled out here.
 */
export interface SerialBindingOpenOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly [option: string]: unknown;
}

export interface SerialBinding {
  open(options: SerialBindingOpenOptions): Promise<unknown>;
  list(): Promise<unknown[]>;
}
