/**
 * Reading rendered documents back as a person's tools would: poppler's pdftotext,
 * pdffonts and pdfinfo, and pdftoppm + zbarimg for the QR code. A missing tool fails
 * with `run scripts/setup-system`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(tool: string, args: readonly string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', timeout: 30_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`${tool} is not installed (poppler-utils / zbar-tools): run scripts/setup-system`);
  }
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** The text as laid out, or (raw) in the order it was drawn: one field, one paragraph, one seal arc at a time. */
export function pdfText(file: string, mode: 'layout' | 'raw' = 'layout'): string {
  return run('pdftotext', [mode === 'raw' ? '-raw' : '-layout', file, '-']);
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  const lines = run('pdffonts', [file]).split('\n').slice(2).filter((line) => line.trim());
  return lines.map((line) => {
    // name type… encoding emb sub uni object ID: the flags are the 5th to 3rd last fields.
    const fields = line.trim().split(/\s+/);
    return { name: fields[0] ?? '', type: fields.slice(1, -6).join(' '), embedded: fields.at(-5) === 'yes', subset: fields.at(-4) === 'yes' };
  });
}

export function pdfInfo(file: string): { pages: number; widthPt: number; heightPt: number } {
  const info = run('pdfinfo', [file]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), widthPt: Number(size?.[1]), heightPt: Number(size?.[2]) };
}

/** Rasterises the first page and returns what zbarimg decodes from it, one entry per symbol. */
export function scanQrCodes(file: string, dpi = 200): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'scan-'));
  try {
    const base = join(dir, 'page');
    run('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', '-f', '1', '-l', '1', file, base]);
    return scanPng(`${base}.png`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function scanPng(file: string): string[] {
  const result = spawnSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file], { encoding: 'utf8', timeout: 30_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error('zbarimg is not installed (zbar-tools): run scripts/setup-system');
  // zbarimg exits 4 when it finds no symbol.
  if (result.status === 4) return [];
  if (result.status !== 0) throw new Error(`zbarimg exited ${result.status}: ${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line.length > 0);
}
