/**
 * What the kiosk decides with right now: for each rule set and the address database,
 * the installed update in force (installed-data.ts) or else the shipped / configured
 * file. The journey asks once at each session start, so an update installed from
 * maintenance serves the next applicant without a restart, and never changes under
 * one who is half-way through.
 */
import type { ApprovalBasis } from '../../rules/approval/engine';
import type { Service } from '../../rules/approval/facts';
import type { RuleSet } from '../../rules/approval/rule-set';
import type { StreetDirectory } from '../../rules/street-directory';
import { resolveAddressPaths } from '../address/address-paths';
import { AddressService } from '../address/address-service';
import { loadStreetDirectory } from '../address/street-list';
import { approvalBasis, loadRuleSet, shippedFile, type Hashed } from '../approval/approval-data';
import type { LoadedConfig } from '../config/load';
import { currentInstalledFile } from './installed-data';

export interface SessionData {
  basis: Record<Service, ApprovalBasis>;
  addresses: AddressService;
}

export class CurrentData {
  private streetList: StreetDirectory | undefined;
  private basisCache: { key: string; basis: Record<Service, ApprovalBasis> } | undefined;
  private addressService: AddressService | undefined;

  constructor(private readonly loaded: Pick<LoadedConfig, 'config' | 'dataDir'>) {}

  ruleSetFile(service: Service): string {
    return currentInstalledFile(this.loaded.dataDir, service) ?? shippedFile(service);
  }

  ruleSet(service: Service): Hashed<RuleSet> {
    return loadRuleSet(this.ruleSetFile(service));
  }

  addressDatabaseFile(): string {
    return currentInstalledFile(this.loaded.dataDir, 'addresses') ?? resolveAddressPaths(this.loaded.config.addresses, this.loaded.dataDir).database;
  }

  /** Throws StreetListError when the configured street list cannot be read. */
  streets(): StreetDirectory {
    this.streetList ??= loadStreetDirectory(resolveAddressPaths(this.loaded.config.addresses, this.loaded.dataDir).streets);
    return this.streetList;
  }

  /** The rules and the address base for a session about to start; loaded again only when a version changed. */
  forSession(): SessionData {
    const files = { registration: this.ruleSetFile('registration'), deregistration: this.ruleSetFile('deregistration') };
    const key = `${files.registration}\n${files.deregistration}`;
    if (this.basisCache?.key !== key) {
      this.basisCache = { key, basis: { registration: approvalBasis(loadRuleSet(files.registration)), deregistration: approvalBasis(loadRuleSet(files.deregistration)) } };
    }
    return { basis: this.basisCache.basis, addresses: this.addresses() };
  }

  /**
   * Reads the rule sets in force again (a remote "reload rule set"): the next session
   * decides on them even when a file changed in place. Throws DataFileError when one is broken.
   */
  reloadRuleSets(): Record<Service, Hashed<RuleSet>> {
    const loaded = { registration: this.ruleSet('registration'), deregistration: this.ruleSet('deregistration') };
    this.basisCache = undefined;
    return loaded;
  }

  /** The address service on the database in force; the previous one is closed when it changes. */
  addresses(): AddressService {
    const file = this.addressDatabaseFile();
    if (this.addressService?.databaseFile !== file) {
      this.addressService?.close();
      this.addressService = new AddressService({ databaseFile: file, streets: this.streets() });
    }
    return this.addressService;
  }

  close(): void {
    this.addressService?.close();
    this.addressService = undefined;
  }
}
