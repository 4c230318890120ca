/**
 * A real registry on a real SQLite file in a fresh temporary folder, and applications
 * to feed it, for the registry's unit and integration tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../core/config/load';
import type { KioskConfigInput } from '../../core/config/schema';
import { createKioskRegistry, type KioskRegistry } from '../../core/registry/kiosk-registry';
import type { DecisionInput } from '../../core/registry/registry';
import type { ApplicationRequest } from '../../core/registry/requests';
import { openDatabase, type KioskDatabase } from '../../core/storage/database';
import { idCheckCharacter } from '../../rules/id-number';

export const DATABASE_FILE = 'kiosk.sqlite';

export interface TestRegistry extends KioskRegistry {
  db: KioskDatabase;
  dir: string;
  file: string;
}

/** Opens (or reopens) the kiosk database and registry kept in `dir`. */
export function openRegistryIn(dir: string, config: KioskConfigInput = {}, now?: () => Date): TestRegistry {
  const file = join(dir, DATABASE_FILE);
  const db = openDatabase(file);
  const parsed = validateConfig({ kioskId: 'LG-PH-01', ...config }, 'test configuration');
  try {
    return { ...createKioskRegistry(db, { config: parsed, dataDir: dir }, now), db, dir, file };
  } catch (error) {
    db.close();
    throw error;
  }
}

export function openTestRegistry(config: KioskConfigInput = {}, now?: () => Date): TestRegistry {
  return openRegistryIn(mkdtempSync(join(tmpdir(), 'kiosk-registry-')), config, now);
}

/** A valid ID number of someone born in Longgang on 1990-01-01, one per n (0..999). */
export function idNumber(n: number): string {
  const first17 = `44030719900101${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

export const HOUSE_CODE = '4403070030030400042000003';

export function registration(n = 0, overrides: Partial<Extract<ApplicationRequest, { kind: 'registration' }>> = {}): ApplicationRequest {
  return {
    kind: 'registration',
    idNumber: idNumber(n),
    operatorName: '张三',
    businessName: `深圳市龙岗区精锐${n}图文设计店`,
    compositionForm: '个人经营',
    premises: { houseCode: HOUSE_CODE, address: '深圳市龙岗区平湖街道新木社区新木路42号101' },
    businessScope: ['图文设计制作', '平面设计'],
    ...overrides,
  };
}

export const APPROVED: DecisionInput = {
  outcome: 'approve',
  ruleSet: { version: 'test-rules-1', hash: 'a'.repeat(64) },
  data: { catalogue: { version: '2026-01', hash: 'c'.repeat(64) } },
  facts: { face: { matched: true, distance: 0.38 }, ageOk: true },
  reasons: [],
};
