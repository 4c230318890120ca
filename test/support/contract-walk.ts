/**
 * An applicant walking the journey over the contract, as the renderer does, on a real
 * core with simulated hardware and a live face: ends on the first problem shown, as an
 * applicant would stop there.
 */
import { rmSync } from 'node:fs';
import { SAMPLE_COMMERCIAL_LONGGANG } from '../../core/address/sample-fixtures';
import type { SessionCommand, SessionSnapshot } from '../../core/contract';
import { eventually, startTestCore, type TestCore } from './core';
import { LIVE_FACE_ENV, prepareLiveFace, showFace, type LiveFace } from './live-journey';
import { connectRenderer, type RendererBridge } from './renderer-bridge';

/** A real core whose camera shows the card holder's live face, reached over the contract like the renderer. */
export interface WalkingKiosk {
  core: TestCore;
  live: LiveFace;
  renderer: RendererBridge;
  send(command: SessionCommand): Promise<SessionSnapshot>;
  dispose(): Promise<void>;
}

export async function startWalkingKiosk(env: NodeJS.ProcessEnv, options: Omit<NonNullable<Parameters<typeof startTestCore>[1]>, 'appRoot'> = {}): Promise<WalkingKiosk> {
  const live = await prepareLiveFace();
  const core = await startTestCore({ ...LIVE_FACE_ENV, ...env }, { ...options, appRoot: live.appRoot });
  const renderer = connectRenderer(core.server, 30_000);
  return {
    core,
    live,
    renderer,
    send: (command) => renderer.bridge.call('session.send', command),
    async dispose() {
      renderer.close();
      await core.dispose();
      rmSync(live.appRoot, { recursive: true, force: true });
    },
  };
}

export interface ContractWalker {
  send(command: SessionCommand): Promise<SessionSnapshot>;
  /** Waits for the session to show one of these states, or a problem. */
  reached(states: SessionSnapshot['state'][]): Promise<SessionSnapshot>;
  walk(journey: 'registration' | 'deregistration', tradeName: string): Promise<SessionSnapshot>;
}

export function contractWalker(core: TestCore, live: LiveFace, send: (command: SessionCommand) => Promise<SessionSnapshot>): ContractWalker {
  const reached = (states: SessionSnapshot['state'][]) => eventually(() => core.session.snapshot(), (s) => states.includes(s.state) || s.problem !== null, 60_000);
  async function walk(journey: 'registration' | 'deregistration', tradeName: string): Promise<SessionSnapshot> {
    await send({ type: 'START' });
    await send({ type: 'CHOOSE_SERVICE', service: journey });
    let s = await send({ type: 'CONSENT', general: true, face: true });
    if (s.state !== 'idcard') return s;
    core.devices.simulation?.idcard.insert('zhangWei');
    s = await reached(['face', 'referral']);
    if (s.state !== 'face') return s;
    s = await showFace(live, s, send, () => core.session.snapshot());
    if (journey === 'deregistration' || s.state !== 'details' || s.problem) return s;
    s = await send({ type: 'UPDATE_FORM', patch: { name: { tradeName, industry: '图文设计', organisationForm: '店' }, scope: ['M0305'], compositionForm: '个人经营', phone: '13800138000' } });
    if (s.state !== 'details' || s.formProblems.length) return s;
    await send({ type: 'SUBMIT_FORM' });
    s = await send({ type: 'SUBMIT_HOUSE_CODE', houseCode: SAMPLE_COMMERCIAL_LONGGANG });
    if (s.state !== 'house-code' || s.problem) return s;
    await send({ type: 'CONFIRM_ADDRESS' });
    await send({ type: 'CONFIRM_REVIEW' });
    s = await reached(['decision', 'referral']);
    if (s.state !== 'decision' || s.decision?.outcome !== 'approve') return s;
    s = await send({ type: 'CONTINUE' });
    return s.state === 'printing' ? reached(['done']) : s;
  }
  return { send, reached, walk };
}
