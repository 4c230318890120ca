/**
 * The core's own look at one face attempt. The renderer's descriptors are numbers anyone
 * holding the host's token could forge, so they only advise; the decision stands only if
 * the core, describing at least one of the frames' pictures itself (the same face module
 * under Node), finds that face within the threshold of the ID photo.
 *
 * Pictures are described one at a time in the order they came, while the renderer is
 * still collecting frames, so an honest attempt is usually confirmed by its first
 * picture before the renderer's decision is due. Each picture's bytes and descriptor
 * are overwritten once its distance is taken; dispose() overwrites the rest.
 */
import { descriptorDistance, wipe } from '../../face/descriptor';
import type { FacePose } from '../../face/landmark-pose';

export type PictureVerdict = 'pending' | 'confirmed' | 'refused';

/** The one face of a picture as the core sees it: its descriptor, and its pose from its own landmarks. */
export interface DescribedPicture {
  descriptor: Float32Array;
  pose: FacePose;
}

/** Describes a JPEG in the core: its one face, or null. */
export type DescribePicture = (jpeg: Uint8Array) => Promise<DescribedPicture | null>;

export class PictureConfirmation {
  private readonly queue: Uint8Array[] = [];
  private describing = false;
  private disposed = false;
  private confirmedDistance: number | undefined;
  private closest: number | undefined;
  private readonly listeners = new Set<() => void>();

  /** Takes ownership of `idDescriptor` (a copy for this attempt): dispose() overwrites it. */
  constructor(
    private readonly idDescriptor: Float32Array,
    private readonly threshold: number,
    private readonly describe: DescribePicture,
  ) {}

  /** Confirmed once one picture's face is within the threshold; refused when every picture was described and none was. */
  get verdict(): PictureVerdict {
    if (this.confirmedDistance !== undefined) return 'confirmed';
    return this.describing || this.queue.length > 0 ? 'pending' : 'refused';
  }

  /** The core's own distance: the confirming picture's, else the closest found; null when no picture had a face. */
  get distance(): number | null {
    return this.confirmedDistance ?? this.closest ?? null;
  }

  /** Takes ownership of the picture's bytes; they are overwritten once described (or at once if no longer needed). */
  add(jpeg: Uint8Array): void {
    if (this.disposed || this.confirmedDistance !== undefined) {
      jpeg.fill(0);
      return;
    }
    this.queue.push(jpeg);
    void this.next();
  }

  /** Called after each picture is described; returns the unsubscribe function. */
  onDescribed(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    for (const jpeg of this.queue.splice(0)) jpeg.fill(0);
    wipe(this.idDescriptor);
    this.listeners.clear();
  }

  private async next(): Promise<void> {
    const jpeg = this.describing ? undefined : this.queue.shift();
    if (!jpeg) return;
    this.describing = true;
    let descriptor: Float32Array | null = null;
    try {
      descriptor = (await this.describe(jpeg))?.descriptor ?? null;
    } catch {
      // Not described (thrown or rejected alike): the next picture may be.
      descriptor = null;
    } finally {
      jpeg.fill(0);
      this.describing = false;
    }
    if (this.disposed) return wipe(descriptor ?? undefined);
    if (descriptor) {
      const distance = descriptorDistance(this.idDescriptor, descriptor);
      wipe(descriptor);
      this.closest = Math.min(distance, this.closest ?? Number.POSITIVE_INFINITY);
      if (distance <= this.threshold) {
        this.confirmedDistance = distance;
        for (const rest of this.queue.splice(0)) rest.fill(0);
      }
    }
    if (this.confirmedDistance === undefined) void this.next();
    for (const listener of [...this.listeners]) listener();
  }
}
