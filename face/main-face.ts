/**
 * Which detections of a still photo are one face. On a tightly cropped photo the detector
 * may also report part of the same face (a box overlapping or inside it) or a faint
 * shape in the hair or collar; those are not a second person. A detection counts as
 * another face only when it lies clear of the main one and scores close to it.
 */
import type { Region } from './image-measures';

/** What face-api reports per face (the landmarks and other parts ride along). */
export interface Detection {
  detection: { box: Region; score: number };
}

/** A second detection sharing at least this share of its own area with the main face is part of it. */
const OVERLAP_SHARE = 0.1;
/** A second detection scoring below this fraction of the main face's score is not a face. */
const SCORE_RATIO = 0.5;

/** The main face (the highest score) and the detections that are other faces. */
export function mainFace<T extends Detection>(detections: readonly T[]): { main: T; others: T[] } | undefined {
  const main = detections.reduce<T | undefined>((best, d) => (!best || d.detection.score > best.detection.score ? d : best), undefined);
  if (!main) return undefined;
  const { box, score } = main.detection;
  const others = detections.filter((d) => d !== main && d.detection.score >= SCORE_RATIO * score && overlapShare(d.detection.box, box) < OVERLAP_SHARE);
  return { main, others };
}

/** The share of `box`'s area that lies inside `other`. */
function overlapShare(box: Region, other: Region): number {
  const width = Math.min(box.x + box.width, other.x + other.width) - Math.max(box.x, other.x);
  const height = Math.min(box.y + box.height, other.y + other.height) - Math.max(box.y, other.y);
  const area = box.width * box.height;
  return width > 0 && height > 0 && area > 0 ? (width * height) / area : 0;
}
