/**
 * Serves the handwriting pad alone on a page, with the template file the build ships
 * (dist/renderer/handwriting/templates.bin, so `npm run build` first): the pad's entry is
 * bundled by esbuild into a temporary folder served over loopback HTTP.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { readStaticFile } from '../../core/host/static-files';

export interface PadPage {
  readonly url: string;
  close(): Promise<void>;
}

export async function servePadPage(): Promise<PadPage> {
  const dir = mkdtempSync(join(tmpdir(), 'handwriting-pad-'));
  await build({
    entryPoints: { pad: join(process.cwd(), 'renderer', 'src', 'input', 'handwriting', 'pad-alone.tsx') },
    outdir: dir,
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="pad.css"></head><body><div id="root"></div><script type="module" src="pad.js"></script></body></html>',
  );
  mkdirSync(join(dir, 'handwriting'));
  copyFileSync(join(process.cwd(), 'dist', 'renderer', 'handwriting', 'templates.bin'), join(dir, 'handwriting', 'templates.bin'));
  const server = createServer((request, response) => {
    void readStaticFile(dir, request.url ?? '/').then((file) => {
      if (!file) return response.writeHead(404).end();
      response.writeHead(200, { 'content-type': file.contentType }).end(file.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
