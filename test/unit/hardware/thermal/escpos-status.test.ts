import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  READY_CONDITION, STATUS_REQUEST_NUMBERS, blockingReasons, decodeStatusReplies, decodeStatusReply, encodeStatusReply,
  isStatusReplyByte, statusRequest, summarizeCondition, type PrinterCondition, type StatusRequestNumber,
} from '../../../../hardware/thermal/escpos-status';

/** Fixed bits 1 and 4 set, bits 0 and 7 clear: the reply of a printer with nothing to report. */
const QUIET = 0x12;
const bit = (n: number) => 1 << n;

describe('DLE EOT requests', () => {
  it('are DLE EOT n for n = 1..4', () => {
    expect(STATUS_REQUEST_NUMBERS.map((n) => [...statusRequest(n)])).toEqual([
      [0x10, 0x04, 1],
      [0x10, 0x04, 2],
      [0x10, 0x04, 3],
      [0x10, 0x04, 4],
    ]);
  });
});

describe('status reply bytes', () => {
  it('accept only bytes with bits 1 and 4 set and bits 0 and 7 clear', () => {
    expect(isStatusReplyByte(QUIET)).toBe(true);
    expect(isStatusReplyByte(QUIET | bit(2) | bit(3) | bit(5) | bit(6))).toBe(true);
    for (const wrong of [0x00, QUIET | bit(0), QUIET | bit(7), QUIET & ~bit(1), QUIET & ~bit(4), 0xff]) {
      expect(isStatusReplyByte(wrong)).toBe(false);
    }
    const decoded = decodeStatusReply(1, 0x13);
    expect(decoded).toEqual({ ok: false, problem: 'reply 0x13 to DLE EOT 1 has wrong fixed bits' });
  });

  it('n=1: bit 3 is offline, the other free bits mean nothing here', () => {
    expect(decodeStatusReply(1, QUIET)).toEqual({ ok: true, flags: { offline: false } });
    expect(decodeStatusReply(1, QUIET | bit(3))).toEqual({ ok: true, flags: { offline: true } });
    expect(decodeStatusReply(1, QUIET | bit(2) | bit(5) | bit(6))).toEqual({ ok: true, flags: { offline: false } });
  });

  it('n=2: bit 2 cover open, bit 3 feed button, bit 5 paper-end stop, bit 6 error', () => {
    const flags = (byte: number) => (decodeStatusReply(2, byte) as { flags: Partial<PrinterCondition> }).flags;
    const none = { coverOpen: false, feedButton: false, paperEndStop: false, errorOccurred: false };
    expect(flags(QUIET)).toEqual(none);
    expect(flags(QUIET | bit(2))).toEqual({ ...none, coverOpen: true });
    expect(flags(QUIET | bit(3))).toEqual({ ...none, feedButton: true });
    expect(flags(QUIET | bit(5))).toEqual({ ...none, paperEndStop: true });
    expect(flags(QUIET | bit(6))).toEqual({ ...none, errorOccurred: true });
  });

  it('n=3: bit 3 autocutter error, bit 5 unrecoverable, bit 6 auto-recoverable', () => {
    const flags = (byte: number) => (decodeStatusReply(3, byte) as { flags: Partial<PrinterCondition> }).flags;
    const none = { cutterError: false, unrecoverableError: false, autoRecoverableError: false };
    expect(flags(QUIET)).toEqual(none);
    expect(flags(QUIET | bit(3))).toEqual({ ...none, cutterError: true });
    expect(flags(QUIET | bit(5))).toEqual({ ...none, unrecoverableError: true });
    expect(flags(QUIET | bit(6))).toEqual({ ...none, autoRecoverableError: true });
    // Bit 2 (mechanical error on some models) is not part of the model.
    expect(flags(QUIET | bit(2))).toEqual(none);
  });

  it('n=4: bits 2-3 paper near end, bits 5-6 paper end (either bit of the pair counts)', () => {
    const flags = (byte: number) => (decodeStatusReply(4, byte) as { flags: Partial<PrinterCondition> }).flags;
    expect(flags(QUIET)).toEqual({ paperNearEnd: false, paperEnd: false });
    expect(flags(QUIET | bit(2) | bit(3))).toEqual({ paperNearEnd: true, paperEnd: false });
    expect(flags(QUIET | bit(2))).toEqual({ paperNearEnd: true, paperEnd: false });
    expect(flags(QUIET | bit(3))).toEqual({ paperNearEnd: true, paperEnd: false });
    expect(flags(QUIET | bit(5) | bit(6))).toEqual({ paperNearEnd: false, paperEnd: true });
    expect(flags(QUIET | bit(5))).toEqual({ paperNearEnd: false, paperEnd: true });
    expect(flags(QUIET | bit(6))).toEqual({ paperNearEnd: false, paperEnd: true });
  });

  it('combines the four replies into one condition', () => {
    expect(decodeStatusReplies([QUIET, QUIET, QUIET, QUIET])).toEqual({ ok: true, condition: READY_CONDITION });
    expect(decodeStatusReplies([QUIET | bit(3), QUIET | bit(5), QUIET, QUIET | 0x6c])).toEqual({
      ok: true,
      condition: { ...READY_CONDITION, offline: true, paperEndStop: true, paperNearEnd: true, paperEnd: true },
    });
    expect(decodeStatusReplies([QUIET, QUIET, QUIET])).toMatchObject({ ok: false });
    expect(decodeStatusReplies([QUIET, QUIET, 0x80, QUIET])).toEqual({
      ok: false,
      problem: 'reply 0x80 to DLE EOT 3 has wrong fixed bits',
    });
  });

  it('encodes what it decodes, for every condition (the emulator answers with it)', () => {
    const condition = fc.record({
      offline: fc.boolean(), coverOpen: fc.boolean(), feedButton: fc.boolean(), paperEndStop: fc.boolean(),
      errorOccurred: fc.boolean(), cutterError: fc.boolean(), unrecoverableError: fc.boolean(),
      autoRecoverableError: fc.boolean(), paperNearEnd: fc.boolean(), paperEnd: fc.boolean(),
    });
    fc.assert(
      fc.property(condition, (c) => {
        const replies = STATUS_REQUEST_NUMBERS.map((n: StatusRequestNumber) => encodeStatusReply(n, c));
        expect(replies.every(isStatusReplyByte)).toBe(true);
        expect(decodeStatusReplies(replies)).toEqual({ ok: true, condition: c });
      }),
    );
  });
});

describe('the condition in the status model', () => {
  it('is ok with no reason when nothing is wrong', () => {
    expect(summarizeCondition(READY_CONDITION)).toEqual({ level: 'ok', reasons: [], message: 'printer ready' });
  });

  it('warns on paper near end without blocking jobs', () => {
    const nearEnd = { ...READY_CONDITION, paperNearEnd: true };
    expect(summarizeCondition(nearEnd)).toEqual({ level: 'warning', reasons: ['paper-near-end'], message: 'paper near end' });
    expect(blockingReasons(nearEnd)).toEqual([]);
  });

  it.each([
    [{ paperEnd: true, paperNearEnd: true, offline: true, paperEndStop: true }, ['paper-end']],
    [{ paperEndStop: true }, ['paper-end']],
    [{ coverOpen: true, offline: true }, ['cover-open']],
    [{ cutterError: true, errorOccurred: true, offline: true }, ['cutter-error']],
    [{ offline: true }, ['offline']],
    [{ feedButton: true, offline: true }, ['offline']],
    [{ unrecoverableError: true }, ['offline']],
    [{ autoRecoverableError: true }, ['offline']],
    [{ coverOpen: true, paperEnd: true, offline: true }, ['cover-open', 'paper-end']],
  ] as [Partial<PrinterCondition>, string[]][])('%o is an error: %o', (flags, reasons) => {
    const summary = summarizeCondition({ ...READY_CONDITION, ...flags });
    expect(summary.level).toBe('error');
    expect(summary.reasons).toEqual(reasons);
    expect(blockingReasons({ ...READY_CONDITION, ...flags })).toEqual(reasons);
  });

  it('says the reasons in plain words', () => {
    expect(summarizeCondition({ ...READY_CONDITION, coverOpen: true, paperEnd: true }).message).toBe('cover open, out of paper');
  });
});
