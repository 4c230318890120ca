/**
 * The core's own look at the liveness steps. The renderer's pose numbers could be forged
 * by anyone holding the host's token, so they only say which pictures are worth the
 * core's time (a frame the renderer says shows the step's action); the core describes
 * those pictures itself with the same face module, and reports for each one its face's
 * pose (from the core's landmarks) and its distance from the ID photo. FaceCheck then
 * counts a picture for the step only when the face is the matched person and its pose
 * shows the action.
 *
 * One picture is described at a time, in the order they came (a step needs several in a
 * row, and a slow camera gives few of them); at most PICTURES_WAITING wait, an older one
 * beyond that is overwritten unread, so the core keeps up with the applicant rather than
 * with a backlog. Each picture's bytes and descriptor are overwritten once its distance
 * is taken; dispose() overwrites the rest.
 */
import { descriptorDistance, wipe } from '../../face/descriptor';
import type { FacePose } from '../../face/landmark-pose';
import type { DescribePicture } from './picture-confirmation';

/** What the core saw in one picture of liveness step `step` (0 for the first), which arrived at `atMs`. */
export interface PictureLook {
  step: number;
  atMs: number;
  /** Undefined when the picture holds no single face the core could describe. */
  seen?: { pose: FacePose; distance: number };
}

/** Pictures waiting to be described, at most. */
const PICTURES_WAITING = 3;

interface Waiting {
  jpeg: Uint8Array;
  step: number;
  atMs: number;
}

export class LivenessPictures {
  private readonly waiting: Waiting[] = [];
  private describing: Waiting | undefined;
  private disposed = false;

  /** Takes ownership of `idDescriptor` (a copy for this attempt): dispose() overwrites it. */
  constructor(
    private readonly idDescriptor: Float32Array,
    private readonly describe: DescribePicture,
    private readonly onLook: (look: PictureLook) => void,
  ) {}

  /** Takes ownership of the picture's bytes; they are overwritten once described or replaced. */
  add(jpeg: Uint8Array, step: number, atMs: number): void {
    if (this.disposed) {
      jpeg.fill(0);
      return;
    }
    this.waiting.push({ jpeg, step, atMs });
    for (const dropped of this.waiting.splice(0, Math.max(0, this.waiting.length - PICTURES_WAITING))) dropped.jpeg.fill(0);
    void this.next();
  }

  /** Whether a picture of `step` is still waiting or being described. */
  isLookingAt(step: number): boolean {
    return this.describing?.step === step || this.waiting.some((picture) => picture.step === step);
  }

  dispose(): void {
    this.disposed = true;
    for (const picture of this.waiting.splice(0)) picture.jpeg.fill(0);
    wipe(this.idDescriptor);
  }

  private async next(): Promise<void> {
    if (this.describing || this.waiting.length === 0) return;
    this.describing = this.waiting.shift() as Waiting;
    const { jpeg, step, atMs } = this.describing;
    let seen: PictureLook['seen'];
    try {
      const described = await this.describe(jpeg);
      if (described && !this.disposed) seen = { pose: described.pose, distance: descriptorDistance(this.idDescriptor, described.descriptor) };
      wipe(described?.descriptor);
    } catch {
      // Not described (thrown or rejected alike): a picture without a face the core could see.
    } finally {
      jpeg.fill(0);
      this.describing = undefined;
    }
    if (this.disposed) return;
    this.onLook({ step, atMs, seen });
    void this.next();
  }
}
