/**
 * Rollout tests: a registration rule set published at the centre as the authority signs
 * it (the tests' authority, which test kiosks trust), a kiosk's heartbeat naming the
 * versions it runs, registration decisions as the centre's inbox records them, and a
 * centre with two enrolled kiosks whose rule set in general use refers 10 %.
 */
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { Publications } from '../../centre/downstream/publications';
import { Rollouts, type RolloutSettings } from '../../centre/downstream/rollouts';
import type { IdNumberVault } from '../../centre/id-number-vault';
import type { CentreClient } from '../../core/centre/centre-client';
import type { HeartbeatRequest } from '../../protocol/centre-fleet';
import { tempDir } from '../integration/address/address-test-kit';
import { ruleSetFile, signFile, TEST_AUTHORITY, withoutPhoneRule } from '../integration/updates/update-files';
import type pg from 'pg';
import { startCentreInProcess, type InProcessCentre } from './centre-in-process';
import { enrolTestKiosk } from './centre-kiosks';
import { startTestPostgres, type TestPostgres } from './postgres';

export async function publishTestRuleSet(centre: { pool: pg.Pool; vault: IdNumberVault }, settings: RolloutSettings, dir: string, version: string): Promise<void> {
  const file = ruleSetFile(dir, `registration-${version}.json`, withoutPhoneRule(version));
  signFile(file, TEST_AUTHORITY.privateKey);
  const publications = new Publications(centre.pool, centre.vault, new Rollouts(centre.pool, settings));
  await publications.publishRuleSet(readFileSync(file, 'utf8'), readFileSync(`${file}.sig`, 'utf8').trim());
}

/** A heartbeat with nothing to report but the versions the kiosk runs. */
export function versionsHeartbeat(client: CentreClient, registration: string, addressBase: string | null = null): Promise<unknown> {
  const request: HeartbeatRequest = {
    sentAt: new Date().toISOString(),
    devices: [],
    pendingJobs: [],
    versions: { app: '0.1.0', ruleSets: [{ service: 'registration', version: registration }], addressBase },
    today: { date: new Date().toISOString().slice(0, 10), licences: 0, referrals: 0, rejections: 0, reasons: [] },
    ruleSetRates: [],
  };
  return client.heartbeat(request);
}

let sequence = 0;

/** `count` registration decisions of a kiosk on a rule-set version, the first `referred` of them referred, made at `decidedAt` by the kiosk's clock. */
export async function insertDecisions(pool: pg.Pool, kioskId: string, ruleSetVersion: string, count: number, referred: number, decidedAt = new Date()): Promise<void> {
  for (let i = 0; i < count; i++) {
    sequence += 1;
    await pool.query(
      `INSERT INTO centre_decisions (kiosk_id, sequence, application_id, service, outcome, reasons, rule_set_version, decided_at)
       VALUES ($1, $2, $3, 'registration', $4, $5, $6, $7)`,
      [kioskId, sequence, `application-${sequence}`, i < referred ? 'referred' : 'approved', i < referred ? ['address-usage'] : [], ruleSetVersion, decidedAt],
    );
  }
}

export const CANARY_KIOSK = 'LG-CANARY-1';
export const OTHER_KIOSK = 'LG-PH-31';
/** The rule set in general use, on which the other kiosk decided 100 applications, 10 referred. */
export const BASELINE_VERSION = '2026.1';

export interface RolloutCentre {
  postgres: TestPostgres;
  databaseUrl: string;
  centre: InProcessCentre;
  /** Where the kiosks' keys and the published files go. */
  work: string;
  canary: CentreClient;
  other: CentreClient;
  stop(): Promise<void>;
}

/** A centre in process on a fresh database, the two kiosks enrolled (neither in a ring yet) and the baseline decided. */
export async function startRolloutCentre(settings: RolloutSettings): Promise<RolloutCentre> {
  const work = tempDir('centre-rollout-');
  chmodSync(work, 0o711);
  const postgres = await startTestPostgres();
  const databaseUrl = await postgres.freshDatabase();
  const centre = await startCentreInProcess(databaseUrl, { rollout: settings });
  const canary = (await enrolTestKiosk(centre.url, centre.pool, CANARY_KIOSK, work)).client;
  const other = (await enrolTestKiosk(centre.url, centre.pool, OTHER_KIOSK, work)).client;
  await insertDecisions(centre.pool, OTHER_KIOSK, BASELINE_VERSION, 100, 10);
  return {
    postgres,
    databaseUrl,
    centre,
    work,
    canary,
    other,
    async stop() {
      await centre.close();
      await postgres.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
