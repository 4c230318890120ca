/**
 * Sharpness and exposure of a face region, measured on a grey copy at a fixed size so
 * that the numbers do not depend on the camera's resolution, and sharpness relative to
 * the face's contrast so that it does not depend on the light. Exposure is judged by the
 * face's highlights and clipped pixels, not its mean: a dark skin in good light has a
 * low mean but normal highlights, and must not be told it is too dark.
 */
import type { Tensor3D, Tf } from './runtime';

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RegionMeasures {
  /** Variance of the Laplacian over the variance of the grey values, in %: high for crisp edges, low for blur, the same in dim light. */
  sharpness: number;
  /** Mean luminance, 0..255 (shown to technicians; not a gate). */
  brightness: number;
  /** 95th percentile of luminance: low when the face is underexposed. */
  highlights: number;
  /** Share of pixels at 250 or above: high when the face is washed out. */
  clipped: number;
}

const MEASURE_SIZE = 112;
const LUMA = [0.299, 0.587, 0.114];
const LAPLACIAN = [0, 1, 0, 1, -4, 1, 0, 1, 0];
const CLIPPED_FROM = 250;

export function measureRegion(tf: Tf, image: Tensor3D, region: Region): RegionMeasures {
  const [height, width] = image.shape;
  const [greyTensor, sharpnessTensor] = tf.tidy(() => {
    const box = [region.y / height, region.x / width, (region.y + region.height) / height, (region.x + region.width) / width];
    const crop = tf.image.cropAndResize(tf.expandDims(tf.cast(image, 'float32'), 0) as never, [box], [0], [MEASURE_SIZE, MEASURE_SIZE]);
    const grey = tf.sum(tf.mul(crop, tf.tensor1d(LUMA)), -1, true);
    const edges = tf.conv2d(grey as never, tf.tensor4d(LAPLACIAN, [3, 3, 1, 1]), 1, 'valid');
    return [grey, tf.mul(tf.div(tf.moments(edges).variance, tf.add(tf.moments(grey).variance, 1)), 100)];
  });
  const grey = greyTensor.dataSync() as Float32Array;
  const sharpness = sharpnessTensor.dataSync()[0] ?? 0;
  tf.dispose([greyTensor, sharpnessTensor]);

  const sorted = Float32Array.from(grey).sort();
  let sum = 0;
  let clipped = 0;
  for (const value of sorted) {
    sum += value;
    if (value >= CLIPPED_FROM) clipped += 1;
  }
  return {
    sharpness,
    brightness: sum / sorted.length,
    highlights: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0,
    clipped: clipped / sorted.length,
  };
}
