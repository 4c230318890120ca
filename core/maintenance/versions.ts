/** What the kiosk decides with: the rule sets in force and the address database, by version. */
import type { Service } from '../../rules/approval/facts';
import type { RuleSet } from '../../rules/approval/rule-set';
import type { Hashed } from '../approval/approval-data';
import type { Versions } from '../contract';
import { APP_VERSION } from '../version';

/** The address database's description; throws when it cannot be opened. */
export interface AddressDatabaseInfoSource {
  info(): { formatVersion: number; builtAt: string; source: string; rooms: number };
}

/** The rule set in force for a service (core/updates/current-data.ts). */
export type RuleSetSource = (service: Service) => Hashed<RuleSet>;

export function readVersions(addresses: AddressDatabaseInfoSource, ruleSets: RuleSetSource): Versions {
  const inForce = (['registration', 'deregistration'] as const).map((service) => {
    const { value, hash } = ruleSets(service);
    return { service, version: value.version, hash };
  });
  return { app: APP_VERSION, ruleSets: inForce, addressDatabase: addressDatabase(addresses) };
}

function addressDatabase(addresses: AddressDatabaseInfoSource): Versions['addressDatabase'] {
  try {
    const { formatVersion, builtAt, source, rooms } = addresses.info();
    return { available: true, formatVersion, builtAt, source, rooms };
  } catch (error) {
    // A missing or broken database is exactly what a technician needs to see here.
    return { available: false, problem: (error as Error).message };
  }
}
