/**
 * New rule sets and address databases, installed by a technician from a file (a USB
 * stick, the updates folder). Each update is checked before anything changes: its
 * SHA-256 (and Ed25519 signature when it has one), then its content. It is installed by
 * copying it into the installed folder under a versioned name, checking that copy, and
 * switching the pointer (installed-data.ts) in one rename; sessions already under way
 * keep the version they started with. Rollback switches the pointer back. Every step
 * is in the audit log.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join } from 'node:path';
import type { StreetDirectory } from '../../rules/street-directory';
import { readAddressHeader } from '../address/address-csv';
import { importAddressCsv, type ImportProgress } from '../address/csv-import';
import type { KioskConfig } from '../config/schema';
import { checkAddressDatabase, checkRuleSet, type ContentCheck } from './update-content';
import { syncDirectory } from './durable-file';
import { checkIntegrity } from './update-check';
import { updateProblem, type UpdateProblem } from './update-messages';
import {
  installedDir,
  KEPT_VERSIONS,
  readPointer,
  UPDATE_TARGETS,
  writePointer,
  type InstalledVersion,
  type UpdateTarget,
} from './installed-data';

export type UpdateKind = 'rule-set' | 'address-database' | 'address-csv';

const KIND_OF_EXTENSION: Readonly<Record<string, UpdateKind>> = { '.json': 'rule-set', '.sqlite': 'address-database', '.csv': 'address-csv' };

export interface UpdateFile {
  file: string;
  name: string;
  kind: UpdateKind;
  bytes: number;
  /** FILE.sha256 is beside it, so the technician need not type the hash. */
  hasHashFile: boolean;
  hasSignature: boolean;
}

export interface InstalledTarget {
  target: UpdateTarget;
  /** null: the shipped (or configured) file is in force. */
  current: Omit<InstalledVersion, 'file'> | null;
  /** What rollback would bring back: an earlier installed version, or null for the shipped file; absent when nothing can be rolled back. */
  previous?: { version: string; sha256: string } | null;
}

export interface UpdateListing {
  folder: string;
  /** Why the folder could not be listed (no stick, wrong path). */
  folderProblem?: string;
  files: UpdateFile[];
  installed: InstalledTarget[];
}

export interface UpdateRequest {
  file: string;
  /** The SHA-256 as the technician typed it; otherwise FILE.sha256 is read. */
  sha256?: string;
  /** An address CSV applied as a delta onto this database (the one in force) rather than a whole new base; a bad row refuses it. */
  base?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export type UpdateOutcome =
  | { ok: true; target: UpdateTarget; version: string; sha256: string; signed: boolean }
  | ({ ok: false } & UpdateProblem);

export type RollbackOutcome = { ok: true; target: UpdateTarget; from: string; to: string | null } | ({ ok: false } & UpdateProblem);

export interface UpdateServiceOptions {
  dataDir: string;
  settings: KioskConfig['updates'];
  /** The street list house codes are checked against (an address update must fit it). */
  streets(): StreetDirectory;
  audit: { append(event: string, data: unknown): unknown };
  now?: () => Date;
}

type Checked = { ok: true; target: UpdateTarget; version: string; sha256: string; signed: boolean } | ({ ok: false } & UpdateProblem);

export class UpdateService {
  private readonly now: () => Date;

  constructor(private readonly options: UpdateServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** The configured updates folder, as a full path. */
  get folder(): string {
    const { folder } = this.options.settings;
    return isAbsolute(folder) ? folder : join(this.options.dataDir, folder);
  }

  /** Update files in `folder` (the configured one by default), and what is installed. */
  list(folder: string = this.folder): UpdateListing {
    const installed = this.installed();
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch (error) {
      return { folder, folderProblem: (error as Error).message, files: [], installed };
    }
    const files = names
      .filter((name) => kindOf(name) !== undefined && !name.startsWith('.'))
      .sort()
      .map((name) => {
        const file = join(folder, name);
        return { file, name, kind: kindOf(name) as UpdateKind, bytes: statSync(file).size, hasHashFile: existsSync(`${file}.sha256`), hasSignature: existsSync(`${file}.sig`) };
      });
    return { folder, files, installed };
  }

  installed(): InstalledTarget[] {
    const pointer = readPointer(this.options.dataDir);
    return UPDATE_TARGETS.map((target) => {
      const versions = pointer.targets[target] ?? [];
      const current = versions.at(-1);
      if (!current) return { target, current: null };
      const before = versions.at(-2);
      const { file: _file, ...shown } = current;
      return { target, current: shown, previous: before ? { version: before.version, sha256: before.sha256 } : null };
    });
  }

  /** Checks a file in place without installing it. */
  async verify(request: UpdateRequest): Promise<UpdateOutcome> {
    const checked = await this.check(request.file, request.file, request.sha256, (kind, file) => (kind === 'address-csv' ? checkCsvHeader(file) : this.checkContent(kind, file)));
    this.audit('update.verified', request.file, checked);
    return checked;
  }

  /** Checks and installs a file; on any problem nothing changes. */
  async apply(request: UpdateRequest): Promise<UpdateOutcome> {
    const dir = installedDir(this.options.dataDir);
    mkdirSync(dir, { recursive: true });
    // The copy is what gets checked and goes live: the stick may be pulled or changed meanwhile.
    const incoming = join(dir, `.incoming-${randomBytes(6).toString('hex')}`);
    let versioned: string | undefined;
    try {
      if (!existsSync(request.file) || !statSync(request.file).isFile()) return this.refused('apply', request.file, updateProblem('not-found', [request.file]));
      copyFileSync(request.file, incoming);
      const checked = await this.check(request.file, incoming, request.sha256, async (kind, file, sha256) => {
        versioned = join(dir, versionedName(kind, sha256));
        if (kind === 'address-csv') return this.buildFromCsv(file, versioned, basename(request.file), request);
        renameSync(file, versioned);
        return this.checkContent(kind, versioned);
      });
      if (!checked.ok) {
        if (versioned && !this.inUse(basename(versioned))) rmSync(versioned, { force: true });
        return this.refused('apply', request.file, checked);
      }
      this.switchTo(checked.target, { file: basename(versioned as string), sha256: checked.sha256, version: checked.version, source: request.file, installedAt: this.now().toISOString() });
      this.options.audit.append('update.applied', { file: request.file, target: checked.target, version: checked.version, sha256: checked.sha256, signed: checked.signed });
      return checked;
    } finally {
      rmSync(incoming, { force: true });
    }
  }

  /** Switches `target` back to the version before the one in force (or the shipped file). */
  rollback(target: UpdateTarget): RollbackOutcome {
    const pointer = readPointer(this.options.dataDir);
    const versions = pointer.targets[target] ?? [];
    const current = versions.at(-1);
    if (!current) {
      this.options.audit.append('update.refused', { stage: 'rollback', target, problem: 'nothing-to-roll-back' });
      return { ok: false, ...updateProblem('nothing-to-roll-back') };
    }
    const remaining = versions.slice(0, -1);
    writePointer(this.options.dataDir, { targets: { ...pointer.targets, [target]: remaining } });
    this.removeUnused();
    const to = remaining.at(-1)?.version ?? null;
    this.options.audit.append('update.rolled-back', { target, from: current.version, fromSha256: current.sha256, to: to ?? 'shipped' });
    return { ok: true, target, from: current.version, to };
  }

  private async check(source: string, content: string, sha256: string | undefined, checkContent: (kind: UpdateKind, file: string, sha256: string) => ContentCheck | Promise<ContentCheck>): Promise<Checked> {
    const kind = kindOf(source);
    if (!kind) return { ok: false, ...updateProblem('unknown-kind', [basename(source)]) };
    if (!existsSync(content) || !statSync(content).isFile()) return { ok: false, ...updateProblem('not-found', [source]) };
    const integrity = checkIntegrity(source, content, sha256, this.options.settings);
    if (!integrity.ok) return integrity;
    const checked = await checkContent(kind, content, integrity.sha256);
    if (!checked.ok) return { ok: false, ...updateProblem('invalid-content', checked.details) };
    return { ok: true, target: checked.target, version: checked.version, sha256: integrity.sha256, signed: integrity.signed };
  }

  private checkContent(kind: UpdateKind, file: string): ContentCheck {
    return kind === 'rule-set' ? checkRuleSet(file) : checkAddressDatabase(file, this.options.streets());
  }

  /** The address importer builds and verifies the database; it is then checked like a shipped one. */
  private async buildFromCsv(csv: string, target: string, source: string, { base, onProgress }: UpdateRequest): Promise<ContentCheck> {
    const outcome = await importAddressCsv({ input: createReadStream(csv), target, streets: this.options.streets(), source, builtAt: this.now().toISOString(), base, onProgress, progressEvery: 10_000 });
    const badRows = outcome.badRows.slice(0, 5).map((row) => `line ${row.line}: ${row.reason}`);
    if (!outcome.ok) return { ok: false, details: [`${outcome.problem}: ${outcome.detail}`, ...badRows] };
    // A delta missing a row would leave that room wrong with nobody told: all or nothing.
    if (base && outcome.badRowCount > 0) return { ok: false, details: [`the delta has ${outcome.badRowCount} bad rows`, ...badRows] };
    return checkAddressDatabase(target, this.options.streets());
  }

  private switchTo(target: UpdateTarget, version: InstalledVersion): void {
    const pointer = readPointer(this.options.dataDir);
    // Installing a version again makes it the newest rather than listing it twice.
    const earlier = (pointer.targets[target] ?? []).filter((kept) => kept.sha256 !== version.sha256);
    writePointer(this.options.dataDir, { targets: { ...pointer.targets, [target]: [...earlier, version].slice(-KEPT_VERSIONS) } });
    this.removeUnused();
  }

  private inUse(name: string): boolean {
    const pointer = readPointer(this.options.dataDir);
    return Object.values(pointer.targets).some((versions) => versions.some((version) => version.file === name));
  }

  /** Deletes installed files no longer listed; a file still open (Windows) is left for the next time. */
  private removeUnused(): void {
    const dir = installedDir(this.options.dataDir);
    const pointer = readPointer(this.options.dataDir);
    const listed = new Set(Object.values(pointer.targets).flatMap((versions) => versions.map((version) => version.file)));
    for (const name of readdirSync(dir)) {
      if (name === 'current.json' || name.startsWith('.') || listed.has(name)) continue;
      try {
        rmSync(join(dir, name), { force: true });
      } catch {
        // Removed at the next switch.
      }
    }
    syncDirectory(dir);
  }

  private refused(stage: 'verify' | 'apply', file: string, problem: UpdateProblem): UpdateOutcome {
    this.options.audit.append('update.refused', { stage, file, problem: problem.problem, details: problem.details.slice(0, 5) });
    return { ok: false, ...problem };
  }

  private audit(event: string, file: string, checked: Checked): void {
    if (!checked.ok) {
      this.refused('verify', file, checked);
      return;
    }
    this.options.audit.append(event, { file, target: checked.target, version: checked.version, sha256: checked.sha256, signed: checked.signed });
  }
}

function kindOf(name: string): UpdateKind | undefined {
  return KIND_OF_EXTENSION[extname(name).toLowerCase()];
}

/** Named by content: the same update installed twice lands on the same file. */
function versionedName(kind: UpdateKind, sha256: string): string {
  return kind === 'rule-set' ? `rules-${sha256.slice(0, 16)}.json` : `addresses-${sha256.slice(0, 16)}.sqlite`;
}

/** Verifying a CSV without importing it: the header must name the address columns. */
function checkCsvHeader(file: string): ContentCheck {
  const fd = openSync(file, 'r');
  const start = Buffer.alloc(4096);
  let read: number;
  try {
    read = readSync(fd, start);
  } finally {
    closeSync(fd);
  }
  const head = start.subarray(0, read).toString('utf8').replace(/^\uFEFF/, '');
  const header = readAddressHeader(head.split(/\r?\n/)[0] ?? '');
  return header.ok ? { ok: true, target: 'addresses', version: `CSV ${basename(file)}` } : { ok: false, details: [header.problem] };
}
