/**
 * A kiosk as a process of its own for the sync's kill -9 trials: it opens its database
 * (centre configured, so events go to the outbox), records `licences` licences if asked,
 * then sends its outbox to the centre batch by batch with the real sender, printing one
 * JSON line per acknowledged batch ({ watermark, applied, sent, pending }), and exits 0
 * once nothing waits.
 *
 * env OUTBOX_KIOSK: JSON { dir, centreUrl, kioskId, licences, batchSize }.
 */
import { join } from 'node:path';
import { CentreClient } from '../../core/centre/centre-client';
import { loadSigningKey } from '../../core/signing/kiosk-keys';
import { drain, openOutboxKiosk, outboxSender, recordLicence } from './outbox-kiosk';

export interface OutboxKioskProcess {
  dir: string;
  centreUrl: string;
  kioskId: string;
  licences: number;
  batchSize: number;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.OUTBOX_KIOSK ?? '{}') as OutboxKioskProcess;
  const kiosk = openOutboxKiosk(options.dir, options.centreUrl, options.kioskId);
  for (let n = 0; n < options.licences; n++) recordLicence(kiosk, n);
  process.stdout.write(`${JSON.stringify({ recorded: options.licences, pending: kiosk.outbox.size() })}\n`);
  const keysDir = join(options.dir, 'keys');
  const client = new CentreClient({ url: options.centreUrl, kioskId: options.kioskId, privateKey: loadSigningKey(keysDir).privateKey, timeoutMs: 60_000 });
  const sender = outboxSender(kiosk, client, keysDir, {
    batchSize: options.batchSize,
    onSynced: ({ watermark, applied, sent, pending }) => process.stdout.write(`${JSON.stringify({ watermark, applied, sent, pending })}\n`),
  });
  await drain(sender);
  kiosk.db.close();
}

main().catch((error: Error) => {
  process.stderr.write(`outbox-kiosk: ${error.message}\n`);
  process.exit(2);
});
