/**
 * A kiosk's registry with a centre configured, so every event also goes to its outbox,
 * enrolled at a test centre through the real protocol (signing key and the centre's
 * sealing key in `<dataDir>/keys`, as kioskctl leaves them), and the events to feed it.
 */
import { join } from 'node:path';
import type pg from 'pg';
import type { CentreClient } from '../../core/centre/centre-client';
import type { Outbox } from '../../core/centre/outbox';
import { OutboxSender, type OutboxSenderOptions } from '../../core/centre/outbox-sender';
import { writeCentreSealingKey } from '../../core/centre/sealing-key-file';
import { enrolTestKiosk } from './centre-kiosks';
import { APPROVED, idNumber, openRegistryIn, registration, type TestRegistry } from './registry';

export type OutboxKiosk = TestRegistry & { outbox: Outbox };

export function openOutboxKiosk(dir: string, centreUrl: string, kioskId: string, now?: () => Date): OutboxKiosk {
  const kiosk = openRegistryIn(dir, { kioskId, centre: { url: centreUrl } }, now);
  if (!kiosk.outbox) throw new Error('a kiosk with a centre configured has an outbox');
  return kiosk as OutboxKiosk;
}

/**
 * Enrols the kiosk, stores the centre's sealing key where the kiosk looks for it, and
 * leases its credit-code blocks (a kiosk of a centre issues from nothing else), as the
 * kiosk's first pull does.
 */
export async function enrolOutboxKiosk(centreUrl: string, pool: pg.Pool, kioskId: string, dataDir: string): Promise<{ client: CentreClient; keysDir: string }> {
  const keysDir = join(dataDir, 'keys');
  const { client } = await enrolTestKiosk(centreUrl, pool, kioskId, dataDir, keysDir);
  writeCentreSealingKey(keysDir, (await client.sealingKey()).publicKey);
  const kiosk = openOutboxKiosk(dataDir, centreUrl, kioskId);
  try {
    const leases = kiosk.leasedCreditCodes!;
    leases.store((await client.leaseCreditCodes({ region: leases.region, usedUp: [] })).leases);
  } finally {
    kiosk.db.close();
  }
  return { client, keysDir };
}

/** Licence n: the registration, approved (decision + licence), and the applicant's rating. */
export function recordLicence(kiosk: TestRegistry, n: number): { applicationId: string; creditCode: string; idNumber: string } {
  const application = kiosk.registry.submit(registration(n));
  const { licence } = kiosk.registry.decide(application.id, APPROVED);
  kiosk.audit.append('journey.rated', { stars: 1 + (n % 5), service: 'registration', outcome: 'approve' });
  return { applicationId: application.id, creditCode: licence!.creditCode, idNumber: idNumber(n) };
}

export function outboxSender(kiosk: OutboxKiosk, client: CentreClient, keysDir: string, options: Partial<OutboxSenderOptions> = {}): OutboxSender {
  return new OutboxSender({ outbox: kiosk.outbox, client, keysDir, logger: console, ...options });
}

/** Sends batches until nothing waits; the answers, in order. */
export async function drain(sender: OutboxSender): Promise<{ watermark: number; applied: number; sent: number }[]> {
  const answers = [];
  for (let answer = await sender.syncOnce(); answer; answer = await sender.syncOnce()) answers.push(answer);
  return answers;
}
