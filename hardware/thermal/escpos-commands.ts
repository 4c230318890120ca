/**
 * ESC/POS byte values shared by the slip encoder, the decoder and the status queries,
 * and the commands @node-escpos/core cannot emit:
 * - it has no command for Chinese (Kanji) mode, FS & / FS .;
 * - its qrcode() sends GS Z / ESC Z (a 2D-code command few Epson-compatible printers
 *   know), and its "qsprinter" variant of GS ( k adds a vendor command and a fixed
 *   model; so QR codes are built here from the standard GS ( k functions 165-181.
 */

export const HT = 0x09;
export const LF = 0x0a;
export const FF = 0x0c;
export const CR = 0x0d;
export const EOT = 0x04;
export const ENQ = 0x05;
export const DLE = 0x10;
export const DC4 = 0x14;
export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;

const ascii = (char: string): number => char.charCodeAt(0);

/** FS &: from here on, bytes 0x81-0xFE start a GB18030 character. */
export const CHINESE_MODE_ON = Uint8Array.of(FS, ascii('&'));
/** FS .: back to single-byte characters from the code table. */
export const CHINESE_MODE_OFF = Uint8Array.of(FS, ascii('.'));

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

export const QR_ERROR_LEVELS: readonly QrErrorLevel[] = ['L', 'M', 'Q', 'H'];

/** GS ( k function 169 parameter: 48..51 for L, M, Q, H. */
export const QR_ERROR_LEVEL_CODE: Readonly<Record<QrErrorLevel, number>> = { L: 48, M: 49, Q: 50, H: 51 };

/** Bytes a version-40 symbol holds in byte mode; the printer cannot print more. */
export const QR_CAPACITY_BYTES: Readonly<Record<QrErrorLevel, number>> = { L: 2953, M: 2331, Q: 1663, H: 1273 };

/** cn of GS ( k for QR Code. */
export const QR_SYMBOL = 49;

/** fn of GS ( k for QR Code. */
export const QR_FUNCTION = {
  selectModel: 65,
  moduleSize: 67,
  errorLevel: 69,
  store: 80,
  print: 81,
  sizeInformation: 82,
} as const;

export const QR_MODULE_SIZE_RANGE = { min: 1, max: 16 } as const;

/** GS ( k pL pH cn fn [parameters]; pL pH count cn, fn and the parameters. */
function qrFunction(fn: number, parameters: readonly number[] | Uint8Array): Uint8Array {
  const length = parameters.length + 2;
  const command = new Uint8Array(5 + length);
  command.set([GS, ascii('('), ascii('k'), length & 0xff, length >> 8, QR_SYMBOL, fn]);
  command.set(parameters, 7);
  return command;
}

export interface QrCodeOptions {
  /** Dots per module, 1..16. */
  readonly moduleSize: number;
  readonly errorLevel: QrErrorLevel;
}

/** Select model 2, set module size and error correction, store the data, print the symbol. */
export function qrCodeCommands(data: Uint8Array, options: QrCodeOptions): Uint8Array {
  const STORE_AND_PRINT_M = 48;
  const MODEL_2 = 50;
  const parts = [
    qrFunction(QR_FUNCTION.selectModel, [MODEL_2, 0]),
    qrFunction(QR_FUNCTION.moduleSize, [options.moduleSize]),
    qrFunction(QR_FUNCTION.errorLevel, [QR_ERROR_LEVEL_CODE[options.errorLevel]]),
    qrFunction(QR_FUNCTION.store, Uint8Array.from([STORE_AND_PRINT_M, ...data])),
    qrFunction(QR_FUNCTION.print, [STORE_AND_PRINT_M]),
  ];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ---- completion receipts and resynchronisation (Epson ESC/POS; Citizen and others alike) ----

/** First byte of every "header to NUL" block a printer sends (never a DLE EOT reply: those have bit 0 clear). */
export const RESPONSE_HEADER = 0x37;
/** Second byte of the answer to GS ( H fn 48: 37 22 d1 d2 d3 d4 00. */
export const PROCESS_ID_RESPONSE = 0x22;
/** Second byte of the answer to DLE DC4 fn 8: 37 25 00. */
export const CLEAR_RESPONSE = 0x25;
export const PROCESS_ID_LENGTH = 4;

/** A process ID is four bytes 0x20..0x7E. */
export function isProcessId(id: Uint8Array): boolean {
  return id.length === PROCESS_ID_LENGTH && id.every((byte) => byte >= 0x20 && byte <= 0x7e);
}

/**
 * GS ( H fn 48: "tell me the process ID once everything before this is processed";
 * for printed data, once it is printed. Untransmitted answers are kept (the newest one)
 * until the host can receive again.
 */
export function processIdRequest(id: Uint8Array): Uint8Array {
  if (!isProcessId(id)) throw new RangeError('a process ID is four bytes 0x20..0x7E');
  return Uint8Array.of(GS, ascii('('), ascii('H'), 6, 0, 48, 48, ...id);
}

/**
 * DLE DC4 fn 8, a real-time command: clears the receive and print buffers, so a command
 * cut off half-way (a pulled cable) no longer swallows what follows, and answers 37 25 00
 * after any answer it still held.
 */
export const CLEAR_BUFFERS = Uint8Array.of(DLE, DC4, 8, 1, 3, 20, 1, 6, 2, 8);

/** ESC @: back to the power-on modes, print buffer cleared. */
export const INITIALIZE = Uint8Array.of(ESC, ascii('@'));
