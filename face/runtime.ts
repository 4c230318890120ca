/**
 * The face-api namespace is handed in by the caller: the renderer passes the browser
 * build, Node passes the node-wasm build. Both carry the complete tfjs namespace as
 * `faceapi.tf`, but face-api's type declarations describe only a slice of it, so the
 * full tfjs types are attached here, in one place.
 */
import type * as FaceApiModule from '@vladmandic/face-api';
import type * as TfModule from '@tensorflow/tfjs';

export type FaceApi = typeof FaceApiModule;
export type Tf = typeof TfModule;
export type Tensor3D = TfModule.Tensor3D;

/** face-api's own declaration of the tensor type it accepts as input. */
export type FaceApiInput = FaceApiModule.TNetInput;

export function tfOf(faceapi: FaceApi): Tf {
  const tf = faceapi.tf as unknown as Partial<Tf>;
  if (typeof tf.memory !== 'function' || typeof tf.getBackend !== 'function') {
    throw new Error('this face-api build does not carry the full tfjs namespace');
  }
  return tf as Tf;
}

/** face-api declares its own copy of the tfjs Tensor class; at run time they are the same. */
export function asFaceApiInput(tensor: Tensor3D): FaceApiInput {
  return tensor as unknown as FaceApiInput;
}
