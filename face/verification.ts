/**
 * One applicant's face check against their ID photo: collect good live frames, decide
 * each attempt on the median distance, allow a limited number of attempts, then refer
 * the applicant to a counter. Only distances are kept; each live descriptor is wiped as
 * soon as its distance is taken, and dispose() wipes the ID photo's descriptor.
 */
import { descriptorDistance, median, wipe } from './descriptor';
import type { FaceSettings } from './settings';

export type VerificationSettings = Pick<FaceSettings, 'threshold' | 'goodFramesRequired' | 'maxAttempts'>;

export interface Decision {
  attempt: number;
  /** Median of the attempt's frame distances. */
  distance: number;
  threshold: number;
  match: boolean;
  frameDistances: number[];
}

export type VerificationState =
  | { phase: 'collecting'; attempt: number; goodFrames: number; framesRequired: number }
  | { phase: 'matched'; decision: Decision }
  /** This attempt did not match; retry() starts the next one. */
  | { phase: 'no-match'; decision: Decision; attemptsLeft: number }
  /** Every attempt failed: the applicant goes to a counter. */
  | { phase: 'referred'; decision: Decision }
  | { phase: 'disposed' };

/** Only the descriptor of a live frame matters here: present when the frame passed the quality gates. */
export interface LiveFrame {
  descriptor?: Float32Array;
}

export class FaceVerification {
  private readonly settings: VerificationSettings;
  private idDescriptor: Float32Array | undefined;
  private attempt = 1;
  private distances: number[] = [];
  private current: VerificationState;

  /** Takes ownership of the ID photo's descriptor: dispose() overwrites it. */
  constructor(idDescriptor: Float32Array, settings: VerificationSettings) {
    if (settings.goodFramesRequired < 1 || settings.maxAttempts < 1) throw new RangeError('needs at least one frame and one attempt');
    this.idDescriptor = idDescriptor;
    this.settings = { ...settings };
    this.current = this.collecting();
  }

  get state(): VerificationState {
    return this.current;
  }

  /** Counts the frame if it carries a descriptor (wiping it); decides once enough frames are in. */
  offer(frame: LiveFrame): VerificationState {
    if (this.current.phase !== 'collecting' || !this.idDescriptor || !frame.descriptor) return this.current;
    this.distances.push(descriptorDistance(this.idDescriptor, frame.descriptor));
    wipe(frame.descriptor);
    if (this.distances.length < this.settings.goodFramesRequired) {
      this.current = this.collecting();
      return this.current;
    }
    const distance = median(this.distances);
    const decision: Decision = {
      attempt: this.attempt,
      distance,
      threshold: this.settings.threshold,
      match: distance <= this.settings.threshold,
      frameDistances: this.distances,
    };
    this.distances = [];
    const attemptsLeft = this.settings.maxAttempts - this.attempt;
    if (decision.match) this.current = { phase: 'matched', decision };
    else if (attemptsLeft > 0) this.current = { phase: 'no-match', decision, attemptsLeft };
    else this.current = { phase: 'referred', decision };
    return this.current;
  }

  /** After a non-matching attempt with attempts left: start collecting again. */
  retry(): VerificationState {
    if (this.current.phase !== 'no-match') return this.current;
    this.attempt += 1;
    this.current = this.collecting();
    return this.current;
  }

  /** Session end: the ID photo's descriptor is overwritten and every distance dropped. */
  dispose(): void {
    wipe(this.idDescriptor);
    this.idDescriptor = undefined;
    this.distances = [];
    this.current = { phase: 'disposed' };
  }

  private collecting(): VerificationState {
    return { phase: 'collecting', attempt: this.attempt, goodFrames: this.distances.length, framesRequired: this.settings.goodFramesRequired };
  }
}
