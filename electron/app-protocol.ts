/**
 * The renderer is served from app://kiosk/ rather than file://, so it has a real
 * origin for the CSP, the permission handler and the IPC sender checks.
 */
import type { Protocol } from 'electron';
import { contentSecurityPolicy, SECURITY_HEADERS } from '../core/host/security-headers';
import { readStaticFile } from '../core/host/static-files';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://kiosk';
export const APP_URL = `${APP_ORIGIN}/index.html`;

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'kiosk') return new Response('not found', { status: 404 });
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      headers: { 'Content-Type': file.contentType, 'Content-Security-Policy': contentSecurityPolicy(), ...SECURITY_HEADERS },
    });
  });
}
