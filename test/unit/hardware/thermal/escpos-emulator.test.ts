import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CLEAR_BUFFERS, processIdRequest } from '../../../../hardware/thermal/escpos-commands';
import { EscPosEmulator } from '../../../../hardware/thermal/escpos-emulator';
import { STATUS_REQUEST_NUMBERS, decodeStatusReplies, statusRequest } from '../../../../hardware/thermal/escpos-status';
import { blocksText } from '../../../../hardware/thermal/paper-model';
import { SAMPLE_LICENCE_LINES, sampleLicenceSlip } from '../../../../hardware/thermal/sample-slips';
import { encodeSlip } from '../../../../hardware/thermal/slip-escpos';

function rig(options: ConstructorParameters<typeof EscPosEmulator>[0] = {}) {
  const emulator = new EscPosEmulator(options);
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

  it('answers DLE EOT at once, also in the middle of a command still waiting for its data', () => {
    const { emulator, answers } = rig();
    // GS v 0: a raster image of 2 x 10 bytes, of which only the header has come.
    emulator.onData(Uint8Array.of(0x1d, 0x76, 0x30, 0, 2, 0, 10, 0));
    emulator.onData(statusRequest(1));
    expect(answers).toEqual([0x12]);
    emulator.onData(Uint8Array.of(0x10));
    emulator.onData(Uint8Array.of(0x04, 0x02));
    expect(answers).toEqual([0x12, 0x12]);
  });

  it('answers GS ( H with its process ID once what came before is printed, not before', async () => {
    const { emulator, answers, line } = rig();
    emulator.onData(Uint8Array.of(...line('printed'), ...processIdRequest(Buffer.from('0001')), 0x1d, 0x56, 0));
    expect(answers).toEqual([]);
    await nextTurn();
    expect(answers).toEqual([0x37, 0x22, ...Buffer.from('0001'), 0]);
    expect(emulator.slips).toHaveLength(1);
  });

  it('keeps a process ID answer it could not send while unplugged, the newest only, and sends it when the host talks again', async () => {
    const { emulator, answers, line } = rig();
    emulator.onData(Uint8Array.of(...line('one'), ...processIdRequest(Buffer.from('0001')), ...line('two'), ...processIdRequest(Buffer.from('0002'))));
    emulator.unplug();
    await nextTurn();
    expect(answers).toEqual([]);
    emulator.replug();
    emulator.onData(statusRequest(1));
    expect(answers).toEqual([0x37, 0x22, ...Buffer.from('0002'), 0, 0x12]);
  });

  it('clears a command cut off half-way on DLE DC4 fn 8, answering 37 25 00 after a kept process ID', async () => {
    const { emulator, answers, line } = rig();
    emulator.onData(Uint8Array.of(...line('whole'), ...processIdRequest(Buffer.from('0003'))));
    emulator.unplug();
    await nextTurn();
    emulator.replug();
    // Half a raster image: without the clear it would swallow the next slip as its data.
    emulator.onData(Uint8Array.of(0x1d, 0x76, 0x30, 0, 2, 0, 200, 0, 0xff));
    emulator.onData(CLEAR_BUFFERS);
    expect(answers).toEqual([0x37, 0x22, ...Buffer.from('0003'), 0, 0x37, 0x25, 0]);
    emulator.onData(Uint8Array.of(...line('next'), 0x1d, 0x56, 0));
    expect(emulator.slips.map((slip) => blocksText(slip.blocks))).toEqual([['whole', 'next']]);
  });

  it('as an older model ignores GS ( H and DLE DC4 fn 8', async () => {
    const { emulator, answers } = rig({ completionReceipts: false });
    emulator.onData(processIdRequest(Buffer.from('0004')));
    emulator.onData(CLEAR_BUFFERS);
    await nextTurn();
    expect(answers).toEqual([]);
  });

  it('keeps only the newest slips, counting them all', () => {
    const { emulator, line } = rig({ keepSlips: 2 });
    for (const text of ['a', 'b', 'c']) emulator.onData(Uint8Array.of(...line(text), 0x1d, 0x56, 0));
    expect(emulator.slips.map((slip) => blocksText(slip.blocks))).toEqual([['b'], ['c']]);
    expect(emulator.slipCount).toBe(3);
  });
});
