// Without hardware, a person trying the kiosk has no card to insert: with
// devices.idcard.simulatedAutoInsert the simulated reader gets the configured fixture
// card as soon as a session waits for one. Tests leave it unset and insert cards themselves.
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startTestCore, type TestCore } from '../../support/core';

let core: TestCore | undefined;

afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

async function toCardStep(env: NodeJS.ProcessEnv): Promise<TestCore> {
  core = await startTestCore(env);
  core.session.send({ type: 'START' });
  core.session.send({ type: 'CHOOSE_SERVICE', service: 'registration' });
  core.session.send({ type: 'CONSENT', general: true, face: true });
  return core;
}

describe('the simulated card for trying the kiosk without hardware', () => {
  it('is read as soon as the session waits for a card', async () => {
    const started = await toCardStep({ KIOSK__DEVICES__IDCARD__DRIVER: 'simulator', KIOSK__DEVICES__IDCARD__SIMULATED_AUTO_INSERT: 'liXiuying' });
    const read = await eventually(() => started.session.snapshot(), (s) => s.applicant !== null || s.state !== 'idcard', 10_000);
    expect(read.applicant).toMatchObject({ name: '李秀英', validTo: '长期' });
  }, 30_000);
});
