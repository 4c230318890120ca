/**
 * Fake JourneyServices for the machine's unit tests: a card reader the test puts cards
 * on, an ID photo whose descriptor is a fixed vector, an address base of one room, and
 * a registry that approves. Frames near the ID vector match, frames far from it do not.
 * A frame's "picture" is a JPEG start of image followed by the distance the core's own
 * description of it lies from the ID vector and the yaw its landmarks show, so a test
 * can make it disagree with the renderer's numbers.
 */
import { vi } from 'vitest';
import { FIXTURE_CARDS } from '../../../hardware/idcard/fixtures';
import type { IdCardText } from '../../../hardware/idcard/card-text';
import type { FaceSettings } from '../../../face/settings';
import type { SessionCommand, SessionSnapshot } from '../../../core/contract';
import type { CardOnReader, JourneyOutcome, JourneyServices } from '../../../core/session/journey-ports';
import type { LicenceSummary, PrintJobView } from '../../../core/session/journey-types';
import type { DescribedPicture } from '../../../core/session/picture-confirmation';
import { SessionService } from '../../../core/session/session-service';

export const TIMEOUT_MS = 60_000;
export const WARNING_MS = 15_000;
export const POLL_MS = 200;
export const HOUSE_CODE = '4403070030030400042000003';
export const COUNTER = '7';

export const FACE_SETTINGS: FaceSettings = {
  threshold: 0.45,
  goodFramesRequired: 2,
  maxAttempts: 3,
  liveness: { actions: ['turn-left'], steps: 1, stepTimeoutSeconds: 8 },
};

export const LICENCE: LicenceSummary = {
  creditCode: '92440300MA5EQ7GQ4X',
  name: '深圳市龙岗区精锐图文设计店',
  registrationDate: '2026-01-05',
  address: '广东省深圳市龙岗区平湖街道平湖社区平湖大街128号华南城1号楼103室',
};

type FrameCommand = Extract<SessionCommand, { type: 'FACE_FRAME' }>;

function vector(offset: number): number[] {
  return Array.from({ length: 128 }, (_, i) => (i === 0 ? 0.5 + offset : 0.01 * (i % 7)));
}

const JPEG_START = [0xff, 0xd8, 0xff];

/** A fake picture whose face the core finds `distance` from the ID photo, turned by `yaw` (landmark-pose.ts units). */
export function fakePicture(distance: number, yaw = 0): string {
  return Buffer.from([...JPEG_START, ...Buffer.from(`${distance}/${yaw}`)]).toString('base64');
}

/** A good frame whose descriptor lies `distance` away from the ID photo's, and its picture `pictureDistance` away. */
export function faceFrame(distance: number, pictureDistance = distance): FrameCommand {
  return { type: 'FACE_FRAME', frame: { faceCount: 1, quality: [], pose: { yaw: 0, pitch: 0, mouthOpen: 0 }, descriptor: vector(distance), image: fakePicture(pictureDistance) } };
}

/** The fake core's description of a fakePicture: the vector at the distance written in it, and the yaw. */
export async function describeFakePicture(jpeg: Uint8Array): Promise<DescribedPicture | null> {
  const [distance, yaw] = Buffer.from(jpeg.subarray(JPEG_START.length)).toString().split('/').map(Number);
  if (!Number.isFinite(distance) || !Number.isFinite(yaw)) return null;
  return { descriptor: Float32Array.from(vector(distance as number)), pose: { yaw: yaw as number, pitch: 0, rollDegrees: 0, mouthOpen: 0 } };
}

/** A frame of the applicant turning to their left, for the liveness step: `pictureYaw` is what the core sees in its picture. */
export function turnLeftFrame(pictureYaw = 0.6, pictureDistance = 0.1): FrameCommand {
  const pose = { yaw: 0.6, pitch: 0, mouthOpen: 0 };
  return { type: 'FACE_FRAME', frame: { faceCount: 1, quality: ['turned-sideways'], pose, descriptor: null, image: fakePicture(pictureDistance, pictureYaw) } };
}

export interface FakeJourney {
  services: JourneyServices;
  session: SessionService;
  /** Puts a card on the fake reader (read on the machine's next poll). */
  insert(card: IdCardText): void;
  /** Every ID-photo descriptor handed to the machine, to check that they were wiped. */
  idDescriptors: Float32Array[];
  submit: ReturnType<typeof vi.fn<JourneyServices['submit']>>;
  audit: ReturnType<typeof vi.fn<JourneyServices['audit']>>;
  /** Reports print jobs to the printing step. */
  printJobs(jobs: PrintJobView[]): void;
  send(command: SessionCommand): SessionSnapshot;
}

export function fakeJourney(outcome: Partial<JourneyOutcome> = {}): FakeJourney {
  let onReader: CardOnReader | undefined;
  let printListener: ((jobs: PrintJobView[]) => void) | undefined;
  const idDescriptors: Float32Array[] = [];
  const submit = vi.fn<JourneyServices['submit']>(async () => ({
    applicationId: 'app-1',
    decision: { outcome: 'approve', reasons: [] },
    licence: LICENCE,
    ...outcome,
  }));
  const audit = vi.fn<JourneyServices['audit']>();
  const services: JourneyServices = {
    readCard: async () => (onReader ? { kind: 'card', reading: { card: onReader.card, wlt: onReader.wlt.slice() } } : { kind: 'no-card' }),
    describeIdPhoto: async () => {
      const descriptor = Float32Array.from(vector(0));
      idDescriptors.push(descriptor);
      return { ok: true, descriptor };
    },
    describeFacePicture: describeFakePicture,
    today: () => '2026-01-05',
    nameRegion: () => '深圳市龙岗区',
    formProblems: (form) => [
      ...(form.name && form.name.tradeName.length < 2
        ? [{ code: 'name', field: 'name', message: { 'zh-CN': '请填写字号。', en: 'Please fill in the trade name.' } }]
        : []),
      ...(/^1\d{10}$/.test(form.phone) ? [] : [{ code: 'phone', field: 'phone', message: { 'zh-CN': '手机号码有误。', en: 'Bad phone number.' } }]),
    ],
    lookupAddress: (houseCode) =>
      houseCode === HOUSE_CODE
        ? {
            ok: true,
            view: { houseCode, formatted: LICENCE.address, usage: '商业' },
            record: { houseCode, exists: true, usage: '商业', status: 'normal', districtCode: '440307', flagged: false, address: LICENCE.address },
          }
        : { ok: false, problem: { code: 'not-found', field: 'houseCode', message: { 'zh-CN': '地址库中没有该房屋编码。', en: 'Unknown house code.' } } },
    activeLicences: async () => ({ licences: [LICENCE] }),
    submit,
    collectIssued: (_creditCode, applicationId, reprint) => (reprint ? 'reprint:1' : applicationId),
    watchPrinting: (_creditCode, _applicationId, listener) => {
      printListener = listener;
      listener([{ id: '1', document: 'licence-a4', printer: 'laser', state: 'queued', problem: null }]);
      return () => {
        printListener = undefined;
      };
    },
    audit,
  };
  const session = new SessionService({
    defaultLanguage: 'zh-CN',
    inactivityTimeoutMs: TIMEOUT_MS,
    inactivityWarningMs: WARNING_MS,
    face: FACE_SETTINGS,
    referralCounter: COUNTER,
    cardPollMs: POLL_MS,
    services,
    random: () => 0,
  });
  return {
    services,
    session,
    insert: (card) => {
      onReader = { card, wlt: new Uint8Array(16).fill(7) };
    },
    idDescriptors,
    submit,
    audit,
    printJobs: (jobs) => printListener?.(jobs),
    send: (command) => session.send(command),
  };
}

export const ZHANG_WEI = FIXTURE_CARDS.zhangWei.text;
export const EXPIRED_CARD = FIXTURE_CARDS.chenJianguo.text;
