/**
 * The face step of one session: each attempt first matches live frames against the ID
 * photo (FaceVerification, median over the good frames, on the renderer's descriptors),
 * which stands only if the core's own description of the frames' pictures agrees
 * (PictureConfirmation); then it runs the liveness challenge (LivenessCheck). The
 * liveness steps, too, rest on the core's own look (LivenessPictures): a step is done
 * only when pictures the core described show the matched person (within the threshold
 * of the ID photo) with the action in their own landmarks; the renderer's pose numbers
 * only pick which pictures the core describes. A frontal picture, or a renderer
 * descriptor, of another face fails the attempt at once (a turned face lies further
 * from any ID photo, so a turned picture beyond the threshold only does not count).
 * A failed match, a timed-out step or another face fails the attempt; after the last
 * failed attempt the applicant is referred to a counter. Descriptors and pictures live
 * only here, in memory, and are overwritten once used; dispose() overwrites the rest.
 */
import { descriptorDistance, wipe } from '../../face/descriptor';
import type { FacePose } from '../../face/landmark-pose';
import { drawChallenge, limitOf, LivenessCheck, measureOf, type LivenessSignal, type LivenessStatus } from '../../face/liveness';
import { DEFAULT_LIVENESS_LIMITS, DEFAULT_QUALITY_LIMITS, type FaceSettings, type LivenessLimits } from '../../face/settings';
import { FaceVerification } from '../../face/verification';
import type { FaceFacts } from '../../rules/approval/facts';
import type { FaceFrame, FaceView } from './journey-types';
import { LivenessPictures, type PictureLook } from './liveness-pictures';
import { PictureConfirmation, type DescribePicture } from './picture-confirmation';

export type FaceCheckOutcome = 'pending' | 'passed' | 'attempt-failed' | 'referred';

/** Why an attempt failed, so the applicant hears what to do differently. */
export type FaceAttemptFailure = 'not-matched' | 'liveness-timed-out' | 'liveness-other-face';

/**
 * One finished attempt as recorded (audit log): the match distances and each liveness
 * step's measured values. Evidence for a risk policy, never proof of a live person;
 * no descriptor or image.
 */
export interface FaceAttemptRecord {
  attempt: number;
  outcome: 'passed' | FaceAttemptFailure;
  /** The core's own distance (a picture it described); null when it had none with a face. */
  distance: number | null;
  /** The median of the renderer's descriptors: advisory only. */
  rendererDistance: number | null;
  threshold: number;
  liveness: LivenessSignal[];
}

export interface FaceCheckOptions {
  settings: FaceSettings;
  limits?: LivenessLimits;
  /** [0, 1), for drawing the liveness challenge. */
  random?: () => number;
  /** Describes a frame's picture in the core (JourneyServices.describeFacePicture). */
  describePicture: DescribePicture;
  /** The clock for a decision that settles between frames (the liveness step starts then); Date.now unless a test fixes it. */
  now?: () => number;
  /** Told of every finished attempt, passed or failed. */
  onAttemptEnd?: (record: FaceAttemptRecord) => void;
}

export class FaceCheck {
  private attempt = 1;
  private verification: FaceVerification;
  private confirmation: PictureConfirmation;
  /** The renderer's median distance once its frames matched; the decision then waits for the core's confirmation. */
  private advised: number | undefined;
  private readonly listeners = new Set<() => void>();
  private liveness: { check: LivenessCheck; pictures: LivenessPictures } | undefined;
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
    this.confirmation = this.newConfirmation();
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

  /**
   * Called when the core's confirmation moved on by itself (a picture described), so the
   * owner looks at outcome and state again; returns the unsubscribe function.
   */
  onSettled(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Feeds one analysed frame seen at nowMs. A good frame counts only with its picture;
   * the frame's descriptor is overwritten once used, its picture once described.
   */
  offer(frame: FaceFrame, nowMs: number): FaceCheckOutcome {
    if (this.current !== 'pending') return this.current;
    if (this.liveness) return this.observe(frame, nowMs);
    if (this.advised !== undefined) {
      frame.descriptor?.fill(0);
      return this.settle(nowMs);
    }
    const good = frame.descriptor && frame.image && frame.quality.length === 0 && frame.faceCount === 1;
    const descriptor = good && frame.descriptor ? Float32Array.from(frame.descriptor) : undefined;
    frame.descriptor?.fill(0);
    if (good && frame.image) this.confirmation.add(Buffer.from(frame.image, 'base64'));
    const state = this.verification.offer({ descriptor });
    wipe(descriptor);
    if (state.phase === 'collecting') {
      this.view = this.matchingView(frame.quality, state.goodFrames);
      return 'pending';
    }
    if (state.phase !== 'matched') return this.failAttempt('not-matched', this.confirmation.distance, 'decision' in state ? state.decision.distance : null);
    this.advised = state.decision.distance;
    return this.settle(nowMs);
  }

  /** The renderer's frames matched: the decision stands once the core's own distance is within the threshold. */
  private settle(nowMs: number): FaceCheckOutcome {
    const verdict = this.confirmation.verdict;
    if (verdict === 'pending') {
      this.view = this.matchingView([], this.options.settings.goodFramesRequired);
      return 'pending';
    }
    const distance = this.confirmation.distance;
    if (verdict === 'refused' || distance === null) return this.failAttempt('not-matched', distance);
    this.result = { matched: true, distance, threshold: this.options.settings.threshold, livenessPassed: false };
    const frame: FaceFrame = { faceCount: 0, quality: [], pose: null, descriptor: null };
    const challenge = drawChallenge(this.options.settings.liveness, this.options.random ?? Math.random);
    if (challenge.length === 0) return this.pass();
    const stepTimeoutMs = this.options.settings.liveness.stepTimeoutSeconds * 1000;
    const check = new LivenessCheck(challenge, { stepTimeoutMs, limits: this.limits }, nowMs);
    this.liveness = { check, pictures: new LivenessPictures(this.idDescriptor.slice(), this.options.describePicture, (look) => this.look(look)) };
    return this.observe(frame, nowMs);
  }

  /** After a failed attempt with attempts left: start the next one. */
  retry(): void {
    if (this.current !== 'attempt-failed') return;
    this.attempt += 1;
    this.current = 'pending';
    this.liveness?.pictures.dispose();
    this.liveness = undefined;
    this.result = undefined;
    this.advised = undefined;
    this.verification.dispose();
    this.verification = this.newVerification();
    this.confirmation.dispose();
    this.confirmation = this.newConfirmation();
    this.view = this.matchingView([]);
  }

  /** Session end: every descriptor overwritten, every measurement dropped. */
  dispose(): void {
    this.verification.dispose();
    this.confirmation.dispose();
    this.listeners.clear();
    wipe(this.idDescriptor);
    this.idDescriptor = new Float32Array(0);
    this.liveness?.pictures.dispose();
    this.liveness = undefined;
    this.result = undefined;
  }

  private observe(frame: FaceFrame, nowMs: number): FaceCheckOutcome {
    const { check, pictures } = this.liveness as { check: LivenessCheck; pictures: LivenessPictures };
    // A frontal frame the renderer described as someone else fails the attempt at once (advice it cannot use to pass).
    if (frame.descriptor && !this.isMatchedFace(frame.descriptor)) return this.failAttempt('liveness-other-face');
    const step = check.currentStep;
    const claimed = step && frame.faceCount === 1 && frame.pose && measureOf(step.action, frame.pose) >= limitOf(step.action, this.limits);
    // Only the core's look at the picture can count for the step; the renderer's pose just picks the picture.
    if (step && claimed && frame.image && nowMs <= step.deadlineMs) pictures.add(Buffer.from(frame.image, 'base64'), step.index, nowMs);
    // A picture that came in time still counts when the core is slower than the clock: the step does not expire meanwhile.
    const looking = step !== undefined && pictures.isLookingAt(step.index);
    return this.follow(looking ? check.statusAt(nowMs) : check.expire(nowMs), nowMs, frame.quality);
  }

  /** The core described a liveness picture: it counts for its step if it shows the matched person doing the action. */
  private look({ step, atMs, seen }: PictureLook): void {
    const liveness = this.liveness;
    if (this.current !== 'pending' || !liveness || liveness.check.currentStep?.index !== step) return;
    const matched = seen !== undefined && seen.distance <= this.options.settings.threshold;
    if (seen && !matched && isFrontal(seen.pose)) this.failAttempt('liveness-other-face');
    else this.follow(liveness.check.observe(matched ? seen.pose : undefined, atMs), atMs);
    for (const listener of [...this.listeners]) listener();
  }

  /** Where the challenge stands after a frame or a look: a timed-out step fails the attempt, the last step done passes it. */
  private follow(status: LivenessStatus, nowMs: number, feedback: readonly string[] = this.view.feedback): FaceCheckOutcome {
    const check = (this.liveness as { check: LivenessCheck }).check;
    // A step not done in time fails the attempt now: the applicant should not sit out the other steps first.
    if (check.finishedSteps.some((signal) => signal.outcome === 'timed-out')) return this.failAttempt('liveness-timed-out');
    if (status.phase === 'step') {
      this.view = {
        ...this.baseView('liveness', feedback),
        challenge: { action: status.action, step: status.step, steps: status.steps, deadline: nowMs + status.remainingMs },
      };
      return 'pending';
    }
    return this.pass();
  }

  /** Whether a live descriptor lies within the threshold of the ID photo; the descriptor is overwritten. */
  private isMatchedFace(live: number[]): boolean {
    const descriptor = Float32Array.from(live);
    live.fill(0);
    const distance = descriptorDistance(this.idDescriptor, descriptor);
    wipe(descriptor);
    return distance <= this.options.settings.threshold;
  }

  private pass(): FaceCheckOutcome {
    this.liveness?.pictures.dispose();
    this.result = { ...(this.result as FaceFacts), livenessPassed: true };
    this.current = 'passed';
    this.view = this.baseView('passed', []);
    this.record('passed', this.result.distance);
    return this.current;
  }

  private failAttempt(why: FaceAttemptFailure, distance = this.result?.distance ?? null, rendererDistance = this.advised ?? null): FaceCheckOutcome {
    this.failure = why;
    this.liveness?.pictures.dispose();
    this.current = this.attempt >= this.options.settings.maxAttempts ? 'referred' : 'attempt-failed';
    this.view = this.baseView('failed', []);
    this.record(why, distance, rendererDistance);
    return this.current;
  }

  private record(outcome: FaceAttemptRecord['outcome'], distance: number | null, rendererDistance = this.advised ?? null): void {
    const liveness = this.liveness ? [...this.liveness.check.finishedSteps] : [];
    this.options.onAttemptEnd?.({ attempt: this.attempt, outcome, distance, rendererDistance, threshold: this.options.settings.threshold, liveness });
  }

  private get limits(): LivenessLimits {
    return this.options.limits ?? DEFAULT_LIVENESS_LIMITS;
  }

  private newVerification(): FaceVerification {
    // One attempt per verification; each gets its own copy of the ID descriptor to wipe.
    const { threshold, goodFramesRequired } = this.options.settings;
    return new FaceVerification(this.idDescriptor.slice(), { threshold, goodFramesRequired, maxAttempts: 1 });
  }

  private newConfirmation(): PictureConfirmation {
    const confirmation = new PictureConfirmation(this.idDescriptor.slice(), this.options.settings.threshold, this.options.describePicture);
    confirmation.onDescribed(() => {
      if (this.current !== 'pending' || this.liveness || this.advised === undefined) return;
      this.settle((this.options.now ?? Date.now)());
      for (const listener of [...this.listeners]) listener();
    });
    return confirmation;
  }

  private matchingView(feedback: readonly string[], goodFrames = 0): FaceView {
    return { ...this.baseView('matching', feedback), goodFrames };
  }

  private baseView(phase: FaceView['phase'], feedback: readonly string[]): FaceView {
    const { maxAttempts, goodFramesRequired } = this.options.settings;
    return { attempt: this.attempt, maxAttempts, phase, challenge: null, feedback: [...feedback], goodFrames: phase === 'matching' ? 0 : goodFramesRequired, goodFramesRequired };
  }
}

/** Frontal enough for the quality gates: where a descriptor's distance to the ID photo is what the threshold was calibrated on. */
function isFrontal(pose: FacePose): boolean {
  return Math.abs(pose.yaw) <= DEFAULT_QUALITY_LIMITS.maxYaw && Math.abs(pose.pitch) <= DEFAULT_QUALITY_LIMITS.maxPitch;
}
