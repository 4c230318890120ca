/**
 * Pushes the outbox to the centre, oldest first, one batch at a time: a batch is
 * deleted only up to the watermark the centre answers, so a batch whose answer is lost
 * (the kiosk killed, the connection cut) is sent again and the centre's inbox applies
 * it once. While the centre cannot be reached (or refuses) the sender waits longer
 * after each failure, up to a limit; records keep their order and are never dropped.
 */
import type { Logger } from '../log';
import { SYNC_BATCH_MAX, type SyncAnswer } from '../../protocol/centre-sync';
import type { CentreClient } from './centre-client';
import type { Outbox } from './outbox';
import { writeCentreSealingKey } from './sealing-key-file';

export interface OutboxSenderOptions {
  outbox: Outbox;
  client: Pick<CentreClient, 'sync' | 'sealingKey'>;
  /** Where the centre's sealing key is stored once fetched. */
  keysDir: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  batchSize?: number;
  /** How often to look for new records when nobody nudges (new records nudge at once). */
  idleMs?: number;
  /** The first wait after a failure, doubled after each further one up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** After each batch the centre acknowledged. */
  onSynced?: (answer: SyncAnswer & { sent: number; pending: number }) => void;
}

export class OutboxSender {
  private running = false;
  private failures = 0;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: OutboxSenderOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.interrupt();
    await this.loop;
  }

  /** New records are waiting: send them now unless the sender is backing off. */
  nudge(): void {
    if (this.failures === 0) this.interrupt();
  }

  /** One batch: sends the oldest records and forgets those the centre acknowledges. Null when nothing waits. */
  async syncOnce(): Promise<(SyncAnswer & { sent: number; pending: number }) | null> {
    const { outbox, client, keysDir } = this.options;
    if (!outbox.hasSealingKey) outbox.useSealingKey(writeCentreSealingKey(keysDir, (await client.sealingKey()).publicKey));
    const records = outbox.pending(Math.min(this.options.batchSize ?? 100, SYNC_BATCH_MAX));
    if (records.length === 0) return null;
    const answer = await client.sync({ records });
    outbox.acknowledge(answer.watermark);
    const result = { ...answer, sent: records.length, pending: outbox.size() };
    this.options.onSynced?.(result);
    return result;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let wait: number;
      try {
        const result = await this.syncOnce();
        this.failures = 0;
        if (result && result.pending > 0) continue;
        wait = this.options.idleMs ?? 2000;
      } catch (error) {
        this.failures += 1;
        wait = Math.min((this.options.backoffMs ?? 1000) * 2 ** (this.failures - 1), this.options.maxBackoffMs ?? 60_000);
        const log = this.failures === 1 ? this.options.logger.warn : this.options.logger.error;
        log.call(this.options.logger, { err: (error as Error).message, failures: this.failures, retryInMs: wait, pending: this.options.outbox.size() }, 'outbox not synced with the centre; will retry');
      }
      await this.sleep(wait);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((done) => {
      this.wake = done;
      this.timer = setTimeout(done, ms);
    });
  }

  private interrupt(): void {
    clearTimeout(this.timer);
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
