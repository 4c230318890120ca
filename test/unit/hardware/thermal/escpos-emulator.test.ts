import { describe, expect, it } from 'vitest';
import { EscPosEmulator } from '../../../../hardware/thermal/escpos-emulator';
import { STATUS_REQUEST_NUMBERS, decodeStatusReplies, statusRequest } from '../../../../hardware/thermal/escpos-status';
import { blocksText } from '../../../../hardware/thermal/paper-model';
import { SAMPLE_LICENCE_LINES, sampleLicenceSlip } from '../../../../hardware/thermal/sample-slips';
import { encodeSlip } from '../../../../hardware/thermal/slip-escpos';

function rig() {
  const emulator = new EscPosEmulator();
  const answers: number[] = [];
  emulator.setSender((bytes) => answers.push(...bytes));
  /** Sends DLE EOT 1..4 and decodes what came back. */
  const askStatus = () => {
    answers.splice(0);
    for (const n of STATUS_REQUEST_NUMBERS) emulator.onData(statusRequest(n));
    return decodeStatusReplies(answers);
  };
  const line = (text: string) => Buffer.from(`${text}\n`);
  return { emulator, answers, askStatus, line };
}

describe('EscPosEmulator', () => {
  it('answers DLE EOT 1..4 with one byte each: a ready printer', () => {
    const { askStatus, answers } = rig();
    expect(askStatus()).toMatchObject({ ok: true, condition: { offline: false, paperEnd: false, coverOpen: false } });
    expect(answers).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  it('prints onto the roll and hands out one slip per cut', () => {
    const { emulator } = rig();
    const job = encodeSlip(sampleLicenceSlip());
    for (let at = 0; at < job.length; at += 5) emulator.onData(job.subarray(at, at + 5));
    emulator.onData(Buffer.from('half a slip\n'));
    expect(emulator.slips).toHaveLength(1);
    expect(blocksText(emulator.slips[0]?.blocks ?? [])).toEqual([...SAMPLE_LICENCE_LINES]);
    expect(blocksText(emulator.pending)).toEqual(['half a slip']);
    expect(emulator.errors).toEqual([]);
  });

  it('keeps what it could not decode', () => {
    const { emulator } = rig();
    emulator.onData(Uint8Array.of(0x1b, 0x01));
    expect(emulator.errors.map((e) => e.kind)).toEqual(['unknown-command']);
  });

  it('runs out of paper at once: says so and prints nothing more', () => {
    const { emulator, askStatus, line } = rig();
    emulator.runOutOfPaper();
    emulator.onData(line('gone'));
    emulator.onData(Uint8Array.of(0x1d, 0x56, 0));
    expect(emulator.slips).toEqual([]);
    expect(emulator.pending).toEqual([]);
    expect(emulator.lost).toBe(2);
    expect(askStatus()).toMatchObject({
      ok: true,
      condition: { offline: true, paperEndStop: true, paperEnd: true, paperNearEnd: true, coverOpen: false },
    });
  });

  it('runs out of paper after some more lines, in the middle of a job', () => {
    const { emulator, askStatus, line } = rig();
    emulator.runOutOfPaper({ afterLines: 2 });
    expect(askStatus()).toMatchObject({ condition: { paperEnd: false } });
    for (const text of ['one', 'two', 'three']) emulator.onData(line(text));
    emulator.onData(Uint8Array.of(0x1d, 0x56, 0));
    expect(blocksText(emulator.pending)).toEqual(['one', 'two']);
    expect(emulator.slips).toEqual([]);
    expect(askStatus()).toMatchObject({ condition: { paperEnd: true, offline: true } });

    const stub = emulator.loadPaper();
    expect(blocksText(stub)).toEqual(['one', 'two']);
    expect(emulator.pending).toEqual([]);
    expect(askStatus()).toMatchObject({ condition: { paperEnd: false, offline: false } });
    emulator.onData(line('four'));
    emulator.onData(Uint8Array.of(0x1d, 0x56, 0));
    expect(emulator.slips.map((slip) => blocksText(slip.blocks))).toEqual([['four']]);
  });

  it('reports paper near end and still prints', () => {
    const { emulator, askStatus, answers, line } = rig();
    emulator.setPaperNearEnd(true);
    expect(askStatus()).toMatchObject({ condition: { paperNearEnd: true, paperEnd: false, offline: false } });
    expect(answers[3]).toBe(0x12 | 0x0c);
    emulator.onData(line('still printing'));
    expect(blocksText(emulator.pending)).toEqual(['still printing']);
  });

  it('with the cover open: offline, cover-open bit, nothing printed until it closes', () => {
    const { emulator, askStatus, answers, line } = rig();
    emulator.openCover();
    expect(askStatus()).toMatchObject({ condition: { offline: true, coverOpen: true, paperEnd: false } });
    expect(answers.slice(0, 2)).toEqual([0x12 | 0x08, 0x12 | 0x04]);
    emulator.onData(line('not printed'));
    expect(emulator.pending).toEqual([]);
    emulator.closeCover();
    expect(askStatus()).toMatchObject({ condition: { offline: false, coverOpen: false } });
    emulator.onData(line('printed'));
    expect(blocksText(emulator.pending)).toEqual(['printed']);
  });

  it('jams the cutter on the next cut: no slip, cutter error until cleared', () => {
    const { emulator, askStatus, line } = rig();
    emulator.jamCutter();
    emulator.onData(line('stuck'));
    emulator.onData(Uint8Array.of(0x1d, 0x56, 0));
    expect(emulator.slips).toEqual([]);
    expect(askStatus()).toMatchObject({ condition: { cutterError: true, errorOccurred: true, offline: true } });
    emulator.clearCutter();
    emulator.onData(Uint8Array.of(0x1d, 0x56, 0));
    expect(emulator.slips.map((slip) => blocksText(slip.blocks))).toEqual([['stuck']]);
  });

  it('unplugged: hears nothing, answers nothing; plugged in again it does', () => {
    const { emulator, answers, line } = rig();
    emulator.unplug();
    emulator.onData(statusRequest(1));
    emulator.onData(line('lost'));
    expect(answers).toEqual([]);
    expect(emulator.pending).toEqual([]);
    emulator.replug();
    emulator.onData(statusRequest(1));
    expect(answers).toEqual([0x12]);
  });
});
