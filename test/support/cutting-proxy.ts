/**
 * A TCP proxy of the tests' own between kiosks and the centre (or the centre and
 * PostgreSQL) that cuts a connection at a chosen point of one HTTP exchange:
 * - `before-request`: the request never reaches the centre;
 * - `after-request`: the centre has the whole request and has started to answer (so it
 *   has done the work), the kiosk gets no reply;
 * - `mid-reply`: the kiosk gets the status and headers and half the body, then nothing.
 * It also keeps the bytes of the requests to each path, so a test can deliver the
 * very same request again (a replay), and it can be pointed at another target while it
 * runs (a restarted centre on a new port, a promoted standby).
 *
 * Hand-written on node:net rather than a library: the cut points are defined by where
 * an HTTP exchange stands (request line seen, first reply byte), which the generic
 * fault proxies (toxiproxy and its kin: a Go server, latency/bandwidth toxics) do not
 * offer, and this needs no server of its own.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type CutPoint = 'before-request' | 'after-request' | 'mid-reply';

export type ProxyTarget = { host: string; port: number } | { path: string };

export interface CutPlan {
  at: CutPoint;
  /** The request path whose exchange is cut (the next one after cutNext). */
  path: string;
  /** Runs at the cut, before the sockets close (e.g. kill -9 the centre after it did the work). */
  onCut?: () => void | Promise<void>;
}

interface Armed extends CutPlan {
  cut: () => void;
}

const REQUEST_LINE = /^(?:GET|POST|PUT|DELETE) (\S+) HTTP\/1\.1\r\n/;

export class CuttingProxy {
  private readonly sockets = new Set<Socket>();
  private readonly requests = new Map<string, Buffer[]>();
  private armed: Armed | null = null;

  private constructor(
    private readonly server: Server,
    public target: ProxyTarget,
  ) {}

  static async start(target: ProxyTarget): Promise<CuttingProxy> {
    const server = createServer();
    const proxy = new CuttingProxy(server, target);
    server.on('connection', (client) => proxy.relay(client));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Cuts the next exchange on `plan.path` at `plan.at`; resolves once it is cut. */
  cutNext(plan: CutPlan): Promise<void> {
    if (this.armed) throw new Error(`a cut is already armed for ${this.armed.path}`);
    return new Promise((done) => {
      this.armed = { ...plan, cut: done };
    });
  }

  /** The bytes of every request to `path` that reached the target, oldest first. */
  captured(path: string): Buffer[] {
    return this.requests.get(path) ?? [];
  }

  /** Sends `bytes` as they are on a new connection to the target; the reply's status and body. */
  replay(bytes: Buffer): Promise<{ status: number; body: string }> {
    return new Promise((done, fail) => {
      const upstream = this.connectUpstream();
      let reply = Buffer.alloc(0);
      upstream.on('data', (chunk: Buffer) => {
        reply = Buffer.concat([reply, chunk]);
        const parsed = completeReply(reply);
        if (parsed) {
          upstream.destroy();
          done(parsed);
        }
      });
      upstream.on('error', fail);
      upstream.on('close', () => fail(new Error('the target closed before a whole reply')));
      upstream.write(bytes);
    });
  }

  /** Closes every connection that goes through (the cable pulled), keeping the listener. */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise((done) => this.server.close(done));
  }

  private connectUpstream(): Socket {
    return 'path' in this.target ? createConnection({ path: this.target.path }) : createConnection({ host: this.target.host, port: this.target.port });
  }

  private relay(client: Socket): void {
    const upstream = this.connectUpstream();
    this.sockets.add(client).add(upstream);
    /** The exchange under way on this connection: its path, its request bytes so far, whether it is to be cut. */
    let exchange: { path: string; request: Buffer[]; plan: Armed | null } | null = null;
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    const cutHere = async (plan: Armed) => {
      await plan.onCut?.();
      closeBoth();
      plan.cut();
    };

    client.on('data', (chunk: Buffer) => {
      const line = REQUEST_LINE.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 2048)));
      if (line) {
        const plan = this.armed?.path === line[1] ? this.armed : null;
        if (plan) this.armed = null;
        exchange = { path: line[1]!, request: [], plan };
        if (plan?.at === 'before-request') {
          void cutHere(plan);
          return;
        }
      }
      exchange?.request.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      const current = exchange;
      if (current && current.request.length > 0) {
        this.requests.set(current.path, [...this.captured(current.path), Buffer.concat(current.request)]);
        current.request = [];
      }
      const plan = current?.plan;
      if (!plan) {
        client.write(chunk);
        return;
      }
      current.plan = null;
      upstream.pause();
      if (plan.at === 'mid-reply') {
        const headerEnd = chunk.indexOf('\r\n\r\n') + 4;
        client.write(chunk.subarray(0, headerEnd + Math.floor((chunk.length - headerEnd) / 2)), () => void cutHere(plan));
        return;
      }
      void cutHere(plan);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', closeBoth);
      socket.on('close', () => {
        this.sockets.delete(socket);
        closeBoth();
      });
    }
  }
}

/** Status and body once `reply` holds a whole HTTP reply with a content-length, else null. */
function completeReply(reply: Buffer): { status: number; body: string } | null {
  const headerEnd = reply.indexOf('\r\n\r\n');
  if (headerEnd < 0) return null;
  const head = reply.toString('latin1', 0, headerEnd);
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
  if (reply.length < headerEnd + 4 + length) return null;
  return { status: Number(head.split(' ')[1]), body: reply.toString('utf8', headerEnd + 4, headerEnd + 4 + length) };
}
