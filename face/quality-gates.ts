/**
 * Is this live frame good enough for its descriptor to count? Every failed gate gives
 * a machine-readable reason, most important first; the UI turns the first one into an
 * instruction for the applicant.
 */
import type { RegionMeasures } from './image-measures';
import type { FacePose } from './landmark-pose';
import type { QualityLimits } from './settings';

export const QUALITY_REASONS = [
  'no-face',
  'several-faces',
  'face-too-small',
  'face-too-large',
  'off-centre',
  'turned-sideways',
  'head-tilted',
  'too-dark',
  'too-bright',
  'blurred',
] as const;
export type QualityReason = (typeof QUALITY_REASONS)[number];

/** Measurements of the one face in the frame. */
export interface FaceReadings extends RegionMeasures {
  /** Face box height over frame height. */
  heightRatio: number;
  /** Face centre minus frame centre, over frame width and height: -0.5..0.5, > 0 right and down. */
  offsetX: number;
  offsetY: number;
  pose: FacePose;
}

export function assessQuality(faceCount: number, readings: FaceReadings | undefined, limits: QualityLimits): QualityReason[] {
  if (faceCount === 0 || !readings) return ['no-face'];
  if (faceCount > 1) return ['several-faces'];
  const reasons: QualityReason[] = [];
  if (readings.heightRatio < limits.minFaceHeight) reasons.push('face-too-small');
  if (readings.heightRatio > limits.maxFaceHeight) reasons.push('face-too-large');
  if (Math.max(Math.abs(readings.offsetX), Math.abs(readings.offsetY)) > limits.maxCentreOffset) reasons.push('off-centre');
  if (Math.abs(readings.pose.yaw) > limits.maxYaw) reasons.push('turned-sideways');
  if (Math.abs(readings.pose.pitch) > limits.maxPitch) reasons.push('head-tilted');
  if (readings.highlights < limits.minHighlights) reasons.push('too-dark');
  if (readings.clipped > limits.maxClipped) reasons.push('too-bright');
  if (readings.sharpness < limits.minSharpness) reasons.push('blurred');
  return reasons;
}
