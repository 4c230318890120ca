/**
 * The tunable numbers of face verification. The configured part (`FaceSettings`) is
 * validated by core/config/schema.ts; the renderer's camera check, which has no core,
 * uses the defaults. The threshold was chosen with scripts/calibrate-face.ts (README,
 * "Face verification").
 */

export const LIVENESS_ACTIONS = ['turn-left', 'turn-right', 'mouth-open'] as const;
export type LivenessAction = (typeof LIVENESS_ACTIONS)[number];

export interface LivenessSettings {
  /** The pool the challenge is drawn from. */
  actions: readonly LivenessAction[];
  /** How many distinct actions one challenge asks for. */
  steps: number;
  /** Each step has its own clock: it starts when the step is shown. */
  stepTimeoutSeconds: number;
}

export interface FaceSettings {
  /** Largest median descriptor distance still accepted as the same person. */
  threshold: number;
  /** Good live frames whose median distance decides one attempt. */
  goodFramesRequired: number;
  /** Attempts before the applicant is referred to a counter. */
  maxAttempts: number;
  liveness: LivenessSettings;
}

export const DEFAULT_FACE_SETTINGS: FaceSettings = {
  threshold: 0.57,
  goodFramesRequired: 5,
  maxAttempts: 3,
  liveness: { actions: LIVENESS_ACTIONS, steps: 2, stepTimeoutSeconds: 8 },
};

/**
 * What a live frame must look like before its descriptor counts. Ratios are of the
 * frame's height (size) or width/height (centring); yaw and pitch come from
 * landmark-pose.ts; sharpness, highlights and clipping from image-measures.ts.
 * Measured on the calibration set's live pictures (scripts/calibrate-face.ts).
 */
export interface QualityLimits {
  minFaceHeight: number;
  maxFaceHeight: number;
  maxCentreOffset: number;
  maxYaw: number;
  maxPitch: number;
  minSharpness: number;
  /** Below this 95th-percentile luminance the face is underexposed. */
  minHighlights: number;
  /** Above this share of clipped pixels the face is washed out. */
  maxClipped: number;
}

export const DEFAULT_QUALITY_LIMITS: QualityLimits = {
  minFaceHeight: 0.3,
  maxFaceHeight: 0.9,
  maxCentreOffset: 0.2,
  maxYaw: 0.25,
  maxPitch: 0.3,
  minSharpness: 2,
  minHighlights: 80,
  maxClipped: 0.25,
};

/** How far a liveness action must go to count, in the units of landmark-pose.ts. */
export interface LivenessLimits {
  turnYaw: number;
  mouthOpen: number;
  /** Consecutive frames beyond the limit: one frame of landmark jitter is not an action. */
  framesToHold: number;
}

export const DEFAULT_LIVENESS_LIMITS: LivenessLimits = {
  turnYaw: 0.4,
  mouthOpen: 0.35,
  framesToHold: 2,
};
