// An applicant whose licence was issued just before the kiosk stopped comes back and
// applies again with the same card and details. A new core on the same data folder
// must recognise them by the ID number's lookup hash and hand that licence over (its
// own print job, printed once, or a reprint marked as such), never refuse them as a
// duplicate and never issue a second licence.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_COMMERCIAL_LONGGANG } from '../../../core/address/sample-fixtures';
import { FIXTURE_CARDS } from '../../../hardware/idcard/fixtures';
import { eventually, startTestCore, type TestCore } from '../../support/core';
import { LIVE_FACE_ENV, prepareLiveFace, showFace, type LiveFace } from '../../support/live-journey';

// No fallback to the receipt printer: the licence must wait for the laser printer whether
// or not the core has seen its fault by the time the job is queued.
const ENV = { ...LIVE_FACE_ENV, KIOSK__PRINTING__FALLBACK_TO_THERMAL: 'false' };
let appRoot: string;
let dataDir: string;
let live: LiveFace;
let core: TestCore | undefined;

beforeAll(async () => {
  live = await prepareLiveFace();
  ({ appRoot } = live);
  dataDir = mkdtempSync(join(tmpdir(), 'crash-retry-'));
}, 180_000);

afterAll(async () => {
  await core?.dispose();
  rmSync(appRoot, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Card, face, the same form and house code, confirmed: the state the core answers with. */
async function applyAgain(kiosk: TestCore): Promise<ReturnType<TestCore['session']['snapshot']>> {
  const send = (command: Parameters<TestCore['session']['send']>[0]) => kiosk.session.send(command);
  send({ type: 'START' });
  send({ type: 'CHOOSE_SERVICE', service: 'registration' });
  send({ type: 'CONSENT', general: true, face: true });
  kiosk.devices.simulation?.idcard.insert('zhangWei');
  const face = await eventually(() => kiosk.session.snapshot(), (s) => s.state === 'face', 60_000);
  const details = await showFace(live, face, send, () => kiosk.session.snapshot());
  expect(details.state).toBe('details');
  send({
    type: 'UPDATE_FORM',
    patch: { name: { tradeName: '精锐', industry: '图文设计', organisationForm: '店' }, scope: ['M0305'], compositionForm: '个人经营', phone: '138 0013 8000' },
  });
  send({ type: 'SUBMIT_FORM' });
  send({ type: 'SUBMIT_HOUSE_CODE', houseCode: SAMPLE_COMMERCIAL_LONGGANG });
  expect(send({ type: 'CONFIRM_ADDRESS' }).state).toBe('review');
  send({ type: 'CONFIRM_REVIEW' });
  return eventually(() => kiosk.session.snapshot(), (s) => s.state !== 'review' && s.state !== 'deciding', 20_000);
}

const idNumber = FIXTURE_CARDS.zhangWei.text.idNumber;

describe('an applicant back after the kiosk stopped with their licence issued', () => {
  it('is shown that licence, takes it printed once, may reprint it, and never gets a second one', async () => {
    core = await startTestCore(ENV, { appRoot, dataDir });
    // The licence printer is out of paper: the kiosk stops with the licence issued and its job not printed.
    core.devices.simulation?.laser.fault('media-empty');
    const decided = await applyAgain(core);
    expect(decided.decision?.outcome).toBe('approve');
    const creditCode = decided.licence?.creditCode as string;
    expect(core.printQueue.jobsOf(creditCode).map((job) => job.state)).not.toContain('printed');
    await core.close();

    core = await startTestCore(ENV, { appRoot, dataDir });
    const back = await applyAgain(core);
    expect(back).toMatchObject({ state: 'already-issued', decision: null, licence: { creditCode, name: '深圳市龙岗区精锐图文设计店' } });

    core.session.send({ type: 'COLLECT_ISSUED', reprint: false });
    await eventually(() => core!.session.snapshot(), (s) => s.state === 'done', 30_000);
    expect(core.devices.simulation?.laser.receivedDocuments()).toHaveLength(1);
    expect(core.printQueue.jobsOf(creditCode)).toMatchObject([{ state: 'printed', reprint: false }]);
    core.session.send({ type: 'CONTINUE' });
    core.session.send({ type: 'CONTINUE' });

    // Back once more (the licence left behind, say): it is printed, so the screen offers a reprint.
    expect(await applyAgain(core)).toMatchObject({ state: 'already-issued', printing: [{ state: 'printed' }] });
    core.session.send({ type: 'COLLECT_ISSUED', reprint: true });
    await eventually(() => core!.session.snapshot(), (s) => s.state === 'done', 30_000);
    expect(core.devices.simulation?.laser.receivedDocuments()).toHaveLength(2);
    expect(core.printQueue.jobsOf(creditCode)).toMatchObject([
      { state: 'printed', reprint: false },
      { state: 'printed', reprint: true, reprintReason: 'applicant retry after interruption' },
    ]);

    expect(core.registry.activeLicencesOf(idNumber)).toHaveLength(1);
    const decisions = core.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM decisions').get();
    expect(decisions?.n).toBe(1);
  }, 300_000);
});
