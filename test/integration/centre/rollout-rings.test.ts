// Rollout by rings on a real PostgreSQL: a new rule set reaches the canary kiosks first;
// it goes to every kiosk once the canaries' referral rate on it is normal, and stops by
// itself when the canaries refer more than the factor allows. The decisions are those the
// kiosks sync (`centre_decisions`, created here as the outbox's migration does).
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentreClient } from '../../../core/centre/centre-client';
import { tempDir } from '../address/address-test-kit';
import { ruleSetFile, signFile, TEST_AUTHORITY, withoutPhoneRule } from '../updates/update-files';
import { startCentreInProcess, TEST_SECRET, type InProcessCentre } from '../../support/centre-in-process';
import { enrolTestKiosk } from '../../support/centre-kiosks';
import { centreCommand } from '../../support/centre-process';
import { startTestPostgres, type TestPostgres } from '../../support/postgres';
import { insertDecisions } from '../../support/rollouts';

let postgres: TestPostgres;
let centre: InProcessCentre;
let work: string;
let centreEnv: NodeJS.ProcessEnv;
let canary: CentreClient;
let other: CentreClient;

beforeAll(async () => {
  work = tempDir('centre-rings-');
  chmodSync(work, 0o711);
  postgres = await startTestPostgres();
  const databaseUrl = await postgres.freshDatabase();
  centre = await startCentreInProcess(databaseUrl, { rollout: { factor: 1.5, minDecisions: 10 } });
  centreEnv = { CENTRE_DATABASE_URL: databaseUrl, CENTRE_SECRET_KEY: TEST_SECRET.toString('base64'), CENTRE_DATA_DIR: join(work, 'centre') };
  await centre.pool.query(`CREATE TABLE IF NOT EXISTS centre_decisions (kiosk_id text NOT NULL, sequence bigint NOT NULL, application_id text NOT NULL,
    service text NOT NULL CHECK (service IN ('registration','deregistration')), outcome text NOT NULL CHECK (outcome IN ('approved','referred')),
    reasons text[] NOT NULL DEFAULT '{}', rule_set_version text NOT NULL, decided_at timestamptz NOT NULL, PRIMARY KEY (kiosk_id, sequence))`);
  canary = (await enrolTestKiosk(centre.url, centre.pool, 'LG-CANARY-1', work)).client;
  other = (await enrolTestKiosk(centre.url, centre.pool, 'LG-PH-31', work)).client;
  const ring = await centreCommand(['kiosk', 'ring', 'LG-CANARY-1', 'canary'], centreEnv);
  expect(ring.stdout).toBe('kiosk LG-CANARY-1 in ring canary\n');
  // Before any new rule set: 100 decisions on the shipped one, 10 % referred.
  await decisions('LG-PH-31', '2026.1', 100, 10);
}, 90_000);
afterAll(async () => {
  await centre?.close();
  await postgres?.stop();
  rmSync(work, { recursive: true, force: true });
});

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
