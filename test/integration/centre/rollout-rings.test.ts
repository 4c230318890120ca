// Rollout by rings on a real PostgreSQL: a new rule set reaches the canary kiosks first;
// it goes to every kiosk once the canaries' referral rate on it is normal, and stops by
// itself when the canaries refer more than the factor allows. The decisions are those the
// kiosks sync (`centre_decisions`, written here as the inbox writes them).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentreClient } from '../../../core/centre/centre-client';
import { ruleSetFile, signFile, TEST_AUTHORITY, withoutPhoneRule } from '../updates/update-files';
import { TEST_SECRET, type InProcessCentre } from '../../support/centre-in-process';
import { centreCommand } from '../../support/centre-process';
import { insertDecisions, startRolloutCentre, type RolloutCentre } from '../../support/rollouts';

let setup: RolloutCentre;
let centre: InProcessCentre;
let work: string;
let centreEnv: NodeJS.ProcessEnv;
let canary: CentreClient;
let other: CentreClient;

beforeAll(async () => {
  // Before any new rule set: 100 decisions on the one in general use, 10 % referred.
  setup = await startRolloutCentre({ factor: 1.5, minDecisions: 10 });
  ({ centre, work, canary, other } = setup);
  centreEnv = { CENTRE_DATABASE_URL: setup.databaseUrl, CENTRE_SECRET_KEY: TEST_SECRET.toString('base64'), CENTRE_DATA_DIR: join(work, 'centre') };
  const ring = await centreCommand(['kiosk', 'ring', 'LG-CANARY-1', 'canary'], centreEnv);
  expect(ring.stdout).toBe('kiosk LG-CANARY-1 in ring canary\n');
}, 90_000);
afterAll(() => setup?.stop());

const decisions = (kioskId: string, ruleSetVersion: string, count: number, referred: number) => insertDecisions(centre.pool, kioskId, ruleSetVersion, count, referred);

async function publish(version: string): Promise<void> {
  const file = ruleSetFile(work, `registration-${version}.json`, withoutPhoneRule(version));
  signFile(file, TEST_AUTHORITY.privateKey);
  expect((await centreCommand(['ruleset', 'publish', file], centreEnv)).code).toBe(0);
}

const stage = async (version: string) => (await centre.pool.query<{ stage: string }>('SELECT stage FROM rule_set_rollouts WHERE version = $1', [version])).rows[0]?.stage;

describe('rollout by rings', () => {
  it('a rule set the canaries refer too often on stops by itself; the other kiosks never get it', async () => {
    await publish('2099.1');
    expect((await canary.pullRuleSet('registration', 0))?.version).toBe('2099.1');
    expect(await other.pullRuleSet('registration', 0)).toBeNull();

    // Nine decisions are not yet evidence; the tenth is, and 40 % > 1.5 × 10 %.
    await decisions('LG-CANARY-1', '2099.1', 9, 4);
    expect(await other.pullRuleSet('registration', 0)).toBeNull();
    expect(await stage('2099.1')).toBe('canary');
    await decisions('LG-CANARY-1', '2099.1', 1, 0);
    expect(await other.pullRuleSet('registration', 0)).toBeNull();
    expect(await stage('2099.1')).toBe('halted');
  }, 60_000);

  it('a rule set the canaries refer on as usual goes to every kiosk', async () => {
    await publish('2099.2');
    expect(await stage('2099.2')).toBe('canary');
    expect(await other.pullRuleSet('registration', 0)).toBeNull();
    expect((await canary.pullRuleSet('registration', 0))?.version).toBe('2099.2');
    await decisions('LG-CANARY-1', '2099.2', 10, 1);
    expect((await other.pullRuleSet('registration', 0))?.version).toBe('2099.2');
    expect(await stage('2099.2')).toBe('all');
  }, 60_000);
});
