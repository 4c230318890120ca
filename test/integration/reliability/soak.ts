/**
 * A soak of many simulated sessions through a real core, the way the renderer drives it:
 * over the in-memory transport, with the events flowing back. Most sessions walk the
 * steps that need no applicant (welcome, language, large text, service, consent, the ID
 * card step with its reader polling, back, the face-declined referral) and are cancelled
 * or sent back to attract. Given a face journey kit, every `journeyEvery`-th session is
 * a whole registration instead (card, face frames, form, a room of its own, decision,
 * licence printed at the simulated laser printer, rating: registration-journey.ts).
 * The next session must start clean. Heap (after a full GC, once it stops moving) and the
 * process's active handles are sampled after the first 100 sessions and at the end:
 * something a session leaves behind grows with the number of sessions. The first sample
 * is taken before the document face's first renewal (every 100 documents) and the last
 * one with a face 100 documents old, which errs towards showing more growth, not less.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SessionSnapshot } from '../../../core/contract';
import { createInMemoryPair } from '../../../core/ipc/in-memory-transport';
import { serveMessageConnection } from '../../../core/ipc/message-connection';
import type { KioskCore } from '../../../core/kiosk-core';
import { FIXTURE_CARDS } from '../../../hardware/idcard/fixtures';
import { RawClient } from '../../unit/fuzz/contract-targets';
import { commercialRooms, TRADE_NAMES } from './applicants';
import { tallyLicences, type LicenceTally } from './licence-tally';
import { JOURNEY_CARD, RegistrationJourney, type FaceJourneyKit } from './registration-journey';

export interface ResourceSample {
  sessions: number;
  heapUsedBytes: number;
  /** process.getActiveResourcesInfo(), counted by type. */
  handles: Record<string, number>;
  handleCount: number;
}

export interface SoakOptions {
  /** Whole registrations need the face frames and the core started on the kit's appRoot (with FACE_JOURNEY_ENV). */
  journey?: FaceJourneyKit;
  /** Every n-th session is a whole registration; default 4. */
  journeyEvery?: number;
  onProgress?: (done: number) => void;
}

export interface SoakReport {
  sessions: number;
  /** Sessions that walked the whole registration, and the licences they got. */
  journeys: number;
  licences: LicenceTally | null;
  calls: number;
  events: number;
  /** Sessions that did not end clean: wrong state, applicant data left, a refused call. */
  problems: string[];
  first: ResourceSample;
  last: ResourceSample;
  heapGrowthPercent: number;
  handleGrowthPercent: number;
}

/** A full collection on demand, also where node was started without --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function collectedHeap(gc: () => void): Promise<number> {
  // Let finished timers and microtasks settle, then collect twice (weak refs, finalizers).
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Waits until the heap stops moving: the first ID-card step starts loading the face
 * models in the background (about 40 MB), and a sample taken while they load would
 * compare the models, not the sessions.
 */
async function settledHeap(gc: () => void): Promise<void> {
  let previous = await collectedHeap(gc);
  for (let steady = 0, tries = 0; steady < 3 && tries < 150; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = await collectedHeap(gc);
    steady = Math.abs(now - previous) / previous < 0.005 ? steady + 1 : 0;
    previous = now;
  }
}

function countHandles(): Record<string, number> {
  const handles: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) handles[type] = (handles[type] ?? 0) + 1;
  return handles;
}

/**
 * The handles that stay: the fewest of each type over a second. A device poll in flight
 * (the simulated laser printer's IPP connection, a reader poll's timer) comes and goes;
 * a handle a session leaked stays in every look.
 */
async function steadyHandles(): Promise<Record<string, number>> {
  let fewest = countHandles();
  for (let look = 0; look < 10; look++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = countHandles();
    fewest = Object.fromEntries(Object.entries(fewest).filter(([type]) => type in now).map(([type, n]) => [type, Math.min(n, now[type]!)]));
  }
  return fewest;
}

async function sample(sessions: number, gc: () => void): Promise<ResourceSample> {
  const handles = await steadyHandles();
  const heapUsedBytes = await collectedHeap(gc);
  return { sessions, heapUsedBytes, handles, handleCount: Object.values(handles).reduce((a, b) => a + b, 0) };
}

const growth = (from: number, to: number) => (from === 0 ? (to === 0 ? 0 : 100) : ((to - from) / from) * 100);

/** The steps of session number `n`; they vary so every path gets its share. */
function sessionScript(n: number): Array<{ method: string; params: unknown }> {
  const send = (params: unknown) => ({ method: 'session.send', params });
  const service = n % 3 === 0 ? 'deregistration' : 'registration';
  const steps = [
    send({ type: 'START' }),
    send({ type: 'SET_LANGUAGE', language: n % 2 ? 'en' : 'zh-CN' }),
    send({ type: 'SET_LARGE_TEXT', on: n % 4 === 0 }),
    send({ type: 'CHOOSE_SERVICE', service }),
    { method: 'catalogue.search', params: { text: ['餐饮', 'design', '咨询', 'cy'][n % 4] } },
  ];
  if (n % 5 === 0) return [...steps, send({ type: 'CONSENT', general: true, face: false }), send({ type: 'CANCEL' })];
  return [
    ...steps,
    send({ type: 'CONSENT', general: true, face: true }), // the ID card step: the reader is polled
    send({ type: 'ACTIVITY' }),
    send({ type: 'BACK' }),
    send({ type: 'CONSENT', general: true, face: true }),
    send({ type: 'CANCEL' }),
  ];
}

export async function soakSessions(core: KioskCore, sessions: number, options: SoakOptions = {}): Promise<SoakReport> {
  const gc = collector();
  const [renderer, coreEnd] = createInMemoryPair();
  serveMessageConnection(core.server, coreEnd, 'soak');
  const client = new RawClient(renderer);
  const problems: string[] = [];
  const problem = (text: string) => void (problems.length < 20 && problems.push(text));
  let nextId = 1;
  let calls = 0;
  let first: ResourceSample | undefined;

  const call = async (method: string, params: unknown) => {
    const id = nextId++;
    calls += 1;
    return client.exchange(JSON.stringify({ kind: 'call', id, method, params }), id);
  };

  const every = options.journeyEvery ?? 4;
  const journeys = options.journey ? Math.floor(sessions / every) : 0;
  if (journeys > TRADE_NAMES) throw new RangeError(`${journeys} registrations need more than the ${TRADE_NAMES} distinct trade names`);
  const rooms = commercialRooms(journeys);
  const told: string[] = [];
  const journey = options.journey && new RegistrationJourney(core, options.journey, async (command) => {
    const answer = await call('session.send', command);
    if (!answer.ok) throw new Error(`session.send ${command.type} refused: ${answer.error?.message}`);
    return answer.value as SessionSnapshot;
  });

  /** A whole registration; a step that goes wrong is a problem, and the session is cancelled. */
  const register = async (n: number, applicant: number) => {
    const simulation = core.devices.simulation;
    if (!journey || !simulation) throw new Error('a registration in the soak needs the face kit and simulated devices');
    try {
      await journey.toCardStep(n % 2 ? 'en' : 'zh-CN');
      simulation.idcard.insert(JOURNEY_CARD);
      await journey.showFace();
      simulation.idcard.remove(); // the applicant takes the card back, so the next session's card step finds none
      const { creditCode } = await journey.apply(applicant, rooms[applicant] as string);
      told.push(creditCode);
      await journey.print();
      await journey.rate(((n % 5) + 1) as 1 | 2 | 3 | 4 | 5);
    } catch (error) {
      problem(`session ${n} (registration ${applicant}): ${(error as Error).message}`);
      simulation.idcard.remove();
      await call('session.send', { type: 'CANCEL' });
    }
  };

  for (let n = 1; n <= sessions; n++) {
    if (journey && n % every === 0) {
      await register(n, n / every - 1);
    } else {
      for (const step of sessionScript(n)) {
        const answer = await call(step.method, step.params);
        if (!answer.ok) problem(`session ${n}: ${step.method} refused: ${answer.error?.message}`);
      }
    }
    const after = await call('session.get', {});
    const view = after.value as { state: string; applicant: unknown; largeText: boolean; service: unknown } | undefined;
    if (view && (view.state !== 'attract' || view.applicant !== null || view.largeText || view.service !== null)) {
      problem(`session ${n}: not clean after it ended: ${JSON.stringify(view).slice(0, 200)}`);
    }
    if (n === Math.min(100, sessions)) {
      await settledHeap(gc);
      first = await sample(n, gc);
    }
    if (n % 100 === 0) options.onProgress?.(n);
  }
  // Read the same way as the first sample: the last registration's printing and logging settle first.
  await settledHeap(gc);
  const last = await sample(sessions, gc);
  const events = client.eventsSeen;
  problems.push(...client.badEvents.slice(0, 5).map((name) => `event ${name} broke its schema`));
  client.close();
  return {
    sessions,
    journeys,
    licences: journey ? tallyLicences(core, told, [FIXTURE_CARDS[JOURNEY_CARD].text.idNumber]) : null,
    calls,
    events,
    problems,
    first: first!,
    last,
    heapGrowthPercent: growth(first!.heapUsedBytes, last.heapUsedBytes),
    handleGrowthPercent: growth(first!.handleCount, last.handleCount),
  };
}
