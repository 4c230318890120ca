// The browser host over real sockets: it serves the renderer with a strict CSP and
// lets only a page from its own origin holding this launch's token use the contract.
import { request } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../core/host/browser-host';
import { startTestCore, type TestCore } from '../../support/core';

let core: TestCore;
let host: BrowserHost;
const rendererDir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));

beforeAll(async () => {
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');
  core = await startTestCore();
  host = await startBrowserHost({ server: core.server, rendererDir, port: 0 });
});

afterAll(async () => {
  await host.close();
  await core.dispose();
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(`${host.origin}${path}`, { method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(options: { token?: string; origin?: string; host?: string }) {
  const url = `ws://127.0.0.1:${new URL(host.origin).port}/kiosk?token=${encodeURIComponent(options.token ?? host.token)}`;
  const headers: Record<string, string> = {};
  if (options.host) headers.Host = options.host;
  return new WebSocket(url, { origin: options.origin ?? host.origin, headers });
}

function refusal(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

function callOver(ws: WebSocket, method: string, params: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e6);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.kind === 'result' && message.id === id) resolve(message);
    });
    ws.send(JSON.stringify({ kind: 'call', id, method, params }));
  });
}

describe('the browser host', () => {
  it('listens on loopback only and hands out a URL carrying the launch token in the fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with a strict content security policy', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>kiosk</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/..%2f..%2foutside-secret.txt']) {
      const response = await get(path);
      expect(response.body).not.toContain('secret');
    }
  });

  it('refuses requests for another host name (DNS rebinding) and anything but GET', async () => {
    expect((await get('/', { Host: 'evil.example:80' })).status).toBe(421);
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });

  it('refuses a WebSocket without the right token', async () => {
    expect(await refusal(connect({ token: 'wrong' }))).toBe(401);
    expect(await refusal(connect({ token: '' }))).toBe(401);
  });

  it('refuses a WebSocket from another origin, even with the token', async () => {
    expect(await refusal(connect({ origin: 'http://evil.example' }))).toBe(403);
  });

  it('carries the contract for a page with the token', async () => {
    const ws = connect({});
    await new Promise((resolve) => ws.on('open', resolve));
    expect(await callOver(ws, 'app.info', {})).toMatchObject({ ok: true, value: { kioskId: 'DEV-KIOSK-01' } });
    expect(await callOver(ws, 'session.send', { type: 'START', extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const pushed = new Promise((resolve) =>
      ws.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.kind === 'event' && message.name === 'devices.status') resolve(message.payload);
      }),
    );
    core.devices.simulation?.thermal.fault('unplug');
    expect(await pushed).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'thermal', level: 'error', reasons: ['disconnected'] })]));
    ws.close();
  });
});
