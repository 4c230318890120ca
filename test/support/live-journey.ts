/**
 * What a journey through the real core needs to pass the face step: the fixture card
 * zhangWei carries an ID photo of a sample face (person p6-3), and the FACE_FRAMEs are
 * what the renderer would send for live pictures of the same face, computed here with
 * the same face module under Node.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionCommand, SessionSnapshot } from '../../core/contract';
import { readImageFile } from '../../core/face/image-file';
import { loadNodeFaceAnalyser } from '../../core/face/node-face';
import { FIXTURE_CARDS, FIXTURE_PHOTO_DIR } from '../../hardware/idcard/fixtures';
import { eventually } from './core';
import { copyFrame, doLiveness, livenessFrames, rendererFrame, TURNS_ONLY_ENV, type FaceFrame, type LivenessFrames } from './face-frames';
import { ensureSampleSet, samplePicture } from './face-samples';

export type { FaceFrame } from './face-frames';


/** The configuration a journey with these frames needs: three good frames match (the sample has four), and the challenge asks only for turns. */
export const LIVE_FACE_ENV = { KIOSK__FACE__GOOD_FRAMES_REQUIRED: '3', ...TURNS_ONLY_ENV } as const;

export interface LiveFace {
  /** An app folder whose fixture photo for zhangWei is the sample person's ID photo (give it to startTestCore). */
  appRoot: string;
  liveFrames: FaceFrame[];
  /** The same face turning, for the liveness steps (the core started with LIVE_FACE_ENV). */
  turns: LivenessFrames;
}

export async function prepareLiveFace(): Promise<LiveFace> {
  const set = await ensureSampleSet('quick');
  const person = set.people.find((p) => p.id === 'p6-3');
  if (!person) throw new Error('p6-3 missing from the face sample set');
  // The simulated decoder finds the photo by the fixture's file name and reads JPEG or PNG by its bytes.
  const appRoot = mkdtempSync(join(tmpdir(), 'journey-app-'));
  mkdirSync(join(appRoot, FIXTURE_PHOTO_DIR), { recursive: true });
  copyFileSync(person.idPhotos.find((f) => f.includes('id-plain')) as string, join(appRoot, FIXTURE_PHOTO_DIR, FIXTURE_CARDS.zhangWei.photoFile));

  const analyser = await loadNodeFaceAnalyser();
  const liveFrames: FaceFrame[] = [];
  for (const file of person.liveFrames) liveFrames.push(await rendererFrame(analyser, await readImageFile(file)));
  return { appRoot, liveFrames, turns: await livenessFrames(analyser, samplePicture(set, 'p6-3', 'live-plain')) };
}

/**
 * Good frames until matched, then the liveness actions the screen asks for. The match
 * stands once the core has described a picture itself, so between the two it waits for
 * `current()` (the session's snapshot) to leave the matching phase.
 */
export async function showFace(
  face: Pick<LiveFace, 'liveFrames' | 'turns'>,
  start: SessionSnapshot,
  send: (command: SessionCommand) => SessionSnapshot | Promise<SessionSnapshot>,
  current: () => SessionSnapshot,
): Promise<SessionSnapshot> {
  const good = face.liveFrames.filter((frame) => frame.descriptor !== null);
  if (good.length < 3) throw new Error(`only ${good.length} good live frames of the sample face; the match needs 3`);
  let snapshot = start;
  for (const frame of good) {
    if (snapshot.face?.phase !== 'matching') break;
    snapshot = await send({ type: 'FACE_FRAME', frame: copyFrame(frame) });
  }
  if (snapshot.face?.phase === 'matching') snapshot = await eventually(current, (s) => s.face?.phase !== 'matching', 20_000);
  if (snapshot.face?.phase !== 'liveness') return snapshot;
  await doLiveness(face.turns, send, current);
  // The step after the face (details, or choose-licence) is entered when the last picture is described.
  return eventually(current, (s) => s.state !== 'face' || s.face?.phase !== 'passed', 20_000);
}
