/**
 * A kiosk of a soak: the parts of the kiosk core that feed the centre, wired as
 * core/kiosk-core.ts wires them, on a real kiosk database, without devices or screens:
 * the registry and audit log with the centre's outbox (createKioskRegistry), the gate
 * that confirms an approval through /v1/issue before it is recorded (startKioskCentre),
 * and the outbox's sender pushing signed batches to /v1/sync (startOutboxSender), with
 * the operator's details sealed to the centre's key.
 *
 * Its clock is the simulation's: a session of last Tuesday is recorded, sealed and sent
 * with last Tuesday's times, as a kiosk that was offline sends its backlog.
 */
import { join } from 'node:path';
import type pg from 'pg';
import pino from 'pino';
import type { AuditLog } from '../../core/audit/audit-log';
import { startKioskCentre, type KioskCentre } from '../../core/centre/kiosk-centre';
import { startOutboxSender } from '../../core/centre/start-outbox-sender';
import { validateConfig } from '../../core/config/load';
import { createKioskRegistry } from '../../core/registry/kiosk-registry';
import type { Registry } from '../../core/registry/registry';
import { kioskKeysDir, loadSigningKey } from '../../core/signing/kiosk-keys';
import { openDatabase } from '../../core/storage/database';
import { enrolOutboxKiosk } from './outbox-kiosk';
import { DATABASE_FILE } from './registry';

export interface SoakKiosk {
  kioskId: string;
  /** Sets the kiosk's clock: what it records from now on happened at `at` (ms since the epoch). */
  at(at: number): void;
  now(): Date;
  registry: Registry;
  audit: AuditLog;
  gate: KioskCentre['gate'];
  /**
   * Starts the sender if it is not running; resolves once the centre's watermark covers the newest record of the outbox, with that
   * watermark; rejects at the first warning the kiosk logs (a batch refused, the centre
   * unreachable), instead of waiting for a test's timeout.
   */
  synced(): Promise<number>;
  close(): Promise<void>;
}

export interface SoakKioskOptions {
  /**
   * true: the sender runs from the start, nudged by every event, as on a kiosk in service;
   * false: it starts at `synced()`, as on a kiosk whose sync was down: the backlog goes
   * in full batches, oldest first.
   */
  syncLive: boolean;
}

/** Enrols the kiosk at the centre (keys, sealing key and credit-code leases in `dataDir`) and starts it. */
export async function startSoakKiosk(centre: { url: string; pool: pg.Pool }, kioskId: string, dataDir: string, options: SoakKioskOptions): Promise<SoakKiosk> {
  await enrolOutboxKiosk(centre.url, centre.pool, kioskId, dataDir);
  let clock = Date.now();
  const now = () => new Date(clock);
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const logger = pino({ level: 'warn' }, { write: (line: string) => fail(new Error(`kiosk ${kioskId}: ${line}`)) });

  const config = validateConfig({ kioskId, centre: { url: centre.url } }, `soak kiosk ${kioskId}`);
  const keysDir = kioskKeysDir(dataDir);
  const signingKey = loadSigningKey(keysDir);
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  const { registry, audit, outbox } = createKioskRegistry(db, { config, dataDir }, now);
  if (!outbox) throw new Error('a kiosk with a centre configured has an outbox');
  const kioskCentre = startKioskCentre({ config, dataDir, db, registry, audit, signingKey, logger })!;
  let watermark = 0;
  let waiting: (() => void) | null = null;
  const onSynced = ({ watermark: answered }: { watermark: number }) => {
    watermark = Math.max(watermark, answered);
    waiting?.();
  };
  const startSender = () => startOutboxSender({ outbox, config, signingKey, audit, keysDir, logger, onSynced })!;
  let sender = options.syncLive ? startSender() : null;

  return {
    kioskId,
    at: (at) => void (clock = at),
    now,
    registry,
    audit,
    gate: kioskCentre.gate,
    async synced() {
      sender ??= startSender();
      const last = outbox.lastSequence();
      const covered = new Promise<number>((resolve) => {
        waiting = () => {
          if (watermark >= last) resolve(watermark);
        };
        waiting();
      });
      return Promise.race([covered, failed]);
    },
    async close() {
      await sender?.stop();
      await kioskCentre.stop();
      db.close();
    },
  };
}
