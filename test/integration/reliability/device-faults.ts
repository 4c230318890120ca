/**
 * Disconnect and reconnect of each device in the middle of what it is doing, on a real
 * core, with applicants walking the whole registration (registration-journey.ts):
 *
 * - receipt printer (licences printed as slips; the real ESC/POS driver on a socat
 *   pseudo-terminal): its cable pulled while the licence's slip is being sent, at a
 *   different byte each run, and right after the printer cut the slip;
 * - laser printer: the queue goes offline while the licence's job is printing, and
 *   comes back;
 * - ID card reader (the real driver on a socat pseudo-terminal, so the line can really
 *   go away): the card pulled while it is being read, the reader falling silent, the
 *   reader unplugged mid-read and plugged in again;
 * - camera (the renderer reports it): missing during the face step, then back.
 *
 * Each run says what the applicant saw and whether the outcome is right: the licence
 * printed exactly once, the card read after it is put back, the status following the
 * device. The licences of all runs are counted at the end (licence-tally.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionSnapshot } from '../../../core/contract';
import type { KioskCore } from '../../../core/kiosk-core';
import type { PrintJob } from '../../../core/printing/print-job-store';
import type { DeviceKind } from '../../../hardware/device';
import { FIXTURE_CARDS } from '../../../hardware/idcard/fixtures';
import { SamEmulator } from '../../../hardware/idcard/sam-emulator';
import { startEmulatorOnPty, type EmulatorOnPty } from '../../../hardware/serial/emulator-on-pty';
import type { SerialEmulator } from '../../../hardware/serial/serial-emulator';
import { EscPosEmulator } from '../../../hardware/thermal/escpos-emulator';
import { eventually, startTestCore } from '../../support/core';
import { commercialRooms } from './applicants';
import { tallyLicences, type LicenceTally } from './licence-tally';
import { FACE_JOURNEY_ENV, JOURNEY_CARD, RegistrationJourney, type FaceJourneyKit } from './registration-journey';

export interface FaultRun {
  device: DeviceKind;
  fault: string;
  /** Print runs: whether the printer went while the licence's job was printing (not before, not after). */
  midJob?: boolean;
  /** What happened, as the applicant and the technician would tell it. */
  note: string;
  ok: boolean;
}

export interface DeviceFaultReport {
  runs: FaultRun[];
  /** Runs that pulled a printer during a licence's print job. */
  printTrials: number;
  licences: LicenceTally;
}

export interface DeviceFaultOptions {
  kit: FaceJourneyKit;
  /** Print trials per printer; each pulls the printer at a later moment of the job. */
  printTrials?: number;
  onRun?: (run: FaultRun) => void;
}

const APPLICANT_ID = FIXTURE_CARDS[JOURNEY_CARD].text.idNumber;
/** How long a pulled printer stays out: past the print queue's idle recheck (1 s), so a job would show it was waiting. */
const OUTAGE_MS = 1500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Armed {
  /** Resolves with the job once `act` has run; rejects when no job started printing in time. */
  readonly acted: Promise<PrintJob>;
  /** Disarms a fault that is no longer wanted (the run failed before printing). */
  disarm(): void;
}

/**
 * Calls `act` once, when the next print job on `printer` starts printing. The licence is
 * queued with the decision, so this is armed before the applicant confirms.
 */
function whenPrinting(core: KioskCore, printer: 'thermal' | 'laser', act: (job: PrintJob) => Promise<void>, timeoutMs = 60_000): Armed {
  let disarm = () => undefined as void;
  const acted = new Promise<PrintJob>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${printer} job started printing within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = core.printQueue.onChange(({ changed }) => {
      if (changed.state !== 'printing' || changed.printer !== printer) return;
      stop();
      clearTimeout(timer);
      void act(changed).then(() => resolve(changed), reject);
    });
    disarm = () => {
      stop();
      clearTimeout(timer);
      resolve(undefined as never);
    };
  });
  return { acted, disarm };
}

/** Remembers whether the applicant's printing screen ever showed a job waiting, and why. */
function watchWaiting(core: KioskCore): { seen: () => string | undefined; stop: () => void } {
  let seen: string | undefined;
  const stop = core.session.onChange((s) => {
    if (s.state === 'printing' && s.printing.some((job) => job.state === 'waiting')) seen ??= s.problem?.message['zh-CN'] ?? '(no message)';
  });
  return { seen: () => seen, stop };
}

class Runs {
  readonly runs: FaultRun[] = [];
  constructor(private readonly onRun?: (run: FaultRun) => void) {}

  record(run: FaultRun): void {
    this.runs.push(run);
    this.onRun?.(run);
  }

  /** A run whose journey broke is a failed run with the reason, not the end of the scenario. */
  async attempt(device: DeviceKind, fault: string, body: () => Promise<Omit<FaultRun, 'device' | 'fault'>>, reset: () => Promise<void>): Promise<void> {
    try {
      this.record({ device, fault, ...(await body()) });
    } catch (error) {
      this.record({ device, fault, ok: false, note: (error as Error).message });
      await reset();
    }
  }
}

/** Applicants of one run: a room and a trade name each, numbered across both cores. */
class Applicants {
  private next = 0;
  private readonly rooms: string[];
  constructor(count: number) {
    this.rooms = commercialRooms(count);
  }

  take(): { n: number; room: string } {
    const n = this.next++;
    return { n, room: this.rooms[n] as string };
  }
}

/** A printer to pull during a licence's print job, and how to count what it printed. */
interface PrinterPull {
  readonly printer: 'thermal' | 'laser';
  /** e.g. "slip": what a printed copy is called in the notes. */
  readonly copy: string;
  /** Pulls by itself at a point of the job it watches, calling `pulled` then; without it, pull() is called after the wait. */
  arm?(pulled: () => void): void;
  pull(): void;
  putBack(): void | Promise<void>;
  printed(): number;
}

/**
 * One applicant to the decision; the printer is pulled `wait` into the licence's job,
 * stays out for OUTAGE_MS, and is put back. Right when the applicant is told their
 * licence is printed and exactly one copy came out.
 */
async function pullDuringPrint(core: KioskCore, journey: RegistrationJourney, slot: CardSlot, applicants: Applicants, told: string[], pull: PrinterPull, wait: () => Promise<void>): Promise<Omit<FaultRun, 'device' | 'fault'>> {
  const before = pull.printed();
  let atPull = 0;
  let jobAtPull: string | undefined;
  const armed = whenPrinting(core, pull.printer, async (job) => {
    const pulled = () => {
      atPull = pull.printed();
      jobAtPull = core.printQueue.job(job.id)?.state;
    };
    if (pull.arm) return pull.arm(pulled);
    await wait();
    pulled();
    pull.pull();
  });
  const waiting = watchWaiting(core);
  try {
    await toDecision(journey, slot, applicants, told);
    await journey.startPrinting();
    await armed.acted;
    await sleep(OUTAGE_MS);
    const duringOutage = core.session.snapshot();
    await pull.putBack();
    await journey.waitFor('printed once the printer was back', (s) => s.state === 'done', 30_000).catch((error: Error) => {
      const status = core.devices.port(pull.printer).status();
      throw new Error(`pulled with the job ${jobAtPull}; ${error.message}; printer status ${status.level} (${status.reasons.join(', ')}: ${status.message})`);
    });
    await journey.rate(5);
    // The next run starts on a printer that is back, not one still reconnecting.
    await eventually(() => core.devices.port(pull.printer).status(), (status) => status.level !== 'error', 10_000);
    const copies = pull.printed() - before;
    const when = atPull > before ? `after the ${pull.copy} came out` : `before the ${pull.copy} came out`;
    const shown = waiting.seen() ? `screen said "${waiting.seen()}"` : `screen showed ${duringOutage.state}, no wait`;
    return { ok: copies === 1, midJob: jobAtPull === 'printing', note: `pulled with the job ${jobAtPull}, ${when}; ${shown}; put back: ${copies} ${pull.copy}(s)` };
  } finally {
    armed.disarm();
    waiting.stop();
  }
}

/**
 * A receipt printer whose cable can be pulled at a chosen point of a slip: after some
 * bytes of it, or the moment it cuts the slip (before the driver has asked whether all
 * went well). It then hears and answers nothing, and its pty goes away.
 */
class PullableEscPos extends EscPosEmulator {
  private trigger: { afterBytes: number | 'cut'; slips: number; fire: () => void } | undefined;
  private bytesHeard = 0;

  /** From now on, counts bytes and fires once at the point given. */
  arm(afterBytes: number | 'cut', fire: () => void): void {
    this.trigger = { afterBytes, slips: this.slipCount, fire };
    this.bytesHeard = 0;
  }

  /** Bytes heard from arm() until it fired; what a whole slip takes, when armed at 'cut'. */
  heard(): number {
    return this.bytesHeard;
  }

  override onData(bytes: Uint8Array): void {
    const trigger = this.trigger;
    if (!trigger) return super.onData(bytes);
    // The line delivers a slip in a few big chunks: a pull at a byte takes the chunk's head only.
    const head = trigger.afterBytes === 'cut' ? bytes : bytes.subarray(0, Math.max(0, trigger.afterBytes - this.bytesHeard));
    super.onData(head);
    this.bytesHeard += head.length;
    const reached = trigger.afterBytes === 'cut' ? this.slipCount > trigger.slips : this.bytesHeard >= trigger.afterBytes;
    if (!reached) return;
    this.trigger = undefined;
    this.unplug();
    trigger.fire();
  }
}

/** The points of a slip the receipt printer's cable is pulled at, run by run: the cut first (it measures the slip). */
function thermalPullPoint(trial: number, trials: number, slipBytes: number): number | 'cut' {
  if (trial === 0) return 'cut';
  return Math.floor(((trial - 1) / Math.max(1, trials - 1)) * slipBytes);
}

/** Thermal printer on a pty: licences come out as slips; the cable is pulled at a later byte each run. */
async function thermalRuns(core: KioskCore, journey: RegistrationJourney, printer: PtyDevice<PullableEscPos>, trials: number, runs: Runs, applicants: Applicants, told: string[]): Promise<void> {
  const simulation = core.devices.simulation!;
  const slot: CardSlot = { insert: () => simulation.idcard.insert(JOURNEY_CARD), remove: () => simulation.idcard.remove() };
  let slipBytes = 0;
  for (let trial = 0; trial < trials; trial++) {
    const point = thermalPullPoint(trial, trials, slipBytes);
    let unplugged: Promise<void> = Promise.resolve();
    const pull: PrinterPull = {
      printer: 'thermal',
      copy: 'slip',
      arm: (pulled) =>
        printer.emulator.arm(point, () => {
          pulled();
          unplugged = printer.unplug();
        }),
      pull: () => undefined, // the emulator pulls its own cable at the armed point
      putBack: async () => {
        await unplugged;
        printer.emulator.replug();
        await printer.plugIn();
      },
      printed: () => printer.emulator.slipCount,
    };
    const where = point === 'cut' ? 'the moment the slip was cut' : `${point} bytes into the slip`;
    await runs.attempt('thermal', `cable pulled ${where}`, async () => {
      const run = await pullDuringPrint(core, journey, slot, applicants, told, pull, async () => undefined);
      if (point === 'cut') slipBytes = printer.emulator.heard();
      return run;
    }, () => resetSession(core));
  }
}

/** Laser printer: the queue goes offline a little later into the licence's job each run. */
async function laserRuns(core: KioskCore, journey: RegistrationJourney, slot: CardSlot, trials: number, runs: Runs, applicants: Applicants, told: string[]): Promise<void> {
  const simulation = core.devices.simulation!;
  const pull: PrinterPull = {
    printer: 'laser',
    copy: 'PDF',
    pull: () => simulation.laser.fault('offline'),
    putBack: () => simulation.laser.clear(),
    printed: () => simulation.laser.printedTitles().length,
  };
  for (let trial = 0; trial < trials; trial++) {
    const delayMs = trial * trial;
    await runs.attempt('laser', `offline ${delayMs} ms into the licence's job`, () => pullDuringPrint(core, journey, slot, applicants, told, pull, () => sleep(delayMs)), () => resetSession(core));
  }
}

/** Where the applicant puts the card: the in-process simulated reader, or the emulator on a pty. */
interface CardSlot {
  insert(): void;
  remove(): void;
}

/** Welcome to decision, card and face included; the licence is recorded as told. */
async function toDecision(journey: RegistrationJourney, slot: CardSlot, applicants: Applicants, told: string[]): Promise<void> {
  const { n, room } = applicants.take();
  await journey.toCardStep();
  slot.insert();
  await journey.showFace();
  slot.remove(); // the applicant takes the card back
  const { creditCode } = await journey.apply(n, room);
  told.push(creditCode);
}

async function resetSession(core: KioskCore): Promise<void> {
  core.devices.simulation?.idcard.remove();
  core.devices.simulation?.thermal.clear();
  core.devices.simulation?.laser.clear();
  core.session.send({ type: 'CANCEL' });
  await sleep(100);
}

/** A serial device on a pty at a fixed path, so it can be unplugged and plugged in again where the driver looks. */
class PtyDevice<E extends SerialEmulator> {
  private device: EmulatorOnPty<E> | undefined;
  /** `emulator` stays the same device across unplugging: its card, its paper, what it printed. */
  constructor(
    readonly hostLink: string,
    readonly emulator: E,
  ) {}

  async plugIn(): Promise<void> {
    this.device = await startEmulatorOnPty(this.emulator, { hostLink: this.hostLink });
  }

  unplug(): Promise<void> {
    const device = this.device;
    this.device = undefined;
    return device ? device.close() : Promise.resolve();
  }
}

/** Runs `act` the first time the reader is sent `command` (before it answers). */
function onCommand(reader: SamEmulator, command: 'selectCard' | 'readCard', act: () => void): void {
  const stop = reader.onRequest((name) => {
    if (name !== command) return;
    stop();
    act();
  });
}

async function readerRuns(core: KioskCore, journey: RegistrationJourney, reader: PtyDevice<SamEmulator>, runs: Runs, applicants: Applicants, told: string[]): Promise<void> {
  const card = FIXTURE_CARDS[JOURNEY_CARD];
  const readerStatus = () => core.devices.statuses().find((s) => s.kind === 'idcard')!;
  /** After the fault: the card back on a working reader reads, and the journey goes on to the licence. */
  const finish = async (retry: boolean): Promise<SessionSnapshot> => {
    reader.emulator.insertCard(card);
    if (retry) await journey.retryCard();
    await journey.showFace();
    reader.emulator.removeCard();
    const { n, room } = applicants.take();
    const { creditCode } = await journey.apply(n, room);
    told.push(creditCode);
    await journey.print();
    return journey.rate(5);
  };
  const reset = async () => {
    reader.emulator.clearFaults();
    reader.emulator.removeCard();
    await resetSession(core);
  };

  for (const command of ['selectCard', 'readCard'] as const) {
    await runs.attempt(
      'idcard',
      `card pulled at ${command}`,
      async () => {
        await journey.toCardStep();
        let pulled = false;
        onCommand(reader.emulator, command, () => {
          reader.emulator.removeCard();
          pulled = true;
        });
        reader.emulator.insertCard(card);
        await eventually(() => pulled, Boolean, 10_000);
        await sleep(1000); // the driver's retries and the next polls of an empty reader
        const after = core.session.snapshot();
        const stillAsking = after.state === 'idcard' && after.applicant === null;
        await finish(after.problem !== null);
        const said = after.problem ? `screen said "${after.problem.message['zh-CN']}"` : 'screen went on asking for the card';
        return { ok: stillAsking, note: `${said}; card put back: read, licence issued and printed` };
      },
      reset,
    );
  }

  await runs.attempt(
    'idcard',
    'reader falls silent mid-read',
    async () => {
      await journey.toCardStep();
      onCommand(reader.emulator, 'selectCard', () => reader.emulator.injectFault({ kind: 'silence' }, { times: Infinity }));
      reader.emulator.insertCard(card);
      const told = await journey.waitFor('reader timeout shown', (s) => s.problem !== null, 30_000);
      const status = readerStatus();
      reader.emulator.clearFaults();
      await eventually(readerStatus, (s) => s.level !== 'error', 10_000);
      await finish(true);
      return {
        ok: told.problem?.code === 'reader-unavailable' && status.level === 'error',
        note: `screen said "${told.problem?.message['zh-CN']}"; status ${status.level} (${status.reasons.join(', ')}); answering again: card read, licence printed`,
      };
    },
    reset,
  );

  await runs.attempt(
    'idcard',
    'reader unplugged mid-read',
    async () => {
      await journey.toCardStep();
      const emulator = reader.emulator;
      let closed: Promise<void> | undefined;
      onCommand(emulator, 'selectCard', () => (closed = reader.unplug()));
      emulator.insertCard(card);
      const told = await journey.waitFor('reader loss shown', (s) => s.problem !== null, 30_000);
      await closed;
      const status = await eventually(readerStatus, (s) => s.reasons.includes('disconnected'), 5000);
      await reader.plugIn(); // the same reader, card and all, back on the same path
      const back = await eventually(readerStatus, (s) => s.level !== 'error', 10_000);
      await finish(true);
      return {
        ok: told.problem?.code === 'reader-unavailable' && back.level === 'ok',
        note: `screen said "${told.problem?.message['zh-CN']}"; status ${status.level} (${status.reasons.join(', ')}); plugged back: ${back.level}, card read, licence printed`,
      };
    },
    reset,
  );
}

async function cameraRun(core: KioskCore, journey: RegistrationJourney, reader: PtyDevice<SamEmulator>, runs: Runs, applicants: Applicants, told: string[]): Promise<void> {
  const cameraStatus = () => core.devices.statuses().find((s) => s.kind === 'camera')!;
  await runs.attempt(
    'camera',
    'reported missing during the face step, then present',
    async () => {
      core.devices.reportCamera({ present: true });
      const before = cameraStatus();
      await journey.toCardStep();
      reader.emulator.insertCard(FIXTURE_CARDS[JOURNEY_CARD]);
      await journey.waitFor('face step', (s) => s.state === 'face');
      reader.emulator.removeCard();
      const missing = core.devices.reportCamera({ present: false, error: 'no-camera', detail: 'NotFoundError: Requested device not found' });
      const sessionMeanwhile = core.session.snapshot().state;
      const present = core.devices.reportCamera({ present: true });
      await journey.showFace();
      const { n, room } = applicants.take();
      told.push((await journey.apply(n, room)).creditCode);
      await journey.print();
      await journey.rate(5);
      return {
        ok: before.level === 'ok' && missing.level === 'error' && missing.reasons.includes('no-camera') && present.level === 'ok' && cameraStatus().level === 'ok',
        note: `status ${before.level} → ${missing.level} (${missing.reasons.join(', ')}) → ${present.level}; session stayed at ${sessionMeanwhile}, went on to the licence`,
      };
    },
    async () => {
      reader.emulator.removeCard();
      await resetSession(core);
    },
  );
}

function sum(a: LicenceTally, b: LicenceTally): LicenceTally {
  return Object.fromEntries(Object.keys(a).map((key) => [key, a[key as keyof LicenceTally] + b[key as keyof LicenceTally]])) as unknown as LicenceTally;
}

/** Runs `body` on a core started with `env`, disposing of the core whatever happens. */
async function withCore<T>(env: NodeJS.ProcessEnv, kit: FaceJourneyKit, body: (core: KioskCore) => Promise<T>): Promise<T> {
  const core = await startTestCore(env, { appRoot: kit.appRoot });
  try {
    return await body(core);
  } finally {
    await core.dispose();
  }
}

export async function runDeviceFaults({ kit, printTrials = 6, onRun }: DeviceFaultOptions): Promise<DeviceFaultReport> {
  const runs = new Runs(onRun);
  const applicants = new Applicants(2 * printTrials + 10);
  const base = { ...FACE_JOURNEY_ENV, KIOSK__LOG__LEVEL: 'silent', KIOSK__PRINTING__FALLBACK_TO_THERMAL: 'false', KIOSK__PRINTING__RETRY_DELAY_MS: '50' };
  const linkDir = mkdtempSync(join(tmpdir(), 'reliability-devices-'));
  const printer = new PtyDevice(join(linkDir, 'ttyTHERMAL'), new PullableEscPos());
  const reader = new PtyDevice(join(linkDir, 'ttyIDCARD'), new SamEmulator());
  try {
    // Licences as slips, so the receipt printer (on its pty) is the one printing them.
    await printer.plugIn();
    const slipEnv = { ...base, KIOSK__PRINTING__LICENCE: 'thermal', KIOSK__DEVICES__THERMAL__DRIVER: 'escpos-serial', KIOSK__DEVICES__THERMAL__PATH: printer.hostLink };
    const thermal = await withCore(slipEnv, kit, async (core) => {
      const told: string[] = [];
      await thermalRuns(core, new RegistrationJourney(core, kit), printer, printTrials, runs, applicants, told);
      return tallyLicences(core, told, [APPLICANT_ID], { slips: printer.emulator.slips });
    });

    // The ID reader on its pty, the camera reported by the renderer, licences on the laser printer.
    await reader.plugIn();
    const readerEnv = {
      ...base,
      KIOSK__DEVICES__IDCARD__DRIVER: 'sam-serial',
      KIOSK__DEVICES__IDCARD__PATH: reader.hostLink,
      KIOSK__DEVICES__IDCARD__WLT_DECODER: 'simulated',
      KIOSK__DEVICES__CAMERA__DRIVER: 'browser',
    };
    const laser = await withCore(readerEnv, kit, async (core) => {
      const journey = new RegistrationJourney(core, kit);
      const told: string[] = [];
      const slot: CardSlot = { insert: () => reader.emulator.insertCard(FIXTURE_CARDS[JOURNEY_CARD]), remove: () => reader.emulator.removeCard() };
      await laserRuns(core, journey, slot, printTrials, runs, applicants, told);
      await readerRuns(core, journey, reader, runs, applicants, told);
      await cameraRun(core, journey, reader, runs, applicants, told);
      return tallyLicences(core, told, [APPLICANT_ID]);
    });
    return { runs: runs.runs, printTrials: 2 * printTrials, licences: sum(thermal, laser) };
  } finally {
    await printer.unplug();
    await reader.unplug();
    rmSync(linkDir, { recursive: true, force: true });
  }
}
