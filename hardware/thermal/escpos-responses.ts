/**
 * What an ESC/POS printer sends back, split into answers: single status bytes (the
 * replies to DLE EOT n) and "header to NUL" blocks (37 xx … 00): the process ID answer
 * to GS ( H fn 48 and the clear answer to DLE DC4 fn 8. A status byte never has bit 0
 * set, so a 0x37 always starts a block. Bytes may come in any chunks.
 */
import { CLEAR_RESPONSE, PROCESS_ID_LENGTH, PROCESS_ID_RESPONSE, RESPONSE_HEADER } from './escpos-commands';

export type PrinterAnswer =
  | { readonly kind: 'status-byte'; readonly byte: number }
  | { readonly kind: 'process-id'; readonly id: string }
  | { readonly kind: 'cleared' };

/** Blocks longer than this are noise, not an answer: the reader starts over. */
const MAX_BLOCK_BYTES = 80;

export class PrinterAnswerReader {
  private block: number[] | undefined;

  /** Forgets a block cut off half-way (the line went away in the middle of it). */
  reset(): void {
    this.block = undefined;
  }

  push(chunk: Uint8Array): PrinterAnswer[] {
    const answers: PrinterAnswer[] = [];
    for (const byte of chunk) {
      if (this.block === undefined) {
        if (byte === RESPONSE_HEADER) this.block = [];
        else answers.push({ kind: 'status-byte', byte });
        continue;
      }
      if (byte !== 0) {
        this.block.push(byte);
        if (this.block.length > MAX_BLOCK_BYTES) this.block = undefined;
        continue;
      }
      const answer = blockAnswer(this.block);
      this.block = undefined;
      if (answer) answers.push(answer);
    }
    return answers;
  }
}

/** A whole block (without header and NUL); blocks of other kinds (ASB, counters) are skipped. */
function blockAnswer(block: readonly number[]): PrinterAnswer | undefined {
  const [identifier, ...data] = block;
  if (identifier === CLEAR_RESPONSE && data.length === 0) return { kind: 'cleared' };
  if (identifier === PROCESS_ID_RESPONSE && data.length === PROCESS_ID_LENGTH) return { kind: 'process-id', id: String.fromCharCode(...data) };
  return undefined;
}
