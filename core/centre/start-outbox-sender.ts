/** The outbox's sender as the kiosk core runs it: signed with the kiosk's key, nudged by every new audit entry. */
import type { AuditLog } from '../audit/audit-log';
import type { KioskConfig } from '../config/schema';
import type { Logger } from '../log';
import type { SigningKey } from '../signing/kiosk-keys';
import { CentreClient } from './centre-client';
import type { Outbox } from './outbox';
import { OutboxSender, type OutboxSenderOptions } from './outbox-sender';

export interface OutboxSenderDeps {
  outbox: Outbox;
  config: KioskConfig;
  signingKey: SigningKey;
  audit: AuditLog;
  keysDir: string;
  logger: Logger;
  /** After each batch the centre acknowledged (a simulated kiosk waits for its watermark). */
  onSynced?: OutboxSenderOptions['onSynced'];
}

export function startOutboxSender({ outbox, config, signingKey, audit, keysDir, logger, onSynced }: OutboxSenderDeps): OutboxSender | null {
  if (!config.centre) return null;
  const client = new CentreClient({ url: config.centre.url, kioskId: config.kioskId, privateKey: signingKey.privateKey, timeoutMs: config.centre.timeoutMs });
  const sender = new OutboxSender({ outbox, client, keysDir, logger, onSynced });
  // Observers run inside the entry's transaction; the nudge only wakes the sender, which sends after the commit.
  audit.observe(() => sender.nudge());
  sender.start();
  return sender;
}
