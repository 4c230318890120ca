/**
 * Live fleet updates for the open pages of this centre process. The truth is in
 * PostgreSQL, and any centre process may receive a kiosk's heartbeat, so each process
 * LISTENs on the fleet channel with one connection of its own: a NOTIFY (sent on
 * commit by whichever process wrote) names the kiosks that changed; the process reads
 * those kiosks once, whatever the number of pages open, and pushes them to every
 * page's server-sent-event stream. Chosen over polling per page: an update reaches the
 * pages within one query of the commit, and 20 open pages cost one query, not 20 a
 * second. A NOTIFY sent while the listening connection was down is lost, so after a
 * reconnection every page gets a whole snapshot again.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Pool, PoolClient } from 'pg';
import { FLEET_CHANNEL } from './fleet-notify';
import type { FleetKioskView } from './fleet-view';

export interface FleetLiveOptions {
  pool: Pool;
  log: Logger;
  /** Reads the kiosks' views (all of them when undefined). */
  read(kioskIds?: readonly string[]): Promise<FleetKioskView[]>;
  /** The snapshot a page gets when it connects or after a reconnection. */
  snapshot(): Promise<unknown>;
  /** Changes that arrive within this window are read together. */
  batchMs?: number;
  /** A comment line this often keeps proxies from closing an idle stream. */
  keepAliveMs?: number;
  reconnectMs?: number;
}

export class FleetLive {
  private readonly pages = new Set<ServerResponse>();
  private readonly changed = new Set<string>();
  private listener: PoolClient | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly keepAlive: NodeJS.Timeout;
  private stopped = false;
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly options: FleetLiveOptions) {
    this.keepAlive = setInterval(() => this.broadcast(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
    this.keepAlive.unref();
  }

  async start(): Promise<void> {
    const client = await this.options.pool.connect();
    client.on('notification', (message) => {
      if (message.channel !== FLEET_CHANNEL || !message.payload) return;
      for (const id of message.payload.split(',')) this.changed.add(id);
      this.flushTimer ??= setTimeout(() => this.flush(), this.options.batchMs ?? 50);
    });
    client.on('error', (error) => this.lost(client, error));
    try {
      await client.query(`LISTEN ${FLEET_CHANNEL}`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    if (this.stopped) client.release(true);
    else this.listener = client;
  }

  /** Opens a page's event stream: the whole fleet first, then each kiosk as it changes. */
  async open(response: ServerResponse): Promise<void> {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    response.write('retry: 2000\n\n');
    const snapshot = await this.options.snapshot();
    response.write(event('snapshot', snapshot));
    this.pages.add(response);
    response.on('close', () => this.pages.delete(response));
  }

  get openPages(): number {
    return this.pages.size;
  }

  /** Ends every page's stream and gives the listening connection back (synchronous: the pool may end next). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.keepAlive);
    clearTimeout(this.flushTimer);
    clearTimeout(this.reconnectTimer);
    for (const page of this.pages) page.end();
    this.pages.clear();
    this.listener?.release(true);
    this.listener = undefined;
  }

  private flush(): void {
    this.flushTimer = undefined;
    const ids = [...this.changed];
    this.changed.clear();
    if (ids.length === 0 || this.pages.size === 0) return;
    this.reading = this.reading
      .then(async () => {
        for (const kiosk of await this.options.read(ids)) this.broadcast(event('kiosk', kiosk));
      })
      .catch((error: Error) => this.options.log.error({ err: error.message }, 'fleet update could not be read'));
  }

  private broadcast(text: string): void {
    for (const page of this.pages) page.write(text);
  }

  private lost(client: PoolClient, error: Error): void {
    this.options.log.warn({ err: error.message }, 'fleet listener lost its connection; reconnecting');
    client.release(true);
    if (this.listener === client) this.listener = undefined;
    this.reconnectLater();
  }

  reconnectLater(): void {
    if (this.stopped) return;
    this.reconnectTimer = setTimeout(() => {
      this.start()
        .then(() => this.resync())
        .catch((error: Error) => {
          this.options.log.warn({ err: error.message }, 'fleet listener could not reconnect; trying again');
          this.reconnectLater();
        });
    }, this.options.reconnectMs ?? 1000);
  }

  /** Changes may have been missed while the listener was away: every page gets the whole fleet again. */
  private async resync(): Promise<void> {
    if (this.pages.size === 0) return;
    this.broadcast(event('snapshot', await this.options.snapshot()));
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
