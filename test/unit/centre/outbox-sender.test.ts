// The sender against a centre that cannot be reached for a while (a fake client: this
// tests the sender alone; the real centre is in test/integration/centre/sync*.test.ts):
// it waits twice as long after each failure, up to its limit, deletes nothing until a
// batch is acknowledged, and then sends everything in sequence order.
import { generateKeyPairSync } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CentreUnavailableError } from '../../../core/centre/centre-client';
import { OutboxSender } from '../../../core/centre/outbox-sender';
import { SyncRequest } from '../../../protocol/centre-sync';
import { openTestRegistry, type TestRegistry } from '../../support/registry';
import { recordLicence } from '../../support/outbox-kiosk';

let kiosk: TestRegistry;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  kiosk = openTestRegistry({ centre: { url: 'http://127.0.0.1:9' } });
  // A kiosk of a centre issues only from a leased block: one as the centre would lease it.
  const leases = kiosk.leasedCreditCodes!;
  leases.store([{ id: 1, region: leases.region, prefix: 'C0', firstSerial: 1, lastSerial: 1000, expiresAt: new Date(Date.now() + 86_400_000).toISOString() }]);
});
afterEach(() => {
  vi.useRealTimers();
  kiosk.db.close();
  rmSync(kiosk.dir, { recursive: true, force: true });
});

it('backs off 1, 2, 4, 8 s while the centre is unreachable, then sends every record once, in order', async () => {
  for (let n = 0; n < 4; n++) recordLicence(kiosk, n);
  const outbox = kiosk.outbox!;
  const waiting = outbox.pending(1000).map((record) => record.sequence);
  const attempts: number[] = [];
  const received: number[] = [];
  let unreachable = 4;
  const client = {
    sealingKey: async () => ({ keyId: '00000000', publicKey: generateKeyPairSync('x25519').publicKey.export({ format: 'pem', type: 'spki' }).toString() }),
    sync: async ({ records }: SyncRequest) => {
      attempts.push(Date.now());
      if (unreachable-- > 0) throw new CentreUnavailableError('connect ECONNREFUSED');
      // As the centre checks it: licences recorded before the key was known go with personal: null.
      received.push(...SyncRequest.parse({ records }).records.map((record) => record.sequence));
      return { watermark: records.at(-1)!.sequence, applied: records.length };
    },
  };
  const synced = vi.fn();
  const sender = new OutboxSender({ outbox, client, keysDir: join(kiosk.dir, 'keys'), logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() }, batchSize: 5, onSynced: synced });
  sender.start();
  for (const wait of [0, 1000, 2000, 4000]) {
    await vi.advanceTimersByTimeAsync(wait);
    expect(outbox.size()).toBe(waiting.length); // nothing is dropped while unacknowledged
  }
  // Reachable at the fifth attempt: batch after batch, without waiting, until the outbox is empty.
  await vi.advanceTimersByTimeAsync(8000);
  await vi.waitFor(() => expect(outbox.size()).toBe(0));
  await sender.stop();
  expect(attempts.slice(1, 5).map((at, i) => at - attempts[i]!)).toEqual([1000, 2000, 4000, 8000]);
  expect(received).toEqual(waiting);
  expect(synced).toHaveBeenCalledTimes(Math.ceil(waiting.length / 5));
  // Emptied, the outbox still knows the last sequence it gave: the watermark that covers everything.
  expect(outbox.lastSequence()).toBe(waiting.at(-1));
  expect(synced).toHaveBeenLastCalledWith(expect.objectContaining({ watermark: outbox.lastSequence(), pending: 0 }));
});
