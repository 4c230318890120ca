/**
 * The liveness challenge: a random sequence of distinct actions (turn left, turn right,
 * open the mouth), each with its own timeout, watched through the landmark pose of the
 * live frames. The outcome is a list of signals with their measured values, for the
 * caller's risk policy: a photo held up and tilted can produce some of them, so they
 * are evidence, never proof of a live person.
 */
import type { FacePose } from './landmark-pose';
import type { LivenessAction, LivenessLimits, LivenessSettings } from './settings';

export interface LivenessSignal {
  action: LivenessAction;
  outcome: 'observed' | 'timed-out';
  /** Largest value the action's measure reached, and the value it had to reach. */
  peak: number;
  limit: number;
  /** From the step's start to its outcome. */
  elapsedMs: number;
  /** Frames with a face seen during the step. */
  framesWithFace: number;
}

export type LivenessStatus =
  | { phase: 'step'; step: number; steps: number; action: LivenessAction; remainingMs: number; value: number | null; limit: number }
  | { phase: 'finished'; signals: LivenessSignal[] };

/** Draws `settings.steps` distinct actions in random order; `random` returns [0, 1), as Math.random does. */
export function drawChallenge(settings: Pick<LivenessSettings, 'actions' | 'steps'>, random: () => number): LivenessAction[] {
  const pool = [...new Set(settings.actions)];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [pool[i], pool[j]] = [pool[j] as LivenessAction, pool[i] as LivenessAction];
  }
  return pool.slice(0, Math.max(0, Math.min(settings.steps, pool.length)));
}

/** The measure each action moves, in landmark-pose.ts units; yaw > 0 is the applicant's own left. */
export function measureOf(action: LivenessAction, pose: Pick<FacePose, 'yaw' | 'mouthOpen'>): number {
  switch (action) {
    case 'turn-left':
      return pose.yaw;
    case 'turn-right':
      return -pose.yaw;
    case 'mouth-open':
      return pose.mouthOpen;
  }
}

/** How far `action`'s measure must go to count. */
export function limitOf(action: LivenessAction, limits: LivenessLimits): number {
  return action === 'mouth-open' ? limits.mouthOpen : limits.turnYaw;
}

export class LivenessCheck {
  private readonly signals: LivenessSignal[] = [];
  private step = 0;
  private stepStartedAt: number;
  private peak = Number.NEGATIVE_INFINITY;
  private held = 0;
  private framesWithFace = 0;

  constructor(
    private readonly challenge: readonly LivenessAction[],
    private readonly options: { stepTimeoutMs: number; limits: LivenessLimits },
    startedAtMs: number,
  ) {
    this.stepStartedAt = startedAtMs;
  }

  /** The steps finished so far, with their values. */
  get finishedSteps(): readonly LivenessSignal[] {
    return this.signals;
  }

  /** The step being watched (0 for the first), its action and when its time is up; undefined once every step is done. */
  get currentStep(): { index: number; action: LivenessAction; deadlineMs: number } | undefined {
    const action = this.challenge[this.step];
    return action === undefined ? undefined : { index: this.step, action, deadlineMs: this.stepStartedAt + this.options.stepTimeoutMs };
  }

  /** Where the challenge stands at `nowMs`, the clock not yet judged (an observation of the step may still be on its way). */
  statusAt(nowMs: number): LivenessStatus {
    return this.status(null, nowMs);
  }

  /** Looks at the clock only (a frame that is no observation): the step times out once its time is up. */
  expire(nowMs: number): LivenessStatus {
    const action = this.challenge[this.step];
    const elapsedMs = nowMs - this.stepStartedAt;
    if (action === undefined || elapsedMs <= this.options.stepTimeoutMs) return this.status(null, nowMs);
    this.finishStep(action, 'timed-out', limitOf(action, this.options.limits), elapsedMs, nowMs);
    return this.status(null, nowMs);
  }

  /** Feeds one frame's pose (undefined when no single face was found) seen at `nowMs`. */
  observe(pose: FacePose | undefined, nowMs: number): LivenessStatus {
    const action = this.challenge[this.step];
    if (action === undefined) return this.status(null, nowMs);
    const limit = limitOf(action, this.options.limits);
    const value = pose ? measureOf(action, pose) : null;
    if (value !== null) {
      this.framesWithFace += 1;
      this.peak = Math.max(this.peak, value);
      this.held = value >= limit ? this.held + 1 : 0;
    } else {
      this.held = 0;
    }
    const elapsedMs = nowMs - this.stepStartedAt;
    const outcome = this.held >= this.options.limits.framesToHold ? 'observed' : elapsedMs > this.options.stepTimeoutMs ? 'timed-out' : undefined;
    if (!outcome) return this.status(value, nowMs);
    this.finishStep(action, outcome, limit, elapsedMs, nowMs);
    // The value just measured belongs to the finished step, not to the next one.
    return this.status(null, nowMs);
  }

  private finishStep(action: LivenessAction, outcome: LivenessSignal['outcome'], limit: number, elapsedMs: number, nowMs: number): void {
    const peak = Number.isFinite(this.peak) ? this.peak : 0;
    this.signals.push({ action, outcome, peak, limit, elapsedMs, framesWithFace: this.framesWithFace });
    this.step += 1;
    this.stepStartedAt = nowMs;
    this.peak = Number.NEGATIVE_INFINITY;
    this.held = 0;
    this.framesWithFace = 0;
  }

  private status(value: number | null, nowMs: number): LivenessStatus {
    const action = this.challenge[this.step];
    if (action === undefined) return { phase: 'finished', signals: [...this.signals] };
    return {
      phase: 'step',
      step: this.step + 1,
      steps: this.challenge.length,
      action,
      remainingMs: Math.max(0, this.options.stepTimeoutMs - (nowMs - this.stepStartedAt)),
      value,
      limit: limitOf(action, this.options.limits),
    };
  }
}
