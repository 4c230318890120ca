/**
 * The kiosk without Electron: serves the built renderer on 127.0.0.1 and carries the
 * contract over a WebSocket. Only a page that holds this launch's token, loaded from
 * this host's own origin, may connect.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MessagePortLike } from '../contract';
import type { ContractServer } from '../ipc/contract-server';
import { serveMessageConnection } from '../ipc/message-connection';
import { contentSecurityPolicy, SECURITY_HEADERS } from './security-headers';
import { readStaticFile } from './static-files';

export const WEBSOCKET_PATH = '/kiosk';

export interface BrowserHostOptions {
  server: ContractServer;
  rendererDir: string;
  port: number;
  /** Fixed only in tests; otherwise a fresh random token per launch. */
  token?: string;
}

export interface BrowserHost {
  /** The page to open, carrying the token in the fragment (never sent to the server in requests). */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const http = createServer();
  await listen(http, options.port);
  const port = (http.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  http.on('request', (req, res) => {
    void (async () => {
      // A wrong Host header means DNS rebinding or a confused client: refuse.
      if (!allowedHosts.has(req.headers.host ?? '') || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 421 : 405).end();
        return;
      }
      const file = await readStaticFile(options.rendererDir, req.url ?? '/');
      if (!file) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': file.contentType,
        'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`]),
        'Cache-Control': 'no-store',
        ...SECURITY_HEADERS,
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  http.on('upgrade', (req, socket, head) => {
    const refusal = refuseUpgrade(req, { token, origin, allowedHosts });
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveMessageConnection(options.server, wrapWebSocket(ws), `ws:${req.socket.remotePort}`));
  });

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function refuseUpgrade(
  req: IncomingMessage,
  expected: { token: string; origin: string; allowedHosts: Set<string> },
): string | undefined {
  const url = new URL(req.url ?? '/', expected.origin);
  if (url.pathname !== WEBSOCKET_PATH || !expected.allowedHosts.has(req.headers.host ?? '')) return '404 Not Found';
  if (req.headers.origin !== expected.origin) return '403 Forbidden';
  if (!sameToken(url.searchParams.get('token') ?? '', expected.token)) return '401 Unauthorized';
  return undefined;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function wrapWebSocket(ws: WebSocket): MessagePortLike {
  return {
    send: (text) => {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
    onMessage: (listener) => ws.on('message', (data, isBinary) => listener(isBinary ? '' : data.toString())),
    onClose: (listener) => ws.on('close', listener),
    close: () => ws.close(),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
