/**
 * Every parser that reads outside input, as a fuzz target: one trial builds a hostile
 * input from the generator, feeds it in and says whether it was accepted or rejected.
 * A parser may only reject by its own means (a result with a reason, or its own error
 * class with a message); anything else it throws, or a reason it cannot put into
 * words for the applicant in both languages, is a crash and fails the trial.
 * Shared by test/unit/fuzz/parsers.test.ts (fast, fixed seed) and `npm run reliability`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScopeCatalogue, shippedFile } from '../../../core/approval/approval-data';
import { DataFileError, parseDataFile, readJsonFile } from '../../../core/approval/data-file';
import { findAppRoot, shippedStreetListPath } from '../../../core/address/address-paths';
import { loadStreetDirectory } from '../../../core/address/street-list';
import { ConfigError, readConfigFile, validateConfig } from '../../../core/config/load';
import { decodeCardText } from '../../../hardware/idcard/card-text';
import { decodeReadPayload } from '../../../hardware/idcard/read-response';
import { createResponseDecoder, createRequestDecoder, encodeResponse, SAM_PREAMBLE } from '../../../hardware/idcard/sam-frame';
import { DELIMITER_TAG, decodeIppMessage, encodeIppMessage, ipp, IppDecodeError, type IppMessage } from '../../../hardware/laser/ipp-message';
import { decodeEscPos } from '../../../hardware/thermal/escpos-decoder';
import { decodeStatusReplies } from '../../../hardware/thermal/escpos-status';
import { RuleSetSchema } from '../../../rules/approval/rule-set';
import { describeCreditCodeProblem, validateCreditCode } from '../../../rules/credit-code';
import { describeHouseCodeProblem, parseHouseCode } from '../../../rules/house-code';
import { describeIdProblem, parseValidity, validateIdNumber } from '../../../rules/id-number';
import type { Language } from '../../../rules/language';
import type { Json, SeededRandom } from './seeded-random';

export type Verdict = 'accepted' | 'rejected';

export interface FuzzTarget {
  name: string;
  /** One trial; throws FuzzCrash (or anything else) when the target misbehaved. */
  trial(random: SeededRandom): Verdict | Promise<Verdict>;
}

export class FuzzCrash extends Error {
  constructor(target: string, message: string, readonly input: unknown) {
    super(`${target}: ${message}`);
    this.name = 'FuzzCrash';
  }
}

const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/** Rejection must come with words for the applicant, in each language. */
function explained(target: string, describe: (lang: Language) => string, input: unknown): Verdict {
  for (const lang of LANGUAGES) {
    const text = describe(lang);
    if (typeof text !== 'string' || text.trim() === '') throw new FuzzCrash(target, `no ${lang} message for a rejection`, input);
  }
  return 'rejected';
}

/** Runs a parser that rejects by throwing: only `expected` may come out. */
function throwsOnly(target: string, expected: new (...args: never[]) => Error, input: unknown, parse: () => unknown): Verdict {
  try {
    parse();
    return 'accepted';
  } catch (error) {
    if (error instanceof expected && error.message.trim() !== '') return 'rejected';
    throw new FuzzCrash(target, `threw ${(error as Error)?.name}: ${(error as Error)?.message}`, input);
  }
}

const SAMPLE_ID = '34052419800101001X';
const SAMPLE_HOUSE_CODE = '4403070030030400042000003';
const SAMPLE_CREDIT_CODES = ['914403001922038216', '92440300MA5EQ7GQ4X', '92440300L4937628X5'];

function idLike(random: SeededRandom): string {
  return random.chance(0.5) ? random.mutateText(SAMPLE_ID) : random.digitsLike(random.pick([17, 18, 19, 15]));
}

const ippSample: IppMessage = {
  version: [2, 0],
  code: 0x0002,
  requestId: 42,
  groups: [
    {
      tag: DELIMITER_TAG.operation,
      attributes: [
        { name: 'attributes-charset', values: [ipp.charset('utf-8')] },
        { name: 'attributes-natural-language', values: [ipp.naturalLanguage('zh-cn')] },
        { name: 'printer-uri', values: [ipp.uri('ipp://127.0.0.1:631/printers/kiosk')] },
        { name: 'job-name', values: [ipp.name('营业执照 92440300MA5EQ7GQ4X')] },
        { name: 'copies', values: [ipp.integer(1)] },
        { name: 'printer-state-reasons', values: [ipp.keyword('media-empty-error'), ipp.keyword('none')] },
      ],
    },
  ],
  data: Uint8Array.from([0x25, 0x50, 0x44, 0x46]),
};
const ippSampleBytes = encodeIppMessage(ippSample);

function mutateBytes(random: SeededRandom, bytes: Uint8Array): Uint8Array {
  const out = Array.from(bytes);
  for (let edits = random.int(1, 4); edits > 0; edits--) {
    const at = random.int(0, out.length);
    const op = random.int(0, 3);
    if (op === 0) out.splice(at, 1);
    else if (op === 1) out.splice(at, 0, random.int(0, 255));
    else if (op === 2) out[at] = random.pick([0, 0xff, 0x7f, 0x80, random.int(0, 255)]);
    else out.splice(at); // truncated in transit
  }
  return Uint8Array.from(out);
}

/** Splits bytes into the random chunks a serial port delivers. */
function chunks(random: SeededRandom, bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = random.int(1, Math.max(1, Math.min(64, bytes.length - at)));
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

/** The parsers, built once per process (the street list and rule sets are read from the app's files). */
export function parserTargets(): FuzzTarget[] {
  const appRoot = findAppRoot();
  const streets = loadStreetDirectory(shippedStreetListPath(appRoot));
  const ruleSets = (['registration', 'deregistration'] as const).map((service) => readJsonFile(shippedFile(service)) as Json);
  const scratch = mkdtempSync(join(tmpdir(), 'fuzz-config-'));
  process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
  loadScopeCatalogue(); // warm: the catalogue is validated and indexed once per process

  return [
    {
      name: 'rules/id-number validateIdNumber',
      trial(random) {
        const input = idLike(random);
        const result = validateIdNumber(input, '2026-06-01');
        return result.ok ? 'accepted' : explained(this.name, (lang) => describeIdProblem(result.reason, lang), input);
      },
    },
    {
      name: 'rules/id-number parseValidity',
      trial(random) {
        const from = random.chance(0.5) ? random.digitsLike(8) : random.text(10);
        const to = random.chance(0.3) ? '长期' : random.digitsLike(8);
        return parseValidity(from, to).ok ? 'accepted' : 'rejected';
      },
    },
    {
      name: 'rules/house-code parseHouseCode',
      trial(random) {
        const input = random.chance(0.5) ? random.mutateText(SAMPLE_HOUSE_CODE) : random.digitsLike(random.pick([19, 25, 26, 24]));
        const result = parseHouseCode(input, streets);
        return result.ok ? 'accepted' : explained(this.name, (lang) => describeHouseCodeProblem(result.reason, lang), input);
      },
    },
    {
      name: 'rules/credit-code validateCreditCode',
      trial(random) {
        const input = random.chance(0.6) ? random.mutateText(random.pick(SAMPLE_CREDIT_CODES)) : random.text(20);
        const result = validateCreditCode(input);
        return result.ok ? 'accepted' : explained(this.name, (lang) => describeCreditCodeProblem(result.reason, lang), input);
      },
    },
    {
      name: 'hardware/idcard SAM frame decoder',
      trial(random) {
        // Valid answers in random chunks with noise between them: every valid frame must come out whole.
        const frames = Array.from({ length: random.int(1, 3) }, () => ({ sw1: 0, sw2: 0, sw3: random.pick([0x90, 0x9f, 0x80, 0x41]), data: random.bytes(300) }));
        const stream: number[] = [];
        for (const frame of frames) stream.push(...(random.chance(0.3) ? random.bytes(20) : []), ...encodeResponse(frame));
        const mutated = random.chance(0.5);
        const noisy = mutated ? mutateBytes(random, Uint8Array.from(stream)) : Uint8Array.from(stream);
        const asResponses = mutated || random.chance(0.5);
        // Either direction: the reader's answers, or requests as the emulator reads them.
        const decoder: { push(chunk: Uint8Array): ReadonlyArray<{ type: 'frame' | 'error' }>; partialFrameBytes(): number } =
          asResponses ? createResponseDecoder() : createRequestDecoder();
        const decoded = chunks(random, noisy).flatMap((chunk) => decoder.push(chunk));
        if (!mutated) {
          const got = decoded.filter((d) => d.type === 'frame');
          if (got.length !== frames.length) throw new FuzzCrash(this.name, `${frames.length} valid frames in, ${got.length} out`, noisy);
        }
        if (decoder.partialFrameBytes() > 0x1000 + SAM_PREAMBLE.length + 2) throw new FuzzCrash(this.name, 'buffers beyond one maximal frame', noisy);
        return decoded.some((d) => d.type === 'error') ? 'rejected' : 'accepted';
      },
    },
    {
      name: 'hardware/idcard read answer and card text',
      trial(random) {
        const data = random.chance(0.5) ? random.bytes(1400) : mutateBytes(random, Uint8Array.from({ length: 1284 }, (_, i) => (i === 0 ? 1 : i === 2 ? 4 : i % 251)));
        const payload = decodeReadPayload(data);
        const text = decodeCardText(payload.ok ? payload.payload.text : random.bytes(256));
        return payload.ok && text.ok ? 'accepted' : 'rejected';
      },
    },
    {
      name: 'hardware/thermal ESC/POS stream and DLE EOT status',
      trial(random) {
        const bytes = random.chance(0.5) ? random.bytes(600) : mutateBytes(random, Uint8Array.from([0x1b, 0x40, 0x1c, 0x26, 0xc4, 0xe3, 0x0a, 0x1d, 0x56, 0x00, 0x10, 0x04, 0x01]));
        const decoded = decodeEscPos(bytes, { maxImageBytes: 64 * 1024 });
        const status = decodeStatusReplies(Array.from(random.bytes(5)));
        return decoded.errors.length === 0 && status.ok ? 'accepted' : 'rejected';
      },
    },
    {
      name: 'hardware/laser IPP message decoder',
      trial(random) {
        const bytes = random.chance(0.8) ? mutateBytes(random, ippSampleBytes) : random.bytes(200);
        return throwsOnly(this.name, IppDecodeError, bytes, () => decodeIppMessage(bytes));
      },
    },
    {
      name: 'core/config loader (validateConfig, readConfigFile)',
      trial(random) {
        const base: Json = { kioskId: 'LG-PH-01', ui: { defaultLanguage: 'zh-CN', inactivityTimeoutSeconds: 90 }, devices: { thermal: { driver: 'escpos-serial', path: '/dev/ttyUSB0' } }, printing: { licence: 'laser' } };
        const raw = random.chance(0.8) ? random.mutateJson(base) : random.json(3);
        if (random.chance(0.2)) {
          const file = join(scratch, 'kiosk.json');
          writeFileSync(file, random.chance(0.5) ? random.bytes(100) : JSON.stringify(raw).slice(0, random.int(0, 80)));
          return throwsOnly(this.name, ConfigError, file, () => validateConfig(readConfigFile(file), file));
        }
        return throwsOnly(this.name, ConfigError, raw, () => validateConfig(raw, 'fuzz'));
      },
    },
    {
      name: 'core/approval rule-set file',
      trial(random) {
        const raw = random.mutateJson(random.pick(ruleSets), random.int(1, 4));
        return throwsOnly(this.name, DataFileError, raw, () => parseDataFile(RuleSetSchema, raw, 'fuzz-rules.json'));
      },
    },
  ];
}
