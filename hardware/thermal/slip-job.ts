/**
 * What the kiosk asks the receipt printer to print: a small document, one slip per job.
 * The caller says what goes on the slip; slip-escpos.ts says how a printer is told.
 */
import type { QrErrorLevel } from './escpos-commands';
import type { Alignment } from './paper-model';

export interface TextSize {
  /** Magnification 1..8. */
  readonly width: number;
  readonly height: number;
}

export interface SlipText {
  readonly kind: 'text';
  /** One line; a newline in it starts another line with the same style. */
  readonly text: string;
  readonly align?: Alignment;
  readonly bold?: boolean;
  readonly size?: TextSize;
}

export interface SlipQrCode {
  readonly kind: 'qr';
  /** Stored as UTF-8 bytes. */
  readonly payload: string;
  readonly align?: Alignment;
  /** Dots per module, 1..16; 6 by default. */
  readonly moduleSize?: number;
  /** 'M' by default. */
  readonly errorLevel?: QrErrorLevel;
}

export interface SlipImage {
  readonly kind: 'image';
  /** A PNG no wider than the paper; transparent and light pixels stay white. */
  readonly png: Uint8Array;
  readonly align?: Alignment;
}

export interface SlipFeed {
  readonly kind: 'feed';
  /** Blank lines, 0..255. */
  readonly lines: number;
}

export type SlipElement = SlipText | SlipQrCode | SlipImage | SlipFeed;

export interface SlipJob {
  readonly elements: readonly SlipElement[];
  /** 'full' by default; 'none' for printers without a cutter. */
  readonly cut?: 'full' | 'partial' | 'none';
}
