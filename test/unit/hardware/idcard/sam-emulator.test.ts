import { beforeEach, describe, expect, it } from 'vitest';
import { decodeCardText } from '../../../../hardware/idcard/card-text';
import { FIXTURE_CARDS } from '../../../../hardware/idcard/fixtures';
import { decodeReadPayload } from '../../../../hardware/idcard/read-response';
import { HANDLED_KEPT, SamEmulator } from '../../../../hardware/idcard/sam-emulator';
import { createResponseDecoder } from '../../../../hardware/idcard/sam-frame';
import { simulatedWlt } from '../../../../hardware/idcard/simulated-wlt';

const bytes = (hex: string) => Uint8Array.from(hex.trim().split(/\s+/u).map((b) => parseInt(b, 16)));
const hexOf = (data: Uint8Array) => [...data].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

const FIND = bytes('AA AA AA 96 69 00 03 20 01 22');
const SELECT = bytes('AA AA AA 96 69 00 03 20 02 21');
const READ = bytes('AA AA AA 96 69 00 03 30 01 32');

const CARD_FOUND = 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97';
const NO_CARD = 'AA AA AA 96 69 00 04 00 00 80 84';
const SELECTED = 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C';
const SELECT_FAILED = 'AA AA AA 96 69 00 04 00 00 81 85';
const CHECKSUM_ERROR = 'AA AA AA 96 69 00 04 00 00 10 14';
const LENGTH_ERROR = 'AA AA AA 96 69 00 04 00 00 11 15';
const COMMAND_ERROR = 'AA AA AA 96 69 00 04 00 00 21 25';
const READ_FAILED = 'AA AA AA 96 69 00 04 00 00 41 45';

let emulator: SamEmulator;
let sent: Uint8Array[];

/** Sends a request and returns what came back since, as hex (one string per answer). */
function ask(request: Uint8Array): string[] {
  const before = sent.length;
  emulator.onData(request);
  return sent.slice(before).map(hexOf);
}

beforeEach(() => {
  emulator = new SamEmulator();
  sent = [];
  emulator.setSender((answer) => sent.push(answer));
});

describe('SamEmulator answers', () => {
  it('find card: 0x80 without a card, 0x9F with one', () => {
    expect(ask(FIND)).toEqual([NO_CARD]);
    emulator.insertCard(FIXTURE_CARDS.zhangWei);
    expect(ask(FIND)).toEqual([CARD_FOUND]);
  });

  it('select card: 0x90 with a card, 0x81 without', () => {
    expect(ask(SELECT)).toEqual([SELECT_FAILED]);
    emulator.insertCard(FIXTURE_CARDS.zhangWei);
    expect(ask(SELECT)).toEqual([SELECTED]);
  });

  it('read: a 1295-byte frame with the card text and the simulated photo token', () => {
    emulator.insertCard(FIXTURE_CARDS.liXiuying);
    ask(FIND);
    ask(SELECT);
    emulator.onData(READ);
    const answer = sent.at(-1) as Uint8Array;
    expect(answer).toHaveLength(1295);
    expect(hexOf(answer.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');

    const [decoded] = createResponseDecoder().push(answer);
    if (decoded?.type !== 'frame') throw new Error('read answer does not decode');
    const payload = decodeReadPayload(decoded.frame.data);
    if (!payload.ok) throw new Error(payload.problem);
    expect(decodeCardText(payload.payload.text)).toEqual({ ok: true, card: FIXTURE_CARDS.liXiuying.text });
    expect(payload.payload.wlt).toEqual(simulatedWlt(FIXTURE_CARDS.liXiuying.text.idNumber));
  });

  it('read: carries the WLT given with the card', () => {
    const wlt = new Uint8Array(1024).fill(0x5a);
    emulator.insertCard({ text: FIXTURE_CARDS.zhangWei.text, wlt });
    ask(SELECT);
    emulator.onData(READ);
    expect((sent.at(-1) as Uint8Array).subarray(270, 1294)).toEqual(wlt);
  });

  it('read: 0x41 without a selected card, and after the card is gone', () => {
    expect(ask(READ)).toEqual([READ_FAILED]);
    emulator.insertCard(FIXTURE_CARDS.zhangWei);
    expect(ask(READ)).toEqual([READ_FAILED]);
    ask(SELECT);
    emulator.removeCard();
    expect(ask(READ)).toEqual([READ_FAILED]);
    expect(ask(FIND)).toEqual([NO_CARD]);
  });

  it('answers a request with a bad checksum with 0x10 and an impossible length with 0x11', () => {
    expect(ask(bytes('AA AA AA 96 69 00 03 20 01 23'))).toEqual([CHECKSUM_ERROR]);
    expect(ask(bytes('AA AA AA 96 69 00 01 00'))).toEqual([LENGTH_ERROR]);
  });

  it('answers an unknown command with 0x21', () => {
    expect(ask(bytes('AA AA AA 96 69 00 03 12 FF EE'))).toEqual([COMMAND_ERROR]);
  });

  it('assembles requests from single bytes and answers each request in a burst', () => {
    emulator.insertCard(FIXTURE_CARDS.zhangWei);
    for (const byte of FIND) emulator.onData(Uint8Array.of(byte));
    expect(sent.map(hexOf)).toEqual([CARD_FOUND]);
    expect(ask(Uint8Array.from([0x00, 0x13, ...FIND, ...SELECT]))).toEqual([CARD_FOUND, SELECTED]);
  });
});

describe('SamEmulator faults', () => {
  beforeEach(() => emulator.insertCard(FIXTURE_CARDS.zhangWei));

  it('bad checksum: only the next answer has its checksum spoilt', () => {
    emulator.injectFault({ kind: 'bad-checksum' });
    expect(ask(FIND)).toEqual(['AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 68']);
    expect(ask(FIND)).toEqual([CARD_FOUND]);
  });

  it.each([
    ['0x10', 0x10, CHECKSUM_ERROR],
    ['0x11', 0x11, LENGTH_ERROR],
    ['0x21', 0x21, COMMAND_ERROR],
    ['0x41', 0x41, READ_FAILED],
    ['0x81', 0x81, SELECT_FAILED],
  ])('SAM error %s replaces the next answer', (_, sw3, answer) => {
    emulator.injectFault({ kind: 'status', sw3 });
    expect(ask(FIND)).toEqual([answer]);
    expect(ask(FIND)).toEqual([CARD_FOUND]);
  });

  it('silence: the next request gets no answer at all', () => {
    emulator.injectFault({ kind: 'silence' });
    expect(ask(FIND)).toEqual([]);
    expect(ask(FIND)).toEqual([CARD_FOUND]);
  });

  it('faults can target one command and last several answers or for ever', () => {
    emulator.injectFault({ kind: 'status', sw3: 0x41 }, { command: 'readCard', times: 2 });
    emulator.injectFault({ kind: 'silence' }, { command: 'selectCard', times: Infinity });
    expect(ask(FIND)).toEqual([CARD_FOUND]);
    expect(ask(SELECT)).toEqual([]);
    expect(ask(SELECT)).toEqual([]);
    expect(ask(READ)).toEqual([READ_FAILED]);
    expect(ask(READ)).toEqual([READ_FAILED]);
    emulator.clearFaults();
    expect(ask(SELECT)).toEqual([SELECTED]);
  });

  it('delay: the answer comes after the given time', async () => {
    emulator.injectFault({ kind: 'delay', ms: 30 });
    expect(ask(FIND)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sent.map(hexOf)).toEqual([CARD_FOUND]);
  });

  it('lets a test act between a request and its answer, e.g. take the card away mid-read', () => {
    ask(SELECT);
    emulator.onRequest((command) => {
      if (command === 'readCard') emulator.removeCard();
    });
    expect(ask(READ)).toEqual([READ_FAILED]);
    expect(emulator.handled.map((h) => [h.command, h.sw3])).toEqual([
      ['selectCard', 0x90],
      ['readCard', 0x41],
    ]);
  });

  it('keeps only the newest answers, so a simulator polled for days does not grow', () => {
    for (let i = 0; i < HANDLED_KEPT * 5; i += 1) ask(FIND);
    ask(SELECT);
    expect(emulator.handled).toHaveLength(HANDLED_KEPT);
    expect(emulator.handled.at(-1)).toEqual({ command: 'selectCard', sw3: 0x90 });
  });
});
