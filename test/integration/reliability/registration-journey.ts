/**
 * One applicant's whole registration through a real core's SessionService, the way the
 * screens drive it: card on the reader, FACE_FRAMEs, the form, the house code, the
 * decision, the licence printed, the rating. The face frames are what the renderer would
 * send for live pictures of the person whose ID photo the fixture card zhangWei carries
 * (test/support/live-journey.ts); they are computed once, up front, with the face module
 * under Node, so a session costs the core's own work (reading the card, describing the
 * ID photo, one live picture and the liveness steps' pictures, approving, printing) and
 * nothing more.
 */
import { rmSync } from 'node:fs';
import type { SessionCommand, SessionSnapshot } from '../../../core/contract';
import type { KioskCore } from '../../../core/kiosk-core';
import { eventually } from '../../support/core';
import { LIVE_FACE_ENV, prepareLiveFace, showFace, type LiveFace } from '../../support/live-journey';
import { tradeName } from './applicants';

/** The configuration a face journey needs: three good frames pass (the sample has four), turns only. */
export const FACE_JOURNEY_ENV = LIVE_FACE_ENV;

/** The fixture card whose photo the sample person's ID photo replaces. */
export const JOURNEY_CARD = 'zhangWei';

export interface FaceJourneyKit extends LiveFace {
  dispose(): void;
}

/** Builds the face sample set if needed and computes the live frames' readings once. */
export async function prepareFaceJourney(): Promise<FaceJourneyKit> {
  const face = await prepareLiveFace();
  return { ...face, dispose: () => rmSync(face.appRoot, { recursive: true, force: true }) };
}

/** How a command reaches the core: straight to the SessionService, or over a transport. */
export type SendCommand = (command: SessionCommand) => SessionSnapshot | Promise<SessionSnapshot>;

/** A step that did not come out as a user would expect; says where the session was instead. */
export class JourneyError extends Error {
  constructor(step: string, snapshot: SessionSnapshot) {
    super(`${step}: session in ${snapshot.state}${snapshot.problem ? ` (${snapshot.problem.code}: ${snapshot.problem.message.en})` : ''}`);
    this.name = 'JourneyError';
  }
}

export interface Approved {
  creditCode: string;
  snapshot: SessionSnapshot;
}

export class RegistrationJourney {
  constructor(
    private readonly core: KioskCore,
    private readonly face: Pick<LiveFace, 'liveFrames' | 'turns'>,
    private readonly send: SendCommand = (command) => core.session.send(command),
  ) {}

  /** Polls the session until `predicate` holds; a JourneyError names the step and where the session stood. */
  async waitFor(step: string, predicate: (s: SessionSnapshot) => boolean, timeoutMs = 60_000): Promise<SessionSnapshot> {
    try {
      return await eventually(() => this.core.session.snapshot(), predicate, timeoutMs);
    } catch {
      throw new JourneyError(`${step}: not within ${timeoutMs} ms`, this.core.session.snapshot());
    }
  }

  /** Welcome, service, consent: the screen then asks for the card. */
  async toCardStep(language: 'zh-CN' | 'en' = 'zh-CN'): Promise<SessionSnapshot> {
    await this.step('start', { type: 'START' });
    await this.step('language', { type: 'SET_LANGUAGE', language });
    await this.step('service', { type: 'CHOOSE_SERVICE', service: 'registration' });
    return this.step('consent', { type: 'CONSENT', general: true, face: true }, 'idcard');
  }

  /** "Try again" on the card step's problem: the screen asks for the card again. */
  retryCard(): Promise<SessionSnapshot> {
    return this.step('retry the card', { type: 'RETRY' }, 'idcard');
  }

  /** Good frames until matched, then the liveness actions the screen asks for: the form comes up. */
  async showFace(): Promise<SessionSnapshot> {
    const snapshot = await this.waitFor('card read', (s) => s.state !== 'idcard' || s.problem !== null);
    if (snapshot.state !== 'face') throw new JourneyError('card read', snapshot);
    const shown = await showFace(this.face, snapshot, this.send, () => this.core.session.snapshot());
    if (shown.state !== 'details') throw new JourneyError('face check', shown);
    return shown;
  }

  /** Applicant n's form, room and confirmation; resolves with the approved licence. */
  async apply(n: number, houseCode: string): Promise<Approved> {
    const filled = await this.send({
      type: 'UPDATE_FORM',
      patch: { name: { tradeName: tradeName(n), industry: '图文设计', organisationForm: '店' }, scope: ['M0305'], compositionForm: '个人经营', phone: '138 0013 8000' },
    });
    if (filled.formProblems.length > 0) throw new JourneyError(`form: ${filled.formProblems.map((p) => p.code).join(', ')}`, filled);
    await this.step('submit form', { type: 'SUBMIT_FORM' }, 'house-code');
    await this.step('house code', { type: 'SUBMIT_HOUSE_CODE', houseCode });
    await this.step('confirm address', { type: 'CONFIRM_ADDRESS' }, 'review');
    await this.send({ type: 'CONFIRM_REVIEW' });
    const decided = await this.waitFor('decision', (s) => s.state === 'decision' || s.state === 'referral' || (s.state === 'review' && s.problem !== null));
    const creditCode = decided.licence?.creditCode;
    if (decided.decision?.outcome !== 'approve' || !creditCode) {
      const refused = decided.decision?.reasons.filter((r) => !r.passed).map((r) => r.rule).join(', ');
      throw new JourneyError(`decision ${decided.decision?.outcome ?? 'none'}${refused ? ` (${refused})` : ''}`, decided);
    }
    return { creditCode, snapshot: decided };
  }

  /** From the decision on to the printing screen (which may already tell of a printer problem). */
  async startPrinting(): Promise<SessionSnapshot> {
    const snapshot = await this.send({ type: 'CONTINUE' });
    if (snapshot.state !== 'printing' && snapshot.state !== 'done') throw new JourneyError('continue to printing', snapshot);
    return snapshot;
  }

  /** On to printing; resolves once the screen says the licence is printed. */
  async print(timeoutMs = 60_000): Promise<SessionSnapshot> {
    await this.startPrinting();
    return this.waitFor('printed', (s) => s.state === 'done', timeoutMs);
  }

  /** Done, rated: the kiosk is back at attract with nothing of the applicant left. */
  async rate(stars: 1 | 2 | 3 | 4 | 5): Promise<SessionSnapshot> {
    await this.step('leave done', { type: 'CONTINUE' }, 'rating');
    return this.step('rate', { type: 'RATE', stars }, 'attract');
  }

  private async step(step: string, command: SessionCommand, expected?: SessionSnapshot['state']): Promise<SessionSnapshot> {
    const snapshot = await this.send(command);
    if ((expected && snapshot.state !== expected) || snapshot.problem) throw new JourneyError(step, snapshot);
    return snapshot;
  }
}
