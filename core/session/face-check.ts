/**
 * The face step of one session: each attempt first matches live frames against the ID
 * photo (FaceVerification, median over the good frames), then runs the liveness
 * challenge (LivenessCheck); a failed match or a timed-out liveness step fails the
 * attempt. After the last failed attempt the applicant is referred to a counter.
 * Descriptors live only here, in memory, and dispose() overwrites them.
 */
import { wipe } from '../../face/descriptor';
import { drawChallenge, LivenessCheck, type LivenessSignal } from '../../face/liveness';
import { DEFAULT_LIVENESS_LIMITS, type FaceSettings, type LivenessLimits } from '../../face/settings';
import { FaceVerification } from '../../face/verification';
import type { FaceFacts } from '../../rules/approval/facts';
import type { FaceFrame, FaceView } from './journey-types';

export type FaceCheckOutcome = 'pending' | 'passed' | 'attempt-failed' | 'referred';

/** Why an attempt failed, so the applicant hears what to do differently. */
export type FaceAttemptFailure = 'not-matched' | 'liveness-timed-out';

/**
 * One finished attempt as recorded (audit log): the match distance and each liveness
 * step's measured values. Evidence for a risk policy, never proof of a live person;
 * no descriptor or image.
 */
export interface FaceAttemptRecord {
  attempt: number;
  outcome: 'passed' | FaceAttemptFailure;
  distance: number | null;
  threshold: number;
  liveness: LivenessSignal[];
}

export interface FaceCheckOptions {
  settings: FaceSettings;
  limits?: LivenessLimits;
  /** [0, 1), for drawing the liveness challenge. */
  random?: () => number;
  /** Told of every finished attempt, passed or failed. */
  onAttemptEnd?: (record: FaceAttemptRecord) => void;
}

export class FaceCheck {
  private attempt = 1;
  private verification: FaceVerification;
  private liveness: { check: LivenessCheck; steps: number } | undefined;
  private view: FaceView;
  private result: FaceFacts | undefined;
  private current: FaceCheckOutcome = 'pending';
  private failure: FaceAttemptFailure | undefined;

  /** Takes ownership of the ID photo's descriptor: dispose() overwrites it. */
  constructor(
    private idDescriptor: Float32Array,
    private readonly options: FaceCheckOptions,
  ) {
    this.verification = this.newVerification();
    this.view = this.matchingView([]);
  }

  get state(): FaceView {
    return this.view;
  }

  get outcome(): FaceCheckOutcome {
    return this.current;
  }

  /** Why the last attempt failed; undefined while none has. */
  get lastFailure(): FaceAttemptFailure | undefined {
    return this.failure;
  }

  /** The face facts for the rules, once the check passed. */
  get facts(): FaceFacts | undefined {
    return this.result;
  }

  /** Feeds one analysed frame seen at nowMs; the frame's descriptor is overwritten once used. */
  offer(frame: FaceFrame, nowMs: number): FaceCheckOutcome {
    if (this.current !== 'pending') return this.current;
    if (this.liveness) return this.observe(frame, nowMs);
    const descriptor = frame.descriptor && frame.quality.length === 0 && frame.faceCount === 1 ? Float32Array.from(frame.descriptor) : undefined;
    frame.descriptor?.fill(0);
    const state = this.verification.offer({ descriptor });
    wipe(descriptor);
    if (state.phase === 'collecting') {
      this.view = this.matchingView(frame.quality, state.goodFrames);
      return 'pending';
    }
    if (state.phase !== 'matched') return this.failAttempt('not-matched', 'decision' in state ? state.decision.distance : null);
    const { distance, threshold } = state.decision;
    this.result = { matched: true, distance, threshold, livenessPassed: false };
    const challenge = drawChallenge(this.options.settings.liveness, this.options.random ?? Math.random);
    if (challenge.length === 0) return this.pass();
    const stepTimeoutMs = this.options.settings.liveness.stepTimeoutSeconds * 1000;
    this.liveness = { check: new LivenessCheck(challenge, { stepTimeoutMs, limits: this.options.limits ?? DEFAULT_LIVENESS_LIMITS }, nowMs), steps: challenge.length };
    return this.observe({ ...frame, pose: null }, nowMs);
  }

  /** After a failed attempt with attempts left: start the next one. */
  retry(): void {
    if (this.current !== 'attempt-failed') return;
    this.attempt += 1;
    this.current = 'pending';
    this.liveness = undefined;
    this.result = undefined;
    this.verification.dispose();
    this.verification = this.newVerification();
    this.view = this.matchingView([]);
  }

  /** Session end: every descriptor overwritten, every measurement dropped. */
  dispose(): void {
    this.verification.dispose();
    wipe(this.idDescriptor);
    this.idDescriptor = new Float32Array(0);
    this.liveness = undefined;
    this.result = undefined;
  }

  private observe(frame: FaceFrame, nowMs: number): FaceCheckOutcome {
    const liveness = this.liveness as { check: LivenessCheck; steps: number };
    const pose = frame.faceCount === 1 && frame.pose ? { ...frame.pose, rollDegrees: 0 } : undefined;
    const status = liveness.check.observe(pose, nowMs);
    // A step not done in time fails the attempt now: the applicant should not sit out the other steps first.
    if (liveness.check.finishedSteps.some((signal) => signal.outcome === 'timed-out')) return this.failAttempt('liveness-timed-out');
    if (status.phase === 'step') {
      this.view = {
        ...this.baseView('liveness', frame.quality),
        challenge: { action: status.action, step: status.step, steps: status.steps, deadline: nowMs + status.remainingMs },
      };
      return 'pending';
    }
    return this.pass();
  }

  private pass(): FaceCheckOutcome {
    this.result = { ...(this.result as FaceFacts), livenessPassed: true };
    this.current = 'passed';
    this.view = this.baseView('passed', []);
    this.record('passed', this.result.distance);
    return this.current;
  }

  private failAttempt(why: FaceAttemptFailure, distance = this.result?.distance ?? null): FaceCheckOutcome {
    this.failure = why;
    this.current = this.attempt >= this.options.settings.maxAttempts ? 'referred' : 'attempt-failed';
    this.view = this.baseView('failed', []);
    this.record(why, distance);
    return this.current;
  }

  private record(outcome: FaceAttemptRecord['outcome'], distance: number | null): void {
    const liveness = this.liveness ? [...this.liveness.check.finishedSteps] : [];
    this.options.onAttemptEnd?.({ attempt: this.attempt, outcome, distance, threshold: this.options.settings.threshold, liveness });
  }

  private newVerification(): FaceVerification {
    // One attempt per verification; each gets its own copy of the ID descriptor to wipe.
    const { threshold, goodFramesRequired } = this.options.settings;
    return new FaceVerification(this.idDescriptor.slice(), { threshold, goodFramesRequired, maxAttempts: 1 });
  }

  private matchingView(feedback: readonly string[], goodFrames = 0): FaceView {
    return { ...this.baseView('matching', feedback), goodFrames };
  }

  private baseView(phase: FaceView['phase'], feedback: readonly string[]): FaceView {
    const { maxAttempts, goodFramesRequired } = this.options.settings;
    return { attempt: this.attempt, maxAttempts, phase, challenge: null, feedback: [...feedback], goodFrames: phase === 'matching' ? 0 : goodFramesRequired, goodFramesRequired };
  }
}
