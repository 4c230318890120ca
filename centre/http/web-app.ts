/**
 * The staff and public pages' web app (centre/web, built by Vite into dist/centre-web):
 * its hashed assets under /assets/, and the one HTML page every page route answers
 * with, once the route has decided the status (200, 403, 404…). The browser app picks
 * the page from the path (centre/web/src/pages/registry.ts).
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { ANSWERED, type CentreRoute } from './routes';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Same-origin only; no inline script or style (Vite emits none); nothing may frame the pages. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // A /v/<payload> URL must not leak to other sites through the Referer header.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export interface WebApp {
  routes: CentreRoute[];
  /** Answers the app's HTML page with this status; the browser app shows the page for the path. */
  sendPage(response: ServerResponse, status?: number): Promise<typeof ANSWERED>;
}

export class WebAppMissingError extends Error {}

export function webApp(webDir: string): WebApp {
  let page: Promise<Buffer> | undefined;
  const indexHtml = () =>
    (page ??= readFile(join(webDir, 'index.html')).catch((error: unknown) => {
      page = undefined;
      throw new WebAppMissingError(`the centre's web app is not built (${(error as Error).message}): run \`npm run build\``);
    }));

  return {
    async sendPage(response, status = 200) {
      const body = await indexHtml();
      response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store', ...PAGE_SECURITY_HEADERS });
      response.end(body);
      return ANSWERED;
    },
    routes: [
      {
        method: 'GET',
        // Vite's hashed file names: no folder, no way out of assets/.
        path: /^\/assets\/([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:js|css|svg|png|woff2|map))$/,
        handle: async ({ response, params }) => {
          const name = params[0]!;
          let body: Buffer;
          try {
            body = await readFile(join(webDir, 'assets', name));
          } catch {
            response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
            return ANSWERED;
          }
          // The name changes with the content, so the browser may keep it for good.
          response.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
          response.end(body);
          return ANSWERED;
        },
      },
    ],
  };
}
