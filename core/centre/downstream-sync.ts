/**
 * What the kiosk pulls from the centre, each by the sequence number it has: its
 * credit-code leases (renewed, and topped up before the block in use runs out), the
 * rule sets, the address deltas and the restricted list. Run at start and then
 * periodically (kiosk core), or once by `kioskctl centre pull`.
 *
 * A pulled rule set or address delta is installed exactly as one from a technician's USB
 * stick (core/updates/update-service.ts): the publisher's signature checked against the
 * kiosk's update key, the content checked, a new versioned file switched in by one
 * rename of the pointer, so a kill -9 at any moment leaves the old version in force.
 * The sequence number is recorded only after the switch; a pull cut short is pulled
 * again, and installing the same content twice changes nothing.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PublishedFile } from '../../protocol/centre-downstream';
import type { ImportProgress } from '../address/csv-import';
import type { LeasedCreditCodes } from '../registry/leased-credit-codes';
import type { KioskDatabase } from '../storage/database';
import { replaceFileAtomically } from '../updates/durable-file';
import type { UpdateService } from '../updates/update-service';
import { CentreRefusedError, CentreUnavailableError, type CentreClient } from './centre-client';

export const DOWNSTREAM_TARGETS = ['credit-codes', 'registration', 'deregistration', 'addresses', 'restricted-list'] as const;
export type DownstreamTarget = (typeof DOWNSTREAM_TARGETS)[number];

export interface PullResult {
  target: DownstreamTarget;
  /** current: nothing newer; updated: installed; refused: the kiosk or the centre said no; unreachable: try later. */
  outcome: 'current' | 'updated' | 'refused' | 'unreachable';
  sequence?: number;
  version?: string;
  detail?: string;
}

export interface DownstreamSyncDeps {
  client: CentreClient;
  db: KioskDatabase;
  dataDir: string;
  leases: LeasedCreditCodes;
  updates: UpdateService;
  /** The address database in force: the base a delta applies to. */
  addressBase(): string;
  audit: { append(event: string, data: unknown): unknown };
  /** Below this many codes left in its leases the kiosk asks for more at once. */
  lowWater: number;
  onProgress?(target: DownstreamTarget, progress: ImportProgress): void;
}

/** Where the restricted list pulled from the centre is kept (read like a configured one). */
export function pulledRestrictedListFile(dataDir: string): string {
  return join(dataDir, 'centre', 'restricted-list.txt');
}

/** The sequence number of each target as last installed. */
class PulledVersions {
  private readonly get;
  private readonly put;

  constructor(db: KioskDatabase) {
    this.get = db.prepare<[string], number>('SELECT sequence FROM centre_pulled_versions WHERE target = ?').pluck();
    this.put = db.prepare(
      `INSERT INTO centre_pulled_versions (target, sequence, version, sha256, pulled_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (target) DO UPDATE SET sequence = excluded.sequence, version = excluded.version, sha256 = excluded.sha256, pulled_at = excluded.pulled_at`,
    );
  }

  have(target: DownstreamTarget): number {
    return this.get.get(target) ?? 0;
  }

  record(target: DownstreamTarget, { sequence, version, sha256 }: { sequence: number; version: string; sha256: string }): void {
    this.put.run(target, sequence, version, sha256, new Date().toISOString());
  }
}

export class DownstreamSync {
  private readonly pulled: PulledVersions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PullResult[]> | undefined;

  constructor(private readonly deps: DownstreamSyncDeps) {
    this.pulled = new PulledVersions(deps.db);
  }

  /** Everything once; one target failing does not stop the others. Overlapping calls share one run. */
  pull(): Promise<PullResult[]> {
    this.running ??= this.pullAll().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Pulls now and every `intervalMs`; between pulls, renews the leases as soon as they fall below the low-water mark. */
  start(intervalMs: number, lowWaterCheckMs = Math.min(intervalMs, 5000)): void {
    // A failure outside the protocol (a full disk) is recorded; the next round tries again.
    const pullNow = () => void this.pull().catch((error: unknown) => this.deps.audit.append('centre.pull-failed', { error: (error as Error).message }));
    pullNow();
    let sincePull = 0;
    this.timer = setInterval(() => {
      sincePull += lowWaterCheckMs;
      if (sincePull >= intervalMs) {
        sincePull = 0;
        pullNow();
      } else if (this.deps.leases.remaining() < this.deps.lowWater) pullNow();
    }, lowWaterCheckMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pull under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async pullAll(): Promise<PullResult[]> {
    const results = [
      await this.attempt('credit-codes', () => this.renewLeases()),
      await this.attempt('registration', () => this.pullRuleSet('registration')),
      await this.attempt('deregistration', () => this.pullRuleSet('deregistration')),
    ];
    // Deltas apply in order, one after the other, until the kiosk has the newest.
    for (;;) {
      const result = await this.attempt('addresses', () => this.pullAddressDelta());
      results.push(result);
      if (result.outcome !== 'updated') break;
    }
    results.push(await this.attempt('restricted-list', () => this.pullRestrictedList()));
    return results;
  }

  private async attempt(target: DownstreamTarget, work: () => Promise<Omit<PullResult, 'target'>>): Promise<PullResult> {
    try {
      return { target, ...(await work()) };
    } catch (error) {
      if (error instanceof CentreUnavailableError) return { target, outcome: 'unreachable', detail: error.message };
      if (error instanceof CentreRefusedError) return { target, outcome: 'refused', detail: error.message };
      throw error;
    }
  }

  private async renewLeases(): Promise<Omit<PullResult, 'target'>> {
    const { leases } = this.deps;
    const answer = await this.deps.client.leaseCreditCodes({ region: leases.region, usedUp: leases.usedUp() });
    const added = leases.store(answer.leases);
    if (added > 0) this.deps.audit.append('credit-code.leased', { leases: answer.leases.map(({ id, prefix, firstSerial, lastSerial }) => ({ id, prefix, firstSerial, lastSerial })) });
    return { outcome: added > 0 ? 'updated' : 'current', detail: `${leases.remaining()} codes left in ${answer.leases.length} leases` };
  }

  private async pullRuleSet(service: 'registration' | 'deregistration'): Promise<Omit<PullResult, 'target'>> {
    const update = await this.deps.client.pullRuleSet(service, this.pulled.have(service));
    if (!update) return { outcome: 'current' };
    return this.install(service, update, 'json');
  }

  private async pullAddressDelta(): Promise<Omit<PullResult, 'target'>> {
    const update = await this.deps.client.pullAddressDelta(this.pulled.have('addresses'));
    if (!update) return { outcome: 'current' };
    return this.install('addresses', update, 'csv');
  }

  /** Stages the file with its hash and signature beside it and installs it as a technician's update. */
  private async install(target: 'registration' | 'deregistration' | 'addresses', update: PublishedFile, extension: 'json' | 'csv'): Promise<Omit<PullResult, 'target'>> {
    const incoming = join(this.deps.dataDir, 'centre', 'incoming');
    mkdirSync(incoming, { recursive: true, mode: 0o700 });
    const file = join(incoming, `${target}-${update.sequence}.${extension}`);
    try {
      writeFileSync(file, update.content);
      if (update.signature) writeFileSync(`${file}.sig`, Buffer.from(update.signature, 'base64'));
      const outcome = await this.deps.updates.apply({
        file,
        sha256: update.sha256,
        base: target === 'addresses' ? this.deps.addressBase() : undefined,
        onProgress: this.deps.onProgress && ((progress) => this.deps.onProgress?.(target, progress)),
      });
      if (!outcome.ok) return { outcome: 'refused', sequence: update.sequence, version: update.version, detail: `${outcome.problem}: ${outcome.message.en} ${outcome.details.join('; ')}`.trim() };
      this.pulled.record(target, update);
      return { outcome: 'updated', sequence: update.sequence, version: update.version };
    } finally {
      rmSync(file, { force: true });
      rmSync(`${file}.sig`, { force: true });
    }
  }

  private async pullRestrictedList(): Promise<Omit<PullResult, 'target'>> {
    const update = await this.deps.client.pullRestrictedList(this.pulled.have('restricted-list'));
    const file = pulledRestrictedListFile(this.deps.dataDir);
    if (!update) {
      if (existsSync(file)) return { outcome: 'current' };
      // A centre that has never published a list restricts nobody (its facts say version
      // "none"): the kiosk may decide, and takes the first list the centre publishes.
      this.writeRestrictedList(file, 'centre none', []);
      this.deps.audit.append('centre.restricted-list-pulled', { sequence: 0, entries: 0 });
      return { outcome: 'updated', sequence: 0, version: 'centre none' };
    }
    const version = `centre ${update.sequence}`;
    this.writeRestrictedList(file, version, update.idNumbers);
    this.pulled.record('restricted-list', { sequence: update.sequence, version, sha256: update.sha256 });
    this.deps.audit.append('centre.restricted-list-pulled', { sequence: update.sequence, sha256: update.sha256, entries: update.idNumbers.length });
    return { outcome: 'updated', sequence: update.sequence, version };
  }

  private writeRestrictedList(file: string, version: string, idNumbers: readonly string[]): void {
    mkdirSync(join(this.deps.dataDir, 'centre'), { recursive: true, mode: 0o700 });
    // Other people's ID numbers: readable by the kiosk's user only.
    replaceFileAtomically(file, `# version: ${version}\n${idNumbers.map((n) => `${n}\n`).join('')}`, 0o600);
  }
}
