/**
 * What the face module accepts as an image, and how it becomes a tensor. The caller
 * keeps ownership of what it passed in; tensors made here are disposed here.
 */
import type { Tensor3D, Tf } from './runtime';

/** Decoded pixels, 4 bytes per pixel (RGBA), row by row: what jpeg-js, pngjs and ImageData give. */
export interface PixelBuffer {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** A DOM image source (canvas, video, image, ImageBitmap), read through tf.browser.fromPixels. */
export interface DrawableImage {
  readonly width: number;
  readonly height: number;
}

/** An int32 [height, width, 3] tensor, decoded pixels, or a drawable. */
export type FaceImage = Tensor3D | PixelBuffer | DrawableImage;

export function isPixelBuffer(image: FaceImage): image is PixelBuffer {
  const data = (image as Partial<PixelBuffer>).data;
  return data instanceof Uint8Array || data instanceof Uint8ClampedArray;
}

export function pixelBufferToTensor(tf: Tf, pixels: PixelBuffer): Tensor3D {
  const expected = pixels.width * pixels.height * 4;
  if (pixels.data.length !== expected) {
    throw new RangeError(`expected ${expected} bytes of RGBA for ${pixels.width}x${pixels.height}, got ${pixels.data.length}`);
  }
  const data = new Uint8Array(pixels.data.buffer, pixels.data.byteOffset, pixels.data.length);
  return tf.browser.fromPixels({ data, width: pixels.width, height: pixels.height }, 3);
}

/** Runs `use` on the image as a tensor, disposing the tensor afterwards if it was made here. */
export async function withImageTensor<T>(tf: Tf, image: FaceImage, use: (tensor: Tensor3D) => Promise<T>): Promise<T> {
  if (image instanceof tf.Tensor) return use(image as Tensor3D);
  const tensor = isPixelBuffer(image) ? pixelBufferToTensor(tf, image) : tf.browser.fromPixels(image as never, 3);
  try {
    return await use(tensor);
  } finally {
    tensor.dispose();
  }
}
