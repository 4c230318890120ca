/**
 * The network between one kiosk and the centre, in the test's hands: an HTTP proxy on a
 * fixed loopback port that forwards to the centre (whose port changes when it is
 * restarted), and can be cut (connections reset), hold one request until the test
 * releases it, or forward a request and lose its reply.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CentreLink {
  url: string;
  /** Where requests go; null: the link is cut. */
  target: string | null;
  /** The next request to `path` waits: `arrived` resolves when it does, `release()` lets it through. */
  hold(path: string): { arrived: Promise<void>; release(): void };
  /** The next request to `path` reaches the centre, but its reply never reaches the kiosk. */
  loseReplyOf(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCentreLink(target: string | null): Promise<CentreLink> {
  const holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  const losses = new Map<string, () => void>();
  const link = { target } as CentreLink;

  async function forward(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const path = incoming.url ?? '/';
    const hold = holds.get(path);
    if (hold) {
      holds.delete(path);
      hold.arrived();
      await hold.released;
    }
    if (!link.target) {
      incoming.socket.destroy();
      return;
    }
    const lose = losses.get(path);
    losses.delete(path);
    const upstream = httpRequest(new URL(path, link.target), { method: incoming.method, headers: incoming.headers }, (answer) => {
      if (lose) {
        // The centre answered and committed; the kiosk hears nothing.
        answer.resume();
        answer.once('end', () => {
          incoming.socket.destroy();
          lose();
        });
        return;
      }
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.once('error', () => incoming.socket.destroy());
    incoming.pipe(upstream);
  }

  const server: Server = createServer((incoming, outgoing) => void forward(incoming, outgoing));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  link.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  link.hold = (path) => {
    let arrived!: () => void;
    let release!: () => void;
    const arrival = new Promise<void>((done) => (arrived = done));
    const released = new Promise<void>((done) => (release = done));
    holds.set(path, { arrived, released });
    return { arrived: arrival, release };
  };
  link.loseReplyOf = (path) => new Promise<void>((done) => losses.set(path, done));
  link.close = async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  };
  return link;
}
