// The rollout page's API on a real PostgreSQL, with staff signed in through the real
// login: a rule set on trial with the canaries' evidence, stopped by itself with the
// rates and factor that stopped it, which kiosk runs which version by ring and hall; a
// supervisor resumes, halts and promotes (audited, CSRF-checked), a technician sees but may not
// act (refused by the centre, whatever a page shows), and nobody without a session sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignHall } from '../../../centre/fleet/halls';
import { Rollouts } from '../../../centre/downstream/rollouts';
import type { CentreClient } from '../../../core/centre/centre-client';
import { CSRF_HEADER } from '../../../protocol/centre-staff';
import type { RolloutState, RuleSetRolloutView } from '../../../protocol/centre-rollout';
import type { InProcessCentre } from '../../support/centre-in-process';
import { signInStaff, staffFetch, type SignedIn } from '../../support/fleet';
import { insertDecisions, publishTestRuleSet, startRolloutCentre, versionsHeartbeat, type RolloutCentre } from '../../support/rollouts';

const SETTINGS = { factor: 1.5, minDecisions: 10 };

let setup: RolloutCentre;
let centre: InProcessCentre;
let work: string;
let canary: CentreClient;
let other: CentreClient;
let supervisor: SignedIn;
let technician: SignedIn;

beforeAll(async () => {
  // The rule set in general use (2026.1): 100 decisions at LG-PH-31, 10 % referred.
  setup = await startRolloutCentre(SETTINGS);
  ({ centre, work, canary, other } = setup);
  expect(await new Rollouts(centre.pool).setRing('LG-CANARY-1', 'canary')).toBe(true);
  await assignHall(centre.pool, 'LG-CANARY-1', '龙岗区政务服务中心');
  await assignHall(centre.pool, 'LG-PH-31', '平湖街道便民服务中心');
  supervisor = await signInStaff(centre.url, centre.pool, 'zhao', 'supervisor');
  technician = await signInStaff(centre.url, centre.pool, 'wang', 'technician');
}, 90_000);
afterAll(() => setup?.stop());

const decisions = (kioskId: string, ruleSetVersion: string, count: number, referred: number, decidedAt?: Date) => insertDecisions(centre.pool, kioskId, ruleSetVersion, count, referred, decidedAt);

async function state(staff: SignedIn): Promise<RolloutState> {
  const { status, json } = await staffFetch(centre.url, '/api/rollouts', staff);
  expect(status).toBe(200);
  return json as RolloutState;
}

const ruleSet = (read: RolloutState, version: string): RuleSetRolloutView => read.ruleSets.find((r) => r.version === version)!;

async function auditActions(): Promise<{ staff_name: string; action: string; detail: Record<string, unknown> }[]> {
  return (await centre.pool.query<{ staff_name: string; action: string; detail: Record<string, unknown> }>(`SELECT staff_name, action, detail FROM staff_audit WHERE action LIKE 'rollout.%' ORDER BY id`)).rows;
}

describe('the rollout page API', () => {
  it('shows a rule set on the canaries with their evidence, and which kiosk runs which version by ring and hall', async () => {
    await publishTestRuleSet(centre, SETTINGS, work, '2099.1');
    await versionsHeartbeat(canary, '2099.1', '2026-05-01');
    await versionsHeartbeat(other, '2026.1', '2026-05-01');
    await decisions('LG-CANARY-1', '2099.1', 4, 1);

    const read = await state(technician);
    expect(ruleSet(read, '2099.1')).toMatchObject({
      stage: 'canary',
      canary: { decisions: 4, referrals: 1, rate: 0.25 },
      baseline: { decisions: 100, referrals: 10, rate: 0.1 },
      factor: 1.5,
      minDecisions: 10,
      // A technician sees the page but is offered nothing.
      actions: [],
    });
    expect(ruleSet(await state(supervisor), '2099.1').actions).toEqual(['promote', 'halt']);
    expect(read.kiosks).toEqual([
      expect.objectContaining({ kioskId: 'LG-CANARY-1', ring: 'canary', hall: '龙岗区政务服务中心', ruleSets: [{ service: 'registration', version: '2099.1' }], addressBase: '2026-05-01' }),
      expect.objectContaining({ kioskId: 'LG-PH-31', ring: 'all', hall: '平湖街道便民服务中心', ruleSets: [{ service: 'registration', version: '2026.1' }] }),
    ]);
  });

  it('shows a rollout the canaries stopped, with their rate, the baseline and the factor, as soon as the page reads it', async () => {
    // 4 + 6 decisions, 7 referred: 70 % > 1.5 × 10 %. Nobody pulled a rule set since: reading the page settles it.
    await decisions('LG-CANARY-1', '2099.1', 6, 6);
    const halted = ruleSet(await state(supervisor), '2099.1');
    expect(halted).toMatchObject({ stage: 'halted', stageChangedBy: null, decidedCanaryRate: 0.7, decidedBaselineRate: 0.1, factor: 1.5, actions: ['promote', 'resume'] });
    expect(await other.pullRuleSet('registration', 0)).toBeNull();
  });

  it('a technician may not promote, halt or resume: the centre refuses it and writes the refusal to the audit log', async () => {
    for (const action of ['promote', 'halt', 'resume']) {
      expect(await staffFetch(centre.url, `/api/rollouts/${action}`, technician, { method: 'POST', body: { service: 'registration', version: '2099.1' } })).toMatchObject({ status: 403, json: { error: 'role-forbidden' } });
    }
    const { rows } = await centre.pool.query(`SELECT detail->>'path' AS path FROM staff_audit WHERE staff_name = 'wang' AND action = 'role-forbidden' ORDER BY id`);
    expect(rows.map((r) => r.path)).toEqual(['/api/rollouts/promote', '/api/rollouts/halt', '/api/rollouts/resume']);
    expect(ruleSet(await state(supervisor), '2099.1').stage).toBe('halted');
  });

  it('a change without the CSRF token, or from another origin, is refused and audited; without a session there is nothing to see', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(new URL('/api/rollouts/resume', centre.url), { method: 'POST', headers: { 'content-type': 'application/json', cookie: supervisor.cookie, ...headers }, body: JSON.stringify({ service: 'registration', version: '2099.1' }) });
    expect((await post({})).status).toBe(403);
    expect((await post({ [CSRF_HEADER]: supervisor.csrfToken, origin: 'https://elsewhere.example' })).status).toBe(403);
    const { rows } = await centre.pool.query(`SELECT count(*)::int AS n FROM staff_audit WHERE staff_name = 'zhao' AND action = 'csrf-refused' AND detail->>'path' = '/api/rollouts/resume'`);
    expect(rows[0].n).toBe(2);
    expect(ruleSet(await state(supervisor), '2099.1').stage).toBe('halted');

    expect(await staffFetch(centre.url, '/api/rollouts', null)).toMatchObject({ status: 401, json: { error: 'signed-out' } });
    const page = await fetch(new URL('/rollouts', centre.url), { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Frollouts');
  });

  it('a supervisor resumes a halted rule set on the canaries, judged afresh by the centre\'s clock; halts and promotes it; each step is audited', async () => {
    const act = (action: string, version = '2099.1') => staffFetch(centre.url, `/api/rollouts/${action}`, supervisor, { method: 'POST', body: { service: 'registration', version } });
    expect(await act('resume')).toMatchObject({ status: 200, json: { changed: true, from: 'halted', to: 'canary' } });
    // The decisions that stopped it no longer count: the trial starts again from none.
    expect(ruleSet(await state(supervisor), '2099.1')).toMatchObject({ stage: 'canary', stageChangedBy: 'zhao (supervisor)', canary: { decisions: 0, referrals: 0 } });
    expect(await act('resume')).toMatchObject({ status: 409, json: { error: 'rollout-stage-changed', message: { 'zh-CN': expect.any(String), en: expect.any(String) } } });
    expect(await other.pullRuleSet('registration', 0)).toBeNull();

    // The canary's clock is 10 minutes slow: what it decides after the resume counts all the same.
    // One referral in ten is within 1.5 × the baseline's 10 %: it goes everywhere by itself.
    await decisions('LG-CANARY-1', '2099.1', 10, 1, new Date(Date.now() - 10 * 60_000));
    expect(ruleSet(await state(supervisor), '2099.1')).toMatchObject({ stage: 'all', stageChangedBy: null, decidedCanaryRate: 0.1, decidedBaselineRate: 0.1, actions: ['halt'] });

    // Halted by hand before the other kiosk pulled it: it does not get it; promoted, it does.
    expect(await act('halt')).toMatchObject({ status: 200, json: { from: 'all', to: 'halted' } });
    expect(await other.pullRuleSet('registration', 0)).toBeNull();
    expect(await act('promote')).toMatchObject({ status: 200, json: { from: 'halted', to: 'all' } });
    expect((await other.pullRuleSet('registration', 0))?.version).toBe('2099.1');
    expect(ruleSet(await state(supervisor), '2099.1')).toMatchObject({ stage: 'all', stageChangedBy: 'zhao (supervisor)', actions: ['halt'] });
    expect(await act('halt', 'no-such')).toMatchObject({ status: 404, json: { error: 'no-such-rollout' } });
    expect(await auditActions()).toEqual(
      (
        [
          ['resume', 'halted', 'canary'],
          ['halt', 'all', 'halted'],
          ['promote', 'halted', 'all'],
        ] as const
      ).map(([action, from, to]) => ({ staff_name: 'zhao', action: `rollout.${action}`, detail: { service: 'registration', version: '2099.1', from, to } })),
    );
  });
});
