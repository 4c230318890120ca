/**
 * What a journey through the real core needs to pass the face step: the fixture card
 * zhangWei carries an ID photo of a sample face (person p6-3), and the FACE_FRAMEs are
 * what the renderer would send for live pictures of the same face, computed here with
 * the same face module under Node.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SessionCommand, SessionSnapshot } from '../../core/contract';
import { readImageFile } from '../../core/face/image-file';
import { loadNodeFaceAnalyser } from '../../core/face/node-face';
import { FIXTURE_CARDS, FIXTURE_PHOTO_DIR } from '../../hardware/idcard/fixtures';
import { eventually } from './core';
import { copyFrame, rendererFrame, type FaceFrame } from './face-frames';
import { ensureSampleSet } from './face-samples';

export type { FaceFrame } from './face-frames';


export interface LiveFace {
  /** An app folder whose fixture photo for zhangWei is the sample person's ID photo (give it to startTestCore). */
  appRoot: string;
  liveFrames: FaceFrame[];
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
  return { appRoot, liveFrames };
}

const POSE_FOR = { 'turn-left': { yaw: 0.6 }, 'turn-right': { yaw: -0.6 }, 'mouth-open': { mouthOpen: 0.5 } } as const;

/**
 * Good frames until matched, then the liveness actions the screen asks for. The match
 * stands once the core has described a picture itself, so between the two it waits for
 * `current()` (the session's snapshot) to leave the matching phase.
 */
export async function showFace(
  liveFrames: readonly FaceFrame[],
  start: SessionSnapshot,
  send: (command: SessionCommand) => SessionSnapshot | Promise<SessionSnapshot>,
  current: () => SessionSnapshot,
): Promise<SessionSnapshot> {
  const good = liveFrames.filter((frame) => frame.descriptor !== null);
  expect(good.length).toBeGreaterThanOrEqual(3);
  let snapshot = start;
  for (const frame of good) {
    if (snapshot.face?.phase !== 'matching') break;
    snapshot = await send({ type: 'FACE_FRAME', frame: copyFrame(frame) });
  }
  if (snapshot.face?.phase === 'matching') snapshot = await eventually(current, (s) => s.face?.phase !== 'matching', 20_000);
  for (let i = 0; i < 10 && snapshot.face?.phase === 'liveness'; i++) {
    const action = snapshot.face.challenge?.action ?? 'turn-left';
    const pose = { yaw: 0, pitch: 0, mouthOpen: 0, ...POSE_FOR[action] };
    snapshot = await send({ type: 'FACE_FRAME', frame: { faceCount: 1, quality: [], pose, descriptor: null } });
  }
  return snapshot;
}
