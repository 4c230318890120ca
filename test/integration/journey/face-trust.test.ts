// The face decision across the trust boundary: a client holding the browser host's token
// talks the contract over the real WebSocket to a real core, whose simulated card carries
// a real face (p6-3's ID photo). Numbers that pass are not believed: the core describes
// the frames' pictures itself. And the liveness steps must be done by the matched face,
// as the core itself sees it in the pictures: turn numbers sent with frontal pictures,
// or the turns of another face, do no step.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SessionCommand, SessionSnapshot } from '../../../core/contract';
import { readImageFile } from '../../../core/face/image-file';
import { loadNodeFaceAnalyser } from '../../../core/face/node-face';
import { startBrowserHost, WEBSOCKET_PATH, type BrowserHost } from '../../../core/host/browser-host';
import { FIXTURE_CARDS, FIXTURE_PHOTO_DIR } from '../../../hardware/idcard/fixtures';
import { createMessageBridge, type MessageBridge } from '../../../renderer/src/bridge/message-bridge';
import { startTestCore, type TestCore } from '../../support/core';
import { copyFrame, doLiveness, livenessFrames, rendererFrame, TURNS_ONLY_ENV, type FaceFrame, type LivenessFrames } from '../../support/face-frames';
import { ensureSampleSet, samplePicture } from '../../support/face-samples';

const CARD_HOLDER = 'p6-3';
const SOMEONE_ELSE = 'p6-4';
const FORGED_YAW = { 'turn-left': 0.6, 'turn-right': -0.6 } as const;

let appRoot: string;
let core: TestCore;
let host: BrowserHost;
let client: { bridge: MessageBridge; socket: WebSocket };
/** Good frames (descriptor and picture) of the card holder and of someone else, as the renderer sends them. */
const good: Record<string, FaceFrame[]> = {};
/** The same people turning their heads, as the renderer sends frames during the liveness steps. */
const turns: Record<string, LivenessFrames> = {};

beforeAll(async () => {
  const set = await ensureSampleSet('quick');
  const person = (id: string) => {
    const found = set.people.find((p) => p.id === id);
    if (!found) throw new Error(`${id} missing from the face sample set`);
    return found;
  };
  appRoot = mkdtempSync(join(tmpdir(), 'face-trust-'));
  mkdirSync(join(appRoot, FIXTURE_PHOTO_DIR), { recursive: true });
  copyFileSync(person(CARD_HOLDER).idPhotos.find((f) => f.includes('id-plain')) as string, join(appRoot, FIXTURE_PHOTO_DIR, FIXTURE_CARDS.zhangWei.photoFile));
  const analyser = await loadNodeFaceAnalyser();
  for (const id of [CARD_HOLDER, SOMEONE_ELSE]) {
    good[id] = [];
    for (const file of person(id).liveFrames) {
      const frame = await rendererFrame(analyser, await readImageFile(file));
      if (frame.descriptor && frame.image) good[id]?.push(frame);
    }
    expect(good[id]?.length).toBeGreaterThanOrEqual(3);
    turns[id] = await livenessFrames(analyser, samplePicture(set, id, 'live-plain'));
  }
  core = await startTestCore({ KIOSK__FACE__GOOD_FRAMES_REQUIRED: '3', KIOSK__FACE__MAX_ATTEMPTS: '2', ...TURNS_ONLY_ENV }, { appRoot });
  host = await startBrowserHost({ server: core.server, rendererDir: appRoot, port: 0 });
}, 180_000);

afterAll(async () => {
  await host?.close();
  await core?.dispose();
  if (appRoot) rmSync(appRoot, { recursive: true, force: true });
});

/** A client of the contract over the browser host's WebSocket, with the launch token: what an attacker holding it has. */
async function connect(): Promise<{ bridge: MessageBridge; socket: WebSocket }> {
  const socket = new WebSocket(`ws://127.0.0.1:${new URL(host.origin).port}${WEBSOCKET_PATH}?token=${encodeURIComponent(host.token)}`, { origin: host.origin });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const bridge = createMessageBridge({
    send: (text) => socket.send(text),
    onMessage: (listener) => socket.on('message', (data) => listener(String(data))),
    onClose: (listener) => socket.on('close', () => listener()),
    close: () => socket.close(),
  });
  return { bridge, socket };
}

beforeEach(async () => {
  client?.socket.close();
  client = await connect();
  const attract = await send({ type: 'CANCEL' });
  expect(attract.state).toBe('attract');
});

function send(command: SessionCommand): Promise<SessionSnapshot> {
  return client.bridge.call('session.send', command);
}

/** The next published snapshot that satisfies `predicate` (or the current one). */
function reached(predicate: (s: SessionSnapshot) => boolean): Promise<SessionSnapshot> {
  return new Promise((resolve) => {
    const stop = client.bridge.on('session.state', (snapshot) => {
      if (!predicate(snapshot)) return;
      stop();
      resolve(snapshot);
    });
    void client.bridge.call('session.get', {}).then((snapshot) => {
      if (!predicate(snapshot)) return;
      stop();
      resolve(snapshot);
    });
  });
}

async function toFaceStep(): Promise<SessionSnapshot> {
  await send({ type: 'START' });
  await send({ type: 'CHOOSE_SERVICE', service: 'registration' });
  await send({ type: 'CONSENT', general: true, face: true });
  core.devices.simulation?.idcard.insert('zhangWei');
  return reached((s) => s.state === 'face' || s.state === 'referral' || s.problem !== null);
}

/** Sends frames while the core is matching, then waits for its decision on them. */
async function match(frames: FaceFrame[]): Promise<SessionSnapshot> {
  let snapshot = await reached(() => true);
  for (const frame of frames) {
    if (snapshot.face?.phase !== 'matching' || snapshot.face.goodFrames === snapshot.face.goodFramesRequired) break;
    snapshot = await send({ type: 'FACE_FRAME', frame: copyFrame(frame) });
  }
  return reached((s) => s.face?.phase !== 'matching');
}

/** The movements the screen asks for, with `frames`' pictures, until the liveness phase ends. */
function doChallenge(frames: Partial<LivenessFrames>): Promise<SessionSnapshot> {
  return doLiveness(frames, send, () => client.bridge.call('session.get', {}));
}

/** The card holder's frontal pictures, each sent with the turn numbers the step asks for and no descriptor. */
function forgedTurns(): LivenessFrames {
  const frontal = (good[CARD_HOLDER] as FaceFrame[]).map((frame) => ({ ...frame, quality: ['turned-sideways'], descriptor: null }));
  const turned = (yaw: number) => frontal.map((frame) => ({ ...frame, pose: { yaw, pitch: 0, mouthOpen: 0 } }));
  return { 'turn-left': turned(FORGED_YAW['turn-left']), 'turn-right': turned(FORGED_YAW['turn-right']) };
}

function faceAttempts(): Array<Record<string, unknown>> {
  return core.db.prepare<[], { data: string }>("SELECT data FROM audit_log WHERE event = 'face.attempt' ORDER BY seq").all().map((row) => JSON.parse(row.data));
}

describe('the face decision over the contract', () => {
  it('lets the card holder through: own pictures, own face during the movements', async () => {
    expect((await toFaceStep()).state).toBe('face');
    expect((await match(good[CARD_HOLDER] as FaceFrame[])).face?.phase).toBe('liveness');
    const after = await doChallenge(turns[CARD_HOLDER] as LivenessFrames);
    expect(after.state).toBe('details');
    const [attempt] = faceAttempts().slice(-1);
    expect(attempt).toMatchObject({ outcome: 'passed' });
    expect(attempt?.distance as number).toBeLessThanOrEqual(attempt?.threshold as number);
  }, 120_000);

  it('refuses passing numbers sent with someone else\'s pictures: the core\'s own distance decides', async () => {
    expect((await toFaceStep()).state).toBe('face');
    // The card holder's descriptors (numbers that pass), each with a picture of someone else.
    const forged = (good[SOMEONE_ELSE] as FaceFrame[]).map((frame, i) => ({ ...frame, descriptor: (good[CARD_HOLDER] as FaceFrame[])[i % 3]?.descriptor ?? null }));
    const decided = await match(forged);
    expect(decided).toMatchObject({ state: 'face', face: { phase: 'failed' }, problem: { code: 'face-not-matched' } });
    const [attempt] = faceAttempts().slice(-1);
    expect(attempt).toMatchObject({ outcome: 'not-matched' });
    expect(attempt?.rendererDistance as number).toBeLessThanOrEqual(attempt?.threshold as number);
    expect(attempt?.distance as number).toBeGreaterThan(attempt?.threshold as number);
    // Nothing the client does next gets it past the face step.
    expect((await doChallenge(turns[CARD_HOLDER] as LivenessFrames)).state).toBe('face');
  }, 120_000);

  it('does not count passing numbers sent without any picture', async () => {
    expect((await toFaceStep()).state).toBe('face');
    let snapshot = await reached(() => true);
    for (let i = 0; i < 9; i += 1) {
      const { image: _none, ...numbers } = copyFrame((good[CARD_HOLDER] as FaceFrame[])[i % 3] as FaceFrame);
      snapshot = await send({ type: 'FACE_FRAME', frame: numbers });
    }
    expect(snapshot).toMatchObject({ state: 'face', face: { phase: 'matching', goodFrames: 0 } });
    expect((await doChallenge(turns[CARD_HOLDER] as LivenessFrames)).state).toBe('face');
  }, 120_000);

  it('refuses a picture that is not a JPEG, or too large, at the contract', async () => {
    expect((await toFaceStep()).state).toBe('face');
    const frame = copyFrame((good[CARD_HOLDER] as FaceFrame[])[0] as FaceFrame);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');
    await expect(send({ type: 'FACE_FRAME', frame: { ...frame, image: png } })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(send({ type: 'FACE_FRAME', frame: { ...frame, image: `/9j/${'A'.repeat(56_000)}` } })).rejects.toMatchObject({ code: 'bad-request' });
    expect((await reached(() => true)).face).toMatchObject({ phase: 'matching', goodFrames: 0 });
  }, 120_000);

  it('fails the attempt when someone else shows their face during the liveness steps', async () => {
    expect((await toFaceStep()).state).toBe('face');
    expect((await match(good[CARD_HOLDER] as FaceFrame[])).face?.phase).toBe('liveness');
    // A frontal frame the renderer described: another face, seen at once.
    const after = await send({ type: 'FACE_FRAME', frame: { ...copyFrame((good[SOMEONE_ELSE] as FaceFrame[])[0] as FaceFrame), image: null } });
    expect(after).toMatchObject({ state: 'face', face: { phase: 'failed' }, problem: { code: 'face-changed' } });
    expect(faceAttempts().slice(-1)).toMatchObject([{ outcome: 'liveness-other-face' }]);
  }, 120_000);

  it('does no liveness step for turns of another face sent without descriptors: the core sees whose face turns', async () => {
    expect((await toFaceStep()).state).toBe('face');
    expect((await match(good[CARD_HOLDER] as FaceFrame[])).face?.phase).toBe('liveness');
    const after = await doChallenge(turns[SOMEONE_ELSE] as LivenessFrames);
    expect(after).toMatchObject({ state: 'face', face: { phase: 'failed' }, problem: { code: 'face-liveness-timed-out' } });
    const [attempt] = faceAttempts().slice(-1);
    // The turns were real (the renderer's numbers past the limit); none of them was the card holder's.
    expect(attempt).toMatchObject({ outcome: 'liveness-timed-out', liveness: [{ outcome: 'timed-out', framesWithFace: 0 }] });
  }, 120_000);

  it('does no liveness step for turn numbers sent with frontal pictures: the core measures the turn in the picture', async () => {
    expect((await toFaceStep()).state).toBe('face');
    expect((await match(good[CARD_HOLDER] as FaceFrame[])).face?.phase).toBe('liveness');
    const after = await doChallenge(forgedTurns());
    expect(after).toMatchObject({ state: 'face', face: { phase: 'failed' }, problem: { code: 'face-liveness-timed-out' } });
    const [attempt] = faceAttempts().slice(-1) as Array<{ outcome: string; liveness: Array<{ outcome: string; peak: number; limit: number; framesWithFace: number }> }>;
    expect(attempt).toMatchObject({ outcome: 'liveness-timed-out', liveness: [{ outcome: 'timed-out' }] });
    // The card holder's own face, seen by the core, frontal: well short of the turn.
    const [step] = attempt?.liveness ?? [];
    expect(step?.framesWithFace).toBeGreaterThan(0);
    expect(step?.peak).toBeLessThan(step?.limit as number);
  }, 120_000);
});
