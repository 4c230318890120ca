/**
 * Loads what a decision rests on: a rule set, the scope catalogue and the name lists,
 * each read from its file, validated in full and hashed. The shipped files live in the
 * app's assets/ folder; a rule set may also come from elsewhere, e.g. a new version a
 * technician wants to try.
 */
import { join } from 'node:path';
import { NameLists } from '../../rules/approval/business-name';
import type { ApprovalBasis } from '../../rules/approval/engine';
import type { Service } from '../../rules/approval/facts';
import { RuleSetSchema, type RuleSet } from '../../rules/approval/rule-set';
import { indexScopeCatalogue, ScopeCatalogue, type ScopeIndex } from '../../rules/approval/scope-catalogue';
import { findAppRoot } from '../address/address-paths';
import { contentHash, parseDataFile, readJsonFile } from './data-file';
import { pinyinInitials } from './pinyin-initials';

export interface Hashed<T> {
  value: T;
  /** SHA-256 of the file's canonical content. */
  hash: string;
  file: string;
}

/** The shipped data files, relative to the app's folder. */
export const SHIPPED_FILES = {
  registration: join('assets', 'rules', 'registration.json'),
  deregistration: join('assets', 'rules', 'deregistration.json'),
  catalogue: join('assets', 'data', 'scope-catalogue.json'),
  nameLists: join('assets', 'data', 'name-lists.json'),
} as const;

let appRoot: string | undefined;

export function shippedFile(name: keyof typeof SHIPPED_FILES): string {
  appRoot ??= findAppRoot();
  return join(appRoot, SHIPPED_FILES[name]);
}

/** Throws DataFileError naming every bad field. */
export function loadRuleSet(file: string): Hashed<RuleSet> {
  const raw = readJsonFile(file);
  return { value: parseDataFile(RuleSetSchema, raw, file), hash: contentHash(raw), file };
}

export function loadShippedRuleSet(service: Service): Hashed<RuleSet> {
  return loadRuleSet(shippedFile(service));
}

const catalogues = new Map<string, Hashed<ScopeIndex>>();

/** The catalogue indexed for search; pinyin initials are computed at load, once per file and process. */
export function loadScopeCatalogue(file: string = shippedFile('catalogue')): Hashed<ScopeIndex> {
  let loaded = catalogues.get(file);
  if (!loaded) {
    const raw = readJsonFile(file);
    const catalogue = parseDataFile(ScopeCatalogue, raw, file);
    loaded = { value: indexScopeCatalogue(catalogue, pinyinInitials), hash: contentHash(raw), file };
    catalogues.set(file, loaded);
  }
  return loaded;
}

export function loadNameLists(file: string = shippedFile('nameLists')): Hashed<NameLists> {
  const raw = readJsonFile(file);
  return { value: parseDataFile(NameLists, raw, file), hash: contentHash(raw), file };
}

export interface ReferenceFiles {
  catalogue?: string;
  nameLists?: string;
}

/** Everything decide() needs besides the facts. */
export function approvalBasis(ruleSet: Hashed<RuleSet>, files: ReferenceFiles = {}): ApprovalBasis {
  const catalogue = loadScopeCatalogue(files.catalogue);
  const nameLists = loadNameLists(files.nameLists);
  return {
    ruleSet: ruleSet.value,
    catalogue: catalogue.value,
    nameLists: nameLists.value,
    hashes: { ruleSet: ruleSet.hash, catalogue: catalogue.hash, nameLists: nameLists.hash },
  };
}
